#!/usr/bin/env python3
"""numpy + scipy baseline for the drift benchmark: the same tests `vigil drift --json` runs under
method "auto", on the same CSV files.

Reading: numpy.loadtxt (C parser since numpy 1.23) once for the numerical columns as float64 and once
for the categorical columns as str; pandas is not installed here (if it were, pandas.read_csv would be
the fairer fast reader). Column kinds are taken from the first data row, as the benchmark files are
clean; auto rules and binning follow docs/drift.md.

    python3 bench/drift/drift_baseline.py REF.csv CUR.csv
"""
import json
import sys

import numpy as np
from scipy import stats
from scipy.spatial import distance


def read(path):
    with open(path) as f:
        header = f.readline().rstrip('\n').split(',')
        first = f.readline().rstrip('\n').split(',')
    numeric = []
    for i, v in enumerate(first):
        try:
            float(v)
            numeric.append(i)
        except ValueError:
            pass
    cat = [i for i in range(len(header)) if i not in numeric]
    nums = np.loadtxt(path, delimiter=',', skiprows=1, usecols=numeric, dtype=np.float64, ndmin=2)
    cats = np.loadtxt(path, delimiter=',', skiprows=1, usecols=cat, dtype=str, ndmin=2) if cat else None
    cols = {}
    for k, i in enumerate(numeric):
        cols[header[i]] = ('numerical', nums[:, k])
    for k, i in enumerate(cat):
        cols[header[i]] = ('categorical', cats[:, k])
    return header, cols


def shares(ref, cur):
    labels, inv = np.unique(np.concatenate([ref, cur]), return_inverse=True)
    rc = np.bincount(inv[:len(ref)], minlength=len(labels))
    cc = np.bincount(inv[len(ref):], minlength=len(labels))
    return rc / rc.sum(), cc / cc.sum()


def main():
    ref_header, ref = read(sys.argv[1])
    _, cur = read(sys.argv[2])
    out = []
    for name in ref_header:
        kind, r = ref[name]
        _, c = cur[name]
        if len(r) <= 1000:
            if kind == 'numerical':
                res = stats.ks_2samp(r, c)
                stat, p, method, drifted = res.statistic, res.pvalue, 'ks', res.pvalue < 0.05
            else:
                labels, inv = np.unique(np.concatenate([r, c]), return_inverse=True)
                rc = np.bincount(inv[:len(r)], minlength=len(labels))
                cc = np.bincount(inv[len(r):], minlength=len(labels))
                res = stats.chisquare(cc, f_exp=rc * (cc.sum() / rc.sum()))
                stat, p, method, drifted = res.statistic, res.pvalue, 'chisquare', res.pvalue < 0.05
        elif kind == 'numerical' and len(np.unique(np.concatenate([r, c]))) > 5:
            stat = stats.wasserstein_distance(r, c) / max(np.std(r), 0.001)
            p, method, drifted = None, 'wasserstein', stat >= 0.1
        else:
            p_, q_ = shares(r, c)
            stat = distance.jensenshannon(p_, q_)
            p, method, drifted = None, 'jensenshannon', stat >= 0.1
        out.append({'name': name, 'kind': kind, 'method': method, 'statistic': float(stat),
                    'pValue': None if p is None else float(p), 'drifted': bool(drifted)})
    share = sum(c['drifted'] for c in out) / len(out)
    print(json.dumps({'columns': out, 'driftedShare': share, 'datasetDrift': share >= 0.5}))


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Golden vectors for Vigil's drift statistics, computed with scipy/numpy (an independent implementation).

Samples are not stored: each is described by a small spec and rebuilt bit-for-bit on both sides from the
mulberry32 generator using only + - * / and floor (correctly rounded in IEEE-754, so Python and
JavaScript produce identical doubles). The TypeScript tests rebuild them with golden-samples.ts.

Run from the repository root (needs numpy and scipy; the tests do not):
    python3 scripts/golden/generate_drift_golden.py
writes packages/server/test/fixtures/golden/drift-golden.json
"""
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'server', 'test', 'fixtures', 'golden',
                   'drift-golden.json')
M32 = 0xFFFFFFFF
ZERO_SHARE_FLOOR = 0.0001


def imul(a, b):
    return (a * b) & M32


def mulberry32(seed):
    state = seed & M32

    def nxt():
        nonlocal state
        state = (state + 0x6D2B79F5) & M32
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t = ((t + imul(t ^ (t >> 7), t | 61)) & M32) ^ t
        return ((t ^ (t >> 14)) & M32) / 4294967296.0

    return nxt


def sample(spec):
    """Rebuilds a sample from its spec; mirrored exactly by golden-samples.ts."""
    rnd = mulberry32(spec['seed'])
    n, shape = spec['n'], spec['shape']
    loc, scale, k = spec.get('loc', 0), spec.get('scale', 1), spec.get('k', 10)
    out = []
    for _ in range(n):
        if shape == 'normal':
            v = (rnd() + rnd() + rnd() + rnd() - 2) * scale + loc
        elif shape == 'uniform':
            v = rnd() * scale + loc
        elif shape == 'skew':
            u = rnd()
            v = u * u * u * scale + loc
        elif shape == 'int':
            v = math.floor(rnd() * k) + loc
        elif shape == 'cat':
            u = rnd()
            v = 'c' + str(math.floor(u * u * k) + loc)
        else:
            raise ValueError(shape)
        out.append(v)
    return out


def fnum(x):
    x = float(x)
    if math.isnan(x):
        return 'NaN'
    if math.isinf(x):
        return 'Infinity' if x > 0 else '-Infinity'
    return x


# ---------- special functions ----------

def kstwo_cases():
    ns = [1, 2, 3, 5, 8, 10, 25, 50, 100, 139, 140, 141, 200, 500, 1000, 5000, 20000, 99999, 100001, 300000,
          1000000, 1500000]
    cases = []
    for n in ns:
        xs = [0.4 / n, 0.75 / n, 1.0 / n, 1.5 / n, 3.0 / n]
        xs += [math.sqrt(c / n) for c in (0.3, 0.5, 0.754, 0.76, 1.0, 1.5, 2.0, 2.19, 2.21, 3.0, 3.99, 4.01,
                                          8.0, 17.0, 19.0, 50.0, 200.0, 369.0, 371.0)]
        xs += [(1.4 / n) ** (2 / 3) * f for f in (0.9, 1.1)]
        xs += [0.2, 0.3, 0.45, 0.5, 0.6, 0.9, 1 - 1.0 / n, 1 - 0.5 / n, 1.0]
        for x in sorted(set(xs)):
            if 0 < x <= 1:
                cases.append({'n': n, 'x': x, 'sf': fnum(stats.kstwo.sf(x, n))})
    return cases


def smirnov_cases():
    cases = []
    for n in (2, 5, 10, 50, 141, 1000, 20000, 500000, 2000000):
        for x in (0.01, 0.05, 0.1, 0.3, 0.5, 0.55, 0.8, 0.99):
            if n * x * x >= 2.2 or x >= 0.5:
                cases.append({'n': n, 'x': x, 'sf': fnum(special.smirnov(n, x))})
    return cases


def chi2_cases():
    cases = []
    for df in (1, 2, 3, 4, 5, 7, 10, 19, 50, 99, 100, 1000, 9999, 100000):
        xs = [0.001, 0.5, 3.84] + [df * f for f in (0.01, 0.1, 0.5, 0.9, 0.99, 1.0, 1.01, 1.1, 1.5, 2, 5, 20, 60)]
        for x in xs:
            cases.append({'df': df, 'x': x, 'sf': fnum(stats.chi2.sf(x, df))})
    return cases


# ---------- tests on samples ----------

def ks_cases():
    pairs = [(1, 1), (1, 2), (2, 1), (1, 5), (3, 3), (5, 7), (10, 10), (10, 15), (20, 30), (50, 50), (100, 80),
             (137, 141), (500, 499), (1000, 1000), (999, 1001), (3000, 2000), (10000, 10000), (10000, 9999),
             (10000, 10001), (10001, 10001), (15000, 12000), (12, 20000), (1, 20000), (200, 30000),
             (30000, 40000)]
    shifts = [0, 0.05, 0.25, 1.5]
    cases = []
    seed = 1000
    for i, (n1, n2) in enumerate(pairs):
        for j, shift in enumerate(shifts):
            if n1 * n2 > 1e8 and j % 2 == 1:
                continue
            shape = ['normal', 'int', 'uniform', 'skew'][(i + j) % 4]
            seed += 2
            ref = {'seed': seed, 'n': n1, 'shape': shape, 'loc': 0, 'scale': 1, 'k': 12}
            cur = {'seed': seed + 1, 'n': n2, 'shape': shape, 'loc': shift if shape != 'int' else int(shift * 4),
                   'scale': 1, 'k': 12}
            r = stats.ks_2samp(sample(ref), sample(cur))
            cases.append({'reference': ref, 'current': cur, 'statistic': fnum(r.statistic), 'pValue': fnum(r.pvalue)})
    # identical samples: D = 0, p = 1
    spec = {'seed': 7, 'n': 300, 'shape': 'normal', 'loc': 0, 'scale': 1}
    r = stats.ks_2samp(sample(spec), sample(spec))
    cases.append({'reference': spec, 'current': spec, 'statistic': fnum(r.statistic), 'pValue': fnum(r.pvalue)})
    return cases


def floor_both(p, q):
    nz = np.concatenate([p[p > 0], q[q > 0]])
    smallest = nz.min()
    f = smallest / 1e6 if smallest <= ZERO_SHARE_FLOOR else ZERO_SHARE_FLOOR
    return np.where(p == 0, f, p), np.where(q == 0, f, q)


def expected_counts(ref_counts, n_cur):
    n_ref = ref_counts.sum()
    if not (ref_counts == 0).any():
        return ref_counts * (n_cur / n_ref)
    shares = ref_counts / n_ref
    smallest = shares[shares > 0].min()
    f = smallest / 1e6 if smallest <= ZERO_SHARE_FLOOR else ZERO_SHARE_FLOOR
    shares = np.where(shares == 0, f, shares)
    return shares / shares.sum() * n_cur


def bin_pair(ref, cur, categorical):
    if categorical:
        labels = list(dict.fromkeys(ref))
        seen = set(labels)
        labels += [c for c in dict.fromkeys(cur) if c not in seen]
        idx = {l: i for i, l in enumerate(labels)}
        rc = np.zeros(len(labels))
        cc = np.zeros(len(labels))
        for v in ref:
            rc[idx[v]] += 1
        for v in cur:
            cc[idx[v]] += 1
        return rc, cc
    r = np.asarray(ref, dtype=float)
    c = np.asarray(cur, dtype=float)
    both = np.concatenate([r, c])
    uniq = np.unique(both)
    if len(uniq) > 20:
        edges = np.histogram_bin_edges(both, bins='sturges')
        return np.histogram(r, bins=edges)[0].astype(float), np.histogram(c, bins=edges)[0].astype(float)
    rc = np.array([np.sum(r == u) for u in uniq], dtype=float)
    cc = np.array([np.sum(c == u) for u in uniq], dtype=float)
    return rc, cc


def method_value(method, ref, cur, categorical):
    if method == 'ks':
        r = stats.ks_2samp(ref, cur)
        return r.statistic, r.pvalue
    if method == 'wasserstein':
        return stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001), None
    rc, cc = bin_pair(ref, cur, categorical)
    if method == 'chisquare':
        if len(rc) < 2:
            return 0.0, 1.0
        r = stats.chisquare(cc, f_exp=expected_counts(rc, cc.sum()))
        return r.statistic, r.pvalue
    p, q = rc / rc.sum(), cc / cc.sum()
    if method == 'jensenshannon':
        return distance.jensenshannon(p, q), None
    if method == 'hellinger':
        return np.sqrt(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)) / np.sqrt(2), None
    pf, qf = floor_both(p, q)
    if method == 'psi':
        return np.sum((qf - pf) * np.log(qf / pf)), None
    if method == 'kl':
        return stats.entropy(pf, qf), None
    raise ValueError(method)


def column_cases():
    numeric_specs = [
        # (reference spec, current spec)
        ({'n': 5, 'shape': 'normal'}, {'n': 7, 'shape': 'normal', 'loc': 0.5}),
        ({'n': 100, 'shape': 'normal'}, {'n': 120, 'shape': 'normal', 'loc': 0.1}),
        ({'n': 1000, 'shape': 'skew', 'scale': 10}, {'n': 800, 'shape': 'skew', 'scale': 12}),
        ({'n': 4000, 'shape': 'normal', 'scale': 3}, {'n': 5000, 'shape': 'normal', 'scale': 3, 'loc': 1}),
        ({'n': 20000, 'shape': 'uniform'}, {'n': 20000, 'shape': 'uniform', 'scale': 1.25}),
        ({'n': 1024, 'shape': 'uniform', 'scale': 100}, {'n': 1024, 'shape': 'uniform', 'scale': 100}),
        ({'n': 300, 'shape': 'int', 'k': 8}, {'n': 500, 'shape': 'int', 'k': 8, 'loc': 1}),
        ({'n': 2000, 'shape': 'int', 'k': 20}, {'n': 3000, 'shape': 'int', 'k': 21}),
        ({'n': 2000, 'shape': 'int', 'k': 100}, {'n': 3000, 'shape': 'int', 'k': 100, 'loc': 3}),
        ({'n': 50, 'shape': 'int', 'k': 3}, {'n': 60, 'shape': 'int', 'k': 3, 'loc': 5}),
        ({'n': 1, 'shape': 'normal'}, {'n': 1, 'shape': 'normal'}),
        ({'n': 200, 'shape': 'int', 'k': 1}, {'n': 100, 'shape': 'int', 'k': 1}),
        ({'n': 100000, 'shape': 'normal'}, {'n': 100000, 'shape': 'normal', 'loc': 0.01}),
    ]
    cat_specs = [
        ({'n': 50, 'shape': 'cat', 'k': 4}, {'n': 70, 'shape': 'cat', 'k': 4}),
        ({'n': 500, 'shape': 'cat', 'k': 10}, {'n': 400, 'shape': 'cat', 'k': 12}),
        ({'n': 2000, 'shape': 'cat', 'k': 30}, {'n': 2000, 'shape': 'cat', 'k': 30, 'loc': 2}),
        ({'n': 200000, 'shape': 'cat', 'k': 200}, {'n': 150000, 'shape': 'cat', 'k': 220}),
        ({'n': 30, 'shape': 'cat', 'k': 1}, {'n': 40, 'shape': 'cat', 'k': 1}),
        ({'n': 1000, 'shape': 'cat', 'k': 5}, {'n': 1000, 'shape': 'cat', 'k': 5, 'loc': 40}),
    ]
    methods_num = ['ks', 'wasserstein', 'psi', 'kl', 'jensenshannon', 'hellinger', 'chisquare']
    methods_cat = ['psi', 'kl', 'jensenshannon', 'hellinger', 'chisquare']
    cases = []
    seed = 50000
    for specs, methods, categorical in ((numeric_specs, methods_num, False), (cat_specs, methods_cat, True)):
        for ref_s, cur_s in specs:
            seed += 2
            ref_spec = {'seed': seed, **ref_s}
            cur_spec = {'seed': seed + 1, **cur_s}
            ref, cur = sample(ref_spec), sample(cur_spec)
            for m in methods:
                stat, p = method_value(m, ref, cur, categorical)
                cases.append({'kind': 'categorical' if categorical else 'numerical', 'method': m,
                              'reference': ref_spec, 'current': cur_spec, 'statistic': fnum(stat),
                              'pValue': None if p is None else fnum(p)})
    return cases


def main():
    data = {
        'generator': 'scripts/golden/generate_drift_golden.py',
        'versions': {'python': sys.version.split()[0], 'numpy': np.__version__, 'scipy': scipy.__version__},
        'kstwo': kstwo_cases(),
        'smirnov': smirnov_cases(),
        'chi2': chi2_cases(),
        'ks2samp': ks_cases(),
        'columns': column_cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(data, f, indent=None, separators=(',', ':'))
        f.write('\n')
    counts = {k: len(v) for k, v in data.items() if isinstance(v, list)}
    print(f'wrote {os.path.normpath(OUT)}: {counts}')


if __name__ == '__main__':
    main()

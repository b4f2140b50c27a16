"""Golden vectors for analysis/performance, computed with numpy/scipy from the textbook definitions.

scikit-learn is not installed here, so every metric is written out below (and matches sklearn's
conventions: macro = unweighted mean over the union of true and predicted classes, zero division -> 0,
macro F1 = mean of per-class F1, ROC AUC = Mann-Whitney U with mid-ranks for ties, one-vs-rest macro
for multiclass, log loss with probabilities renormalised and clipped to [1e-15, 1 - 1e-15]).

Run from the repository root:  python3 scripts/golden/generate_performance_golden.py
Writes packages/server/test/fixtures/golden/performance-golden.json (committed; tests never run python).
Scores and probabilities lie on a 0.01 grid so the tests can also check the 1,000-bin score histograms
(which are exact when no two distinct scores share a bin) to 1e-9.
"""
import json
import numpy as np
from scipy.stats import rankdata

rng = np.random.default_rng(4242)
EPS = 1e-15


def roc_auc(scores, positive):
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(positive, dtype=bool)
    n_pos, n_neg = positive.sum(), (~positive).sum()
    ranks = rankdata(scores)  # mid-ranks for ties
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def class_metrics(y_true, y_pred):
    classes = sorted(set(y_true) | set(y_pred))
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    matrix = [[int(np.sum((y_true == t) & (y_pred == p))) for p in classes] for t in classes]
    per_class = {}
    for c in classes:
        tp = np.sum((y_true == c) & (y_pred == c))
        fp = np.sum((y_true != c) & (y_pred == c))
        fn = np.sum((y_true == c) & (y_pred != c))
        precision = tp / (tp + fp) if tp + fp > 0 else 0.0
        recall = tp / (tp + fn) if tp + fn > 0 else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
        per_class[c] = {"precision": float(precision), "recall": float(recall), "f1": float(f1), "support": int(np.sum(y_true == c))}
    return {
        "labels": classes,
        "matrix": matrix,
        "accuracy": float(np.mean(y_true == y_pred)),
        "perClass": per_class,
        "macroPrecision": float(np.mean([v["precision"] for v in per_class.values()])),
        "macroRecall": float(np.mean([v["recall"] for v in per_class.values()])),
        "macroF1": float(np.mean([v["f1"] for v in per_class.values()])),
    }


def log_loss(p_true):
    return float(np.mean(-np.log(np.clip(p_true, EPS, 1 - EPS))))


# Binary: prediction is {score} only, score = P(label 1), threshold 0.5; labels are the numbers 0 and 1.
n = 600
y = (rng.random(n) < 0.4).astype(int)
score = np.clip(np.round(0.35 * y + 0.65 * rng.random(n) * (0.6 + 0.4 * y) + rng.normal(0, 0.1, n), 2), 0.0, 1.0)
pred = np.where(score >= 0.5, "1", "0")
y_str = [str(v) for v in y]
binary = class_metrics(y_str, list(pred))
binary["rocAuc"] = roc_auc(score, y == 1)
binary["logLoss"] = log_loss(np.where(y == 1, score, 1 - score))
confidence = np.maximum(score, 1 - score)
pred_pos = pred == "1"
etp, efp = score[pred_pos].sum(), (1 - score[pred_pos]).sum()
efn, etn = score[~pred_pos].sum(), (1 - score[~pred_pos]).sum()
e_precision, e_recall = etp / (etp + efp), etp / (etp + efn)
binary["cbpe"] = {
    "expectedAccuracy": float(confidence.mean()),
    "expectedPrecision": float(e_precision),
    "expectedRecall": float(e_recall),
    "expectedF1": float(2 * e_precision * e_recall / (e_precision + e_recall)),
}
binary_case = {
    "pairs": [{"prediction": {"score": float(s)}, "label": int(t)} for s, t in zip(score, y)],
    "expected": binary,
}

# Multiclass: prediction is {label, probabilities} on a 0.01 grid; labels are strings.
classes = ["bird", "cat", "dog"]
n = 900
y_idx = rng.integers(0, 3, n)
alpha = np.ones((n, 3)) + 2.5 * np.eye(3)[y_idx]
k = np.floor(np.array([rng.dirichlet(a) for a in alpha]) * 100).astype(int)
k[:, 2] = 100 - k[:, 0] - k[:, 1]
probs = k / 100.0
pred_idx = np.argmax(probs, axis=1)
y_lab = [classes[i] for i in y_idx]
p_lab = [classes[i] for i in pred_idx]
multi = class_metrics(y_lab, p_lab)
multi["rocAuc"] = float(np.mean([roc_auc(probs[:, c], y_idx == c) for c in range(3)]))
multi["perClassRocAuc"] = {classes[c]: roc_auc(probs[:, c], y_idx == c) for c in range(3)}
normalised = probs / probs.sum(axis=1, keepdims=True)
multi["logLoss"] = log_loss(normalised[np.arange(n), y_idx])
multi["cbpe"] = {"expectedAccuracy": float(normalised.max(axis=1).mean())}
multi_case = {
    "pairs": [
        {"prediction": {"label": p_lab[i], "probabilities": {classes[c]: float(probs[i, c]) for c in range(3)}}, "label": y_lab[i]}
        for i in range(n)
    ],
    "expected": multi,
}

# Hard labels only, with a predicted class that never occurs in the truth (zero-division paths).
n = 300
truth = rng.choice(["a", "b", "c"], n, p=[0.5, 0.3, 0.2])
guess = np.where(rng.random(n) < 0.7, truth, rng.choice(["a", "b", "c", "z"], n))
hard_case = {"pairs": [{"prediction": str(g), "label": str(t)} for g, t in zip(guess, truth)], "expected": class_metrics(list(truth), list(guess))}

# Regression, with some zero labels (excluded from MAPE, see docs/model-health.md).
n = 500
y_reg = np.round(rng.normal(50, 20, n), 3)
y_reg[rng.random(n) < 0.05] = 0.0
y_hat = y_reg + rng.normal(1.5, 6, n)
err = y_hat - y_reg
nonzero = y_reg != 0
regression_case = {
    "pairs": [{"prediction": float(p) if i % 2 == 0 else {"value": float(p)}, "label": float(t)} for i, (p, t) in enumerate(zip(y_hat, y_reg))],
    "expected": {
        "n": n,
        "mae": float(np.mean(np.abs(err))),
        "rmse": float(np.sqrt(np.mean(err**2))),
        "mape": float(np.mean(np.abs(err[nonzero]) / np.abs(y_reg[nonzero]))),
        "zeroLabels": int((~nonzero).sum()),
        "r2": float(1 - np.sum(err**2) / np.sum((y_reg - y_reg.mean()) ** 2)),
        "meanError": float(np.mean(err)),
    },
}

out = {
    "generator": "scripts/golden/generate_performance_golden.py",
    "numpy": np.__version__,
    "binary": binary_case,
    "multiclass": multi_case,
    "hardLabels": hard_case,
    "regression": regression_case,
}
with open("packages/server/test/fixtures/golden/performance-golden.json", "w") as f:
    json.dump(out, f)
print("binary auc", binary["rocAuc"], "multi auc", multi["rocAuc"], "acc", binary["accuracy"], multi["accuracy"])

"""Golden vectors for analysis/profile: exact moments and quantiles from numpy.

Run from the repository root:  python3 scripts/golden/generate_profile_golden.py
Writes packages/server/test/fixtures/golden/profile-golden.json (committed; tests never run python).
Quantiles use numpy's method='lower' (the order statistic at index floor(q*(n-1))), the rank
convention of DDSketch, so the sketch must be within relative accuracy of these values.
"""
import json
import numpy as np

rng = np.random.default_rng(20261127)
QUANTILES = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]


def case(name, values):
    x = np.asarray(values, dtype=np.float64)
    return {
        "name": name,
        "values": [float(v) for v in x],
        "count": int(x.size),
        "mean": float(np.mean(x)),
        "populationVariance": float(np.var(x, ddof=0)),
        "sampleVariance": float(np.var(x, ddof=1)),
        "min": float(np.min(x)),
        "max": float(np.max(x)),
        "quantiles": {str(q): float(np.quantile(x, q, method="lower")) for q in QUANTILES},
        "distinct": int(np.unique(x).size),
    }


cases = [
    case("standard-normal", rng.standard_normal(2000)),
    # A large offset: the naive sum-of-squares formula loses every digit of the variance here.
    case("offset-1e9", 1e9 + rng.standard_normal(2000)),
    case("lognormal", rng.lognormal(3.0, 1.5, 2000)),
    case("mixed-sign-with-zeros", np.concatenate([rng.normal(-5, 2, 700), np.zeros(300), rng.exponential(3, 1000)])),
    case("integers", rng.integers(0, 40, 2000).astype(np.float64)),
]

with open("packages/server/test/fixtures/golden/profile-golden.json", "w") as f:
    json.dump({"generator": "scripts/golden/generate_profile_golden.py", "numpy": np.__version__, "cases": cases}, f)
print("wrote", len(cases), "cases")

"""scikit-learn's MLPClassifier with its default settings, a peer of the test matrix (issue 21).

    /usr/bin/python3 scripts/matrix/sklearn_mlp.py --train T.csv --test X.csv [--seed 1]

`MLPClassifier()` as scikit-learn ships it (one hidden layer of 100 ReLU units, Adam at 1e-3,
batches of min(200, rows), L2 alpha 1e-4, at most 200 epochs, stopping when the training loss
improves by less than 1e-4 for 10 epochs; no early stopping on held-out rows), with
`random_state=--seed` as the only setting given, so a run can be repeated. Pixels / 255, as
digitnet and the PyTorch recipes read them. It trains on the train rows only (it has no use for
dev rows) and is scored once on the test rows: the files SplitFiles.java writes from digitnet's own
split.

Should those 200 epochs end without convergence (scikit-learn's ConvergenceWarning), the fit is
repeated with max_iter 1000 and that result is reported, with `"maxIter": 1000` and the first
fit's accuracy beside it: the only setting ever raised. Prints one JSON object on stdout.
"""
import argparse
import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

RAISED_MAX_ITER = 1000


def read_csv(path):
    """(labels int64[n], pixels float64[n, features] in 0..1) of a labelled Kaggle CSV."""
    with open(path) as f:
        header = f.readline().strip().split(",")
        rows = np.loadtxt(f, delimiter=",", dtype=np.int64, ndmin=2)
    if header[0] != "label":
        sys.exit(f"{path}: line 1: the first column must be 'label'")
    if rows.size == 0:
        sys.exit(f"{path}: no rows")
    return rows[:, 0], rows[:, 1:].astype(np.float64) / 255.0


def fit(x, y, tx, ty, seed, max_iter=None):
    """Fits MLPClassifier() (max_iter only when given); returns (result dict, converged)."""
    model = MLPClassifier(random_state=seed) if max_iter is None else MLPClassifier(random_state=seed,
                                                                                     max_iter=max_iter)
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit(x, y)
    seconds = time.perf_counter() - start
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    return {"testAccuracy": float((model.predict(tx) == ty).mean()),
            "trainAccuracy": float((model.predict(x) == y).mean()),
            "epochs": int(model.n_iter_), "maxIter": int(model.max_iter), "converged": converged,
            "seconds": round(seconds, 2)}, converged


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--train", required=True)
    p.add_argument("--test", required=True)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    y, x = read_csv(args.train)
    ty, tx = read_csv(args.test)
    result, converged = fit(x, y, tx, ty, args.seed)
    if not converged:
        first = result
        result, _ = fit(x, y, tx, ty, args.seed, RAISED_MAX_ITER)
        result["atDefaultMaxIter"] = {k: first[k] for k in ("testAccuracy", "epochs", "seconds")}
    result = {"recipe": "sklearn-mlp", "seed": args.seed, "sklearn": sklearn.__version__,
              "rows": {"train": len(y), "test": len(ty)}, **result}
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()

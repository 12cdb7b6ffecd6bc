#!/usr/bin/env python3
"""The notebook's algorithm in numpy, timed for `digitnet bench`.

784-10-10, ReLU, softmax, full-batch gradient descent with alpha = 1, as in "Building a Neural
Network from Scratch" (samples in columns, X of shape (784, m)). Reads the rows that digitnet
wrote (pixels.u8: m x 784 bytes, labels.u8: m bytes), runs iterations for about --seconds, and
prints one JSON line: the median milliseconds per iteration and the accuracy reached, with
numpy's version and build ("Debian" when it is Debian's package) for the bench's labels.

    OPENBLAS_NUM_THREADS=1 python3 bench_numpy.py DIR ROWS --dtype float64|float32 --seconds 3 --threads 1
"""
import argparse
import json
import os
import time

import numpy as np


def build(module):
    """"Debian" for a module of Debian's packages (/usr/lib/python3/...), else ""."""
    return "Debian" if os.path.realpath(module.__file__).startswith("/usr/lib/python3/") else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("rows", type=int)
    ap.add_argument("--dtype", default="float64")
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--min-iterations", type=int, default=10)
    ap.add_argument("--threads", type=int, default=0, help="as set in OPENBLAS_NUM_THREADS (reported only)")
    a = ap.parse_args()
    dt = np.dtype(a.dtype)
    pixels = np.fromfile(a.dir + "/pixels.u8", dtype=np.uint8).reshape(-1, 784)[: a.rows]
    Y = np.fromfile(a.dir + "/labels.u8", dtype=np.uint8)[: a.rows].astype(np.int64)
    X = (pixels.T / dt.type(255.0)).astype(dt)            # (784, m), as the notebook's X_train / 255.
    rng = np.random.default_rng(1)
    W1 = (rng.random((10, 784)) - 0.5).astype(dt)
    b1 = (rng.random((10, 1)) - 0.5).astype(dt)
    W2 = (rng.random((10, 10)) - 0.5).astype(dt)
    b2 = (rng.random((10, 1)) - 0.5).astype(dt)
    m = X.shape[1]
    alpha = dt.type(1.0)

    def step(W1, b1, W2, b2):
        Z1 = W1.dot(X) + b1
        A1 = np.maximum(Z1, 0)
        Z2 = W2.dot(A1) + b2
        E = np.exp(Z2 - Z2.max(axis=0))
        A2 = E / E.sum(axis=0)
        one_hot_Y = np.zeros((Y.size, 10), dtype=dt)
        one_hot_Y[np.arange(Y.size), Y] = 1
        dZ2 = A2 - one_hot_Y.T
        dW2 = dZ2.dot(A1.T) / m
        db2 = dZ2.sum(axis=1, keepdims=True) / m
        dZ1 = W2.T.dot(dZ2) * (Z1 > 0)
        dW1 = dZ1.dot(X.T) / m
        db1 = dZ1.sum(axis=1, keepdims=True) / m
        accuracy = float(np.mean(np.argmax(A2, axis=0) == Y))
        return W1 - alpha * dW1, b1 - alpha * db1, W2 - alpha * dW2, b2 - alpha * db2, accuracy

    for _ in range(3):                                    # warm-up
        W1, b1, W2, b2, acc = step(W1, b1, W2, b2)
    times = []
    start = time.perf_counter()
    while len(times) < a.min_iterations or time.perf_counter() - start < a.seconds:
        t0 = time.perf_counter()
        W1, b1, W2, b2, acc = step(W1, b1, W2, b2)
        times.append(time.perf_counter() - t0)
    threads = {"threads": a.threads} if a.threads else {}
    print(json.dumps({"peer": "numpy", "dtype": a.dtype, **threads, "version": np.__version__, "build": build(np),
                      "rows": m, "ms_per_iteration": 1000 * float(np.median(times)), "iterations": len(times) + 3,
                      "accuracy": acc}))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The seed notebook's whole job as one process, timed for `digitnet bench`.

The notebook's own code ("Building a Neural Network from Scratch"): pandas read_csv, np.array,
np.random.shuffle, the first 1,000 rows as dev, X / 255 with samples in columns, 784-10-10 with
ReLU and softmax, 500 iterations of full-batch gradient descent with alpha 1 in float64 (the
accuracy computed every 10th iteration, as the notebook prints it), then the weights saved
(np.savez, the notebook keeps them in memory). Prints one JSON line with the loop's seconds
(first iteration to last, as digitnet's trainSeconds) and the accuracies; the caller times the
whole process.

    python3 notebook_job.py train.csv --model out.npz [--iterations 500] [--seed 1]
"""
import argparse
import json
import time

import numpy as np
import pandas as pd


def init_params(n):
    W1 = np.random.rand(10, n - 1) - 0.5
    b1 = np.random.rand(10, 1) - 0.5
    W2 = np.random.rand(10, 10) - 0.5
    b2 = np.random.rand(10, 1) - 0.5
    return W1, b1, W2, b2


def ReLU(Z):
    return np.maximum(0, Z)


def softmax(Z):
    return np.exp(Z) / sum(np.exp(Z))


def forward_propagation(W1, b1, W2, b2, X):
    Z1 = W1.dot(X) + b1
    A1 = ReLU(Z1)
    Z2 = W2.dot(A1) + b2
    A2 = softmax(Z2)
    return Z1, A1, Z2, A2


def one_hot(Y):
    one_hot_Y = np.zeros((Y.size, Y.max() + 1))
    one_hot_Y[np.arange(Y.size), Y] = 1
    return one_hot_Y.T


def derivative_ReLU(Z):
    return Z > 0


def back_propagation(Z1, A1, Z2, A2, W2, X, Y):
    m = Y.size
    dZ2 = A2 - one_hot(Y)
    dW2 = (1 / m) * dZ2.dot(A1.T)
    db2 = (1 / m) * np.sum(dZ2)
    dZ1 = W2.T.dot(dZ2) * derivative_ReLU(Z1)
    dW1 = (1 / m) * dZ1.dot(X.T)
    db1 = (1 / m) * np.sum(dZ1)
    return dW1, db1, dW2, db2


def update_params(W1, b1, W2, b2, dW1, db1, dW2, db2, alpha):
    return W1 - alpha * dW1, b1 - alpha * db1, W2 - alpha * dW2, b2 - alpha * db2


def get_accuracy(predictions, Y):
    return np.sum(predictions == Y) / Y.size


def gradient_descent(X, Y, n, epochs, alpha):
    W1, b1, W2, b2 = init_params(n)
    accuracy = 0.0
    for i in range(epochs):
        Z1, A1, Z2, A2 = forward_propagation(W1, b1, W2, b2, X)
        dW1, db1, dW2, db2 = back_propagation(Z1, A1, Z2, A2, W2, X, Y)
        W1, b1, W2, b2 = update_params(W1, b1, W2, b2, dW1, db1, dW2, db2, alpha)
        if i % 10 == 0:
            accuracy = get_accuracy(np.argmax(A2, 0), Y)
    return W1, b1, W2, b2, accuracy


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--model", required=True)
    ap.add_argument("--iterations", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    np.random.seed(a.seed)
    data = pd.read_csv(a.csv)
    data = np.array(data)
    np.random.shuffle(data)
    m, n = data.shape
    data_dev = data[:1000].T
    Y_dev = data_dev[0]
    X_dev = data_dev[1:] / 255
    data_train = data[1000:m].T
    Y_train = data_train[0]
    X_train = data_train[1:] / 255
    t0 = time.perf_counter()
    W1, b1, W2, b2, train_accuracy = gradient_descent(X_train, Y_train, n, a.iterations, 1)
    loop = time.perf_counter() - t0
    _, _, _, A2 = forward_propagation(W1, b1, W2, b2, X_dev)
    dev_accuracy = get_accuracy(np.argmax(A2, 0), Y_dev)
    with open(a.model, "wb") as f:
        np.savez(f, W1=W1, b1=b1, W2=W2, b2=b2)
    print(json.dumps({"peer": "notebook (pandas + numpy float64)", "version": np.__version__, "pandas": pd.__version__,
                      "loop_seconds": loop, "iterations": a.iterations, "train_accuracy": float(train_accuracy),
                      "dev_accuracy": float(dev_accuracy)}))


if __name__ == "__main__":
    main()

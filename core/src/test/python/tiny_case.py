"""Independent reference for NotebookTinyCaseTest: one forward and one backward step of the
notebook's network (ReLU hidden layer, softmax output, full batch), computed with numpy in
float64 from the notebook's equations, with the bias gradients summed per unit (axis=1), a
max-subtracted softmax and a one-hot that does not depend on which labels are present.

Shapes follow the notebook: samples in columns. Run: python3 src/test/python/tiny_case.py
It writes src/test/resources/fixtures/tiny_case.json.
"""
import json
import os

import numpy as np

rng = np.random.default_rng(20261128)
n_in, n_hidden, n_out, m = 8, 5, 4, 6
alpha = 0.5

X = rng.integers(0, 256, size=(n_in, m)) / 255.0          # pixels / 255, (n_in, m)
Y = np.array([0, 2, 1, 2, 0, 1])                            # class 3 never appears
W1 = rng.random((n_hidden, n_in)) - 0.5
b1 = rng.random((n_hidden, 1)) - 0.5
W2 = rng.random((n_out, n_hidden)) - 0.5
b2 = rng.random((n_out, 1)) - 0.5

Z1 = W1 @ X + b1
A1 = np.maximum(0, Z1)
Z2 = W2 @ A1 + b2
E = np.exp(Z2 - Z2.max(axis=0, keepdims=True))
A2 = E / E.sum(axis=0, keepdims=True)
one_hot = np.zeros((n_out, m))
one_hot[Y, np.arange(m)] = 1
loss = -np.mean(np.log(A2[Y, np.arange(m)]))

dZ2 = A2 - one_hot
dW2 = dZ2 @ A1.T / m
db2 = dZ2.sum(axis=1, keepdims=True) / m
dZ1 = (W2.T @ dZ2) * (Z1 > 0)
dW1 = dZ1 @ X.T / m
db1 = dZ1.sum(axis=1, keepdims=True) / m

out = {
    "alpha": alpha,
    "labels": Y.tolist(),
    # samples in rows, as digitnet stores batches: (m, n_in)
    "x": X.T.tolist(),
    "W1": W1.tolist(), "b1": b1.ravel().tolist(),
    "W2": W2.tolist(), "b2": b2.ravel().tolist(),
    "logits": Z2.T.tolist(), "probabilities": A2.T.tolist(), "loss": float(loss),
    "dW1": dW1.tolist(), "db1": db1.ravel().tolist(),
    "dW2": dW2.tolist(), "db2": db2.ravel().tolist(),
    "W1_after": (W1 - alpha * dW1).tolist(), "b1_after": (b1 - alpha * db1).ravel().tolist(),
    "W2_after": (W2 - alpha * dW2).tolist(), "b2_after": (b2 - alpha * db2).ravel().tolist(),
}
path = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "tiny_case.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))

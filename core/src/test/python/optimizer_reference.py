"""Two update steps of each optimizer on a tiny problem, written from the papers' formulas in
float64 numpy, independently of digitnet. OptimizerStepTest holds the printed numbers.

Parameters: "0.weight" = [1.0, -2.0] (decayed), "0.bias" = [0.5] (not decayed).
Gradients:  step 1 [0.5, 0.25] / [-1.0]; step 2 [-0.25, 1.0] / [0.5].
lr 0.1, momentum 0.9, beta1 0.9, beta2 0.999, eps 1e-8, weight decay 0.1.
Run: python3 src/test/python/optimizer_reference.py
"""
import numpy as np

LR, MU, B1, B2, EPS, WD = 0.1, 0.9, 0.9, 0.999, 1e-8, 0.1
GRADS = [(np.array([0.5, 0.25]), np.array([-1.0])), (np.array([-0.25, 1.0]), np.array([0.5]))]


def run(update):
    params = [np.array([1.0, -2.0]), np.array([0.5])]
    decays = [WD, 0.0]
    state = [{}, {}]
    for t, grads in enumerate(GRADS, start=1):
        for p, g, wd, s in zip(params, grads, decays, state):
            p[:] = update(p, g, wd, s, t)
    return params


def sgd(w, g, wd, s, t):
    return w - LR * (g + wd * w)


def momentum(w, g, wd, s, t):
    g = g + wd * w
    s["v"] = MU * s.get("v", 0) + g
    return w - LR * s["v"]


def nesterov(w, g, wd, s, t):
    g = g + wd * w
    s["v"] = MU * s.get("v", 0) + g
    return w - LR * (g + MU * s["v"])


def adam(w, g, wd, s, t, decoupled=False):
    if decoupled:
        w = w - LR * wd * w
    else:
        g = g + wd * w
    s["m"] = B1 * s.get("m", 0) + (1 - B1) * g
    s["v"] = B2 * s.get("v", 0) + (1 - B2) * g * g
    m_hat = s["m"] / (1 - B1 ** t)
    v_hat = s["v"] / (1 - B2 ** t)
    return w - LR * m_hat / (np.sqrt(v_hat) + EPS)


for name, f in [("sgd", sgd), ("momentum", momentum), ("nesterov", nesterov), ("adam", adam),
                ("adamw", lambda w, g, wd, s, t: adam(w, g, wd, s, t, decoupled=True))]:
    w, b = run(f)
    print(f"{name:9s} weight {w[0]:.9f} {w[1]:.9f}  bias {b[0]:.9f}")

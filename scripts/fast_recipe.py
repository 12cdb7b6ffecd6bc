#!/usr/bin/env python3
"""The fast PyTorch recipe of `digitnet bench --time-to-accuracy`, as one whole process.

The recipe of the public study "train a CNN to 99% on MNIST in under a second": conv 1->24 5x5,
max-pool 2, ReLU, conv 24->32 3x3, max-pool 2, ReLU, linear ->256, ReLU, linear -> classes; Adam
lr 1e-2 with betas (0.7, 0.9), a one-cycle schedule, batch 256, and standard augmentation (a random
affine map per image: rotation up to 10 degrees, shift up to 2 pixels, scale 0.9-1.1). The sizes
follow the image: any H x W of at least 16 x 16.

It reads the training rows and the untouched test rows as Kaggle CSVs (label,pixel0..), trains for
--epochs, scores the test rows and prints one JSON line: accuracy, seconds of training, seconds in all.

    OPENBLAS_NUM_THREADS=1 python3 fast_recipe.py TRAIN.csv TEST.csv --epochs 20 --seed 1 --threads 1
"""
import argparse
import json
import math
import os
import time

START = time.perf_counter()

import numpy as np
import torch
import torch.nn.functional as F


def read_csv(path):
    """Labels and pixels of a Kaggle CSV, with the header line naming pixel columns."""
    with open(path, "rb") as f:
        header = f.readline()
    # pandas when present (the notebook's reader), else numpy's text reader
    try:
        import pandas as pd
        frame = pd.read_csv(path, dtype=np.uint8).to_numpy()
    except ImportError:
        frame = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.uint8, ndmin=2)
    width = len(header.decode().split(",")) - 1
    return frame[:, 0].astype(np.int64), frame[:, 1:1 + width]


def side(features):
    s = int(round(math.sqrt(features)))
    if s * s != features:
        raise SystemExit(f"fast_recipe.py: {features} pixels are not a square image")
    return s


class Net(torch.nn.Module):
    def __init__(self, h, w, classes):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 24, 5)
        self.conv2 = torch.nn.Conv2d(24, 32, 3)
        fh, fw = ((h - 4) // 2 - 2) // 2, ((w - 4) // 2 - 2) // 2
        self.fc1 = torch.nn.Linear(32 * fh * fw, 256)
        self.fc2 = torch.nn.Linear(256, classes)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2(x), 2))
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


def augment(x, g):
    """A random affine map per image: rotation +-10 degrees, shift +-2 pixels, scale 0.9-1.1."""
    n, _, h, w = x.shape
    angle = (torch.rand(n, generator=g) * 2 - 1) * math.radians(10)
    scale = 0.9 + torch.rand(n, generator=g) * 0.2
    tx = (torch.rand(n, generator=g) * 2 - 1) * 2 * 2 / w
    ty = (torch.rand(n, generator=g) * 2 - 1) * 2 * 2 / h
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos, -sin, tx], 1), torch.stack([sin, cos, ty], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, align_corners=False, padding_mode="zeros")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("train")
    p.add_argument("test")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--no-augment", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    g = torch.Generator().manual_seed(a.seed)

    ytr, xtr = read_csv(a.train)
    yte, xte = read_csv(a.test)
    s = side(xtr.shape[1])
    classes = int(max(ytr.max(), yte.max())) + 1
    x = torch.from_numpy(xtr.astype(np.float32) / 255).reshape(-1, 1, s, s)
    y = torch.from_numpy(ytr)
    xt = torch.from_numpy(xte.astype(np.float32) / 255).reshape(-1, 1, s, s)

    t0 = time.perf_counter()
    model = Net(s, s, classes)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2, betas=(0.7, 0.9))
    steps = a.epochs * math.ceil(len(x) / a.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-2, total_steps=steps)
    for _ in range(a.epochs):
        model.train()
        order = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), a.batch):
            idx = order[i:i + a.batch]
            xb = x[idx] if a.no_augment else augment(x[idx], g)
            loss = F.cross_entropy(model(xb), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
    train_seconds = time.perf_counter() - t0
    model.eval()
    with torch.no_grad():
        predicted = torch.cat([model(xt[i:i + 1000]).argmax(1) for i in range(0, len(xt), 1000)])
    accuracy = float((predicted.numpy() == yte).mean())
    print(json.dumps({
        "peer": "pytorch", "version": torch.__version__,
        "build": "Debian" if os.path.realpath(torch.__file__).startswith("/usr/lib/python3/") else "",
        "threads": torch.get_num_threads(), "epochs": a.epochs, "seed": a.seed, "accuracy": accuracy,
        "train_seconds": train_seconds, "seconds": time.perf_counter() - START}), flush=True)


if __name__ == "__main__":
    main()

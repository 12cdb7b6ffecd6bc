#!/usr/bin/env python3
"""The CPU time of each tenth of one PyTorch epoch of bench_torch.py's convnet (Adam 0.001, batch
64, one thread, the embedded sample repeated to 60,000 images), with or without flushing denormal
floats to zero: docs/cnn-speed.md uses it to show that Debian's PyTorch slows down on denormals here.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 scripts/torch_denormals.py [--flush-denormal]
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flush-denormal", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.set_flush_denormal(a.flush_denormal)
    sample = os.path.join(os.path.dirname(__file__), "..", "core/src/main/resources/digitnet/data/mnist-10k.csv.gz")
    rows = np.loadtxt(gzip.open(sample), delimiter=",", skiprows=1, dtype=np.uint8)
    idx = np.arange(60000) % len(rows)
    x = torch.from_numpy(rows[idx, 1:]).float().reshape(-1, 1, 28, 28) / 255
    y = torch.from_numpy(rows[idx, 0].astype(np.int64))
    torch.manual_seed(1)
    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.randperm(60000, generator=torch.Generator().manual_seed(1))
    cpu = time.process_time()
    for s in range(0, 60000, 64):
        i = order[s:s + 64]
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x[i]), y[i]).backward()
        opt.step()
        if (s // 64 + 1) % 94 == 0:
            print(f"{s + 64:6d} images: {time.process_time() - cpu:6.2f} cpu s", flush=True)
            cpu = time.process_time()


if __name__ == "__main__":
    main()

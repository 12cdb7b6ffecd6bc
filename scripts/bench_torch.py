#!/usr/bin/env python3
"""PyTorch's side of `digitnet bench`: the same workloads, on the rows digitnet wrote.

Prints one JSON line per workload. Run it with the thread count under test both in
torch.set_num_threads and in OPENBLAS_NUM_THREADS (Debian's PyTorch calls the system OpenBLAS,
whose threads set_num_threads does not control): digitnet bench tries 1 and 2 and keeps the best.

    OPENBLAS_NUM_THREADS=1 python3 bench_torch.py DIR --threads 1 --seconds 3 [--epochs 1]
        [--workloads notebook,minibatch,convnet] [--convnet-fraction 0.1]
"""
import argparse
import json
import time

import numpy as np
import torch


def emit(**kw):
    kw["peer"] = "pytorch"
    kw["version"] = torch.__version__
    kw["threads"] = torch.get_num_threads()
    print(json.dumps(kw), flush=True)


def notebook(pixels, labels, rows, seconds):
    """784-10-10 full batch, SGD alpha 1, as the notebook (autograd; float32)."""
    torch.manual_seed(1)
    x = torch.from_numpy(pixels[:rows]).float() / 255
    y = torch.from_numpy(labels[:rows]).long()
    model = torch.nn.Sequential(torch.nn.Linear(784, 10), torch.nn.ReLU(), torch.nn.Linear(10, 10))
    with torch.no_grad():
        for p in model.parameters():
            p.uniform_(-0.5, 0.5)
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    loss_fn = torch.nn.CrossEntropyLoss()
    times, acc = [], 0.0
    start = time.perf_counter()
    i = 0
    while i < 13 or time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        logits = model(x)
        loss = loss_fn(logits, y)
        loss.backward()
        opt.step()
        if i >= 3:
            times.append(time.perf_counter() - t0)
        i += 1
    with torch.no_grad():
        acc = float((model(x).argmax(1) == y).float().mean())
    emit(workload="notebook", rows=rows, ms_per_iteration=1000 * float(np.median(times)), iterations=i, accuracy=acc)


def train_mlp(x, y, optimizer, epochs):
    """784-128-10 in batches of 64 on (x, y), seed 1; the model, the seconds of each epoch, the accuracy."""
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = optimizer(model.parameters())
    loss_fn = torch.nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(1)
    per_epoch = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        order = torch.randperm(len(x), generator=g)
        for s in range(0, len(x), 64):
            idx = order[s:s + 64]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        per_epoch.append(time.perf_counter() - t0)
    with torch.no_grad():
        acc = float((model(x).argmax(1) == y).float().mean())
    return model, per_epoch, acc


def minibatch(pixels, labels, epochs, lr):
    """784-128-10, batch 64, plain SGD, 60,000 images; seconds per epoch and accuracy."""
    x = torch.from_numpy(pixels).float() / 255
    y = torch.from_numpy(labels).long()
    model, per_epoch, acc = train_mlp(x, y, lambda p: torch.optim.SGD(p, lr=lr), epochs)
    emit(workload="minibatch", rows=len(x), seconds_per_epoch=float(np.median(per_epoch)), epochs=epochs,
         accuracy=acc)
    return model


def dense(pixels, labels, epochs):
    """784-128-10, batch 64, Adam 0.001, on the images inverted (255 - p: 99.4% of the
    sample's pixels non-zero); the first epoch's seconds, the median of the later ones, and the accuracy."""
    x = (255 - torch.from_numpy(pixels).float()) / 255
    y = torch.from_numpy(labels).long()
    _, per_epoch, acc = train_mlp(x, y, lambda p: torch.optim.Adam(p, lr=0.001), epochs)
    emit(workload="dense", rows=len(x), first_epoch_seconds=per_epoch[0],
         later_epoch_seconds=float(np.median(per_epoch[1:])) if len(per_epoch) > 1 else float("nan"),
         epochs=epochs, accuracy=acc)


def inference(model, pixels, seconds):
    x = torch.from_numpy(pixels[:1000]).float() / 255
    one = x[:1]
    with torch.no_grad():
        for _ in range(20):
            model(x)
        n, t0 = 0, time.perf_counter()
        while n < 20 or time.perf_counter() - t0 < seconds / 2:
            model(x)
            n += 1
        batch_rate = n * 1000 / (time.perf_counter() - t0)
        for _ in range(200):
            model(one)
        n, t0 = 0, time.perf_counter()
        while n < 200 or time.perf_counter() - t0 < seconds / 2:
            model(one)
            n += 1
        single_us = 1e6 * (time.perf_counter() - t0) / n
    emit(workload="inference", images_per_second_batch1000=batch_rate, single_image_us=single_us)


def convnet(pixels, labels, fraction):
    """Keras' simple MNIST convnet, Adam 0.001, batch 64: one pass over the first `fraction` of the
    60,000 rows after a warm-up of 10 batches; the wall and CPU time (all threads) scaled to 60,000
    images, and the accuracy of that pass."""
    torch.manual_seed(1)
    n = max(64, int(round(fraction * len(pixels))))
    x = torch.from_numpy(pixels[:n]).float().reshape(-1, 1, 28, 28) / 255
    y = torch.from_numpy(labels[:n]).long()
    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(1)

    def step(idx):
        opt.zero_grad(set_to_none=True)
        logits = model(x[idx])
        loss = loss_fn(logits, y[idx])
        loss.backward()
        opt.step()
        return int((logits.argmax(1) == y[idx]).sum())

    warm = torch.randperm(n, generator=g)
    for s in range(0, min(n, 640), 64):
        step(warm[s:s + 64])
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    t0, cpu0 = time.perf_counter(), time.process_time()
    order = torch.randperm(n, generator=g)
    correct = 0
    for s in range(0, n, 64):
        correct += step(order[s:s + 64])
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    emit(workload="convnet", images=n, seconds_per_epoch=seconds * 60000 / n,
         cpu_seconds_per_epoch=cpu * 60000 / n, accuracy=correct / n)
    return model


def convnet_inference(model, pixels, seconds):
    model.eval()
    x = torch.from_numpy(pixels[:1000]).float().reshape(-1, 1, 28, 28) / 255
    with torch.no_grad():
        for _ in range(3):
            model(x)
        n, t0 = 0, time.perf_counter()
        while n < 3 or time.perf_counter() - t0 < seconds:
            model(x)
            n += 1
        rate = n * 1000 / (time.perf_counter() - t0)
    emit(workload="convnet_inference", images_per_second_batch1000=rate)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--notebook-rows", default="9000,41000")
    ap.add_argument("--workloads", default="notebook,minibatch",
                    help="comma-separated: notebook, minibatch (with its inference), dense, convnet (with its inference)")
    ap.add_argument("--convnet-fraction", type=float, default=1.0,
                    help="part of the 60,000-image epoch the convnet trains and times, scaled to a full epoch")
    a = ap.parse_args()
    workloads = a.workloads.split(",")
    torch.set_num_threads(a.threads)
    pixels = np.fromfile(a.dir + "/pixels.u8", dtype=np.uint8).reshape(-1, 784)
    labels = np.fromfile(a.dir + "/labels.u8", dtype=np.uint8).astype(np.int64)
    if "notebook" in workloads:
        for rows in (int(r) for r in a.notebook_rows.split(",")):
            notebook(pixels, labels, rows, a.seconds)
    if "minibatch" in workloads:
        model = minibatch(pixels[:60000], labels[:60000], a.epochs, a.lr)
        inference(model, pixels, a.seconds)
    if "dense" in workloads:
        dense(pixels[:60000], labels[:60000], max(2, a.epochs))
    if "convnet" in workloads:
        model = convnet(pixels[:60000], labels[:60000], a.convnet_fraction)
        convnet_inference(model, pixels, a.seconds)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""PyTorch's side of `digitnet bench`: the same workloads, on the rows digitnet wrote.

Prints one JSON line per workload, with torch's version and build ("Debian" when it is Debian's
package) for the bench's labels. Run it with the thread count under test both in
torch.set_num_threads and in OPENBLAS_NUM_THREADS (Debian's PyTorch calls the system OpenBLAS,
whose threads set_num_threads does not control): digitnet bench tries 1 and 2 and keeps the best.

The mini-batch workloads warm up as digitnet does (one untimed epoch on the first 2,000 rows, a
network thrown away), then time each of --epochs epochs of a fresh network: the first (cold) and
the median of the others (steady). The convnet warms up on the first 640 rows (10 batches, a
network thrown away) and times its pass in 4 parts: the first (cold) and the median of the others.

    OPENBLAS_NUM_THREADS=1 python3 bench_torch.py DIR --threads 1 --seconds 3 [--epochs 4]
        [--workloads notebook,minibatch,dense,convnet] [--convnet-fraction 0.1]
"""
import argparse
import json
import os
import time

import numpy as np
import torch


WARM_UP_ROWS = 2000       # the mini-batch workloads' untimed warm-up epoch, as digitnet's
CONVNET_WARM_UP_ROWS = 640
CONVNET_PARTS = 4


def emit(**kw):
    kw["peer"] = "pytorch"
    kw["version"] = torch.__version__
    kw["build"] = "Debian" if os.path.realpath(torch.__file__).startswith("/usr/lib/python3/") else ""
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


def median(xs):
    return float(np.median(xs)) if len(xs) else float("nan")


def mlp_epochs(x, y, optimizer, epochs):
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


def train_mlp(x, y, optimizer, epochs):
    """The untimed warm-up (one epoch on the first 2,000 rows, that network thrown away), then
    `epochs` timed epochs of a fresh network; the model, the seconds of each epoch, the accuracy."""
    mlp_epochs(x[:WARM_UP_ROWS], y[:WARM_UP_ROWS], optimizer, 1)
    return mlp_epochs(x, y, optimizer, epochs)


def emit_epochs(workload, rows, per_epoch, acc):
    emit(workload=workload, rows=rows, first_epoch_seconds=per_epoch[0], steady_epoch_seconds=median(per_epoch[1:]),
         steady_epochs=len(per_epoch) - 1, epoch_seconds=per_epoch, epochs=len(per_epoch), accuracy=acc)


def minibatch(pixels, labels, epochs, lr):
    """784-128-10, batch 64, plain SGD, 60,000 images; the first epoch's seconds, the median of
    the later ones, and the accuracy."""
    x = torch.from_numpy(pixels).float() / 255
    y = torch.from_numpy(labels).long()
    model, per_epoch, acc = train_mlp(x, y, lambda p: torch.optim.SGD(p, lr=lr), epochs)
    emit_epochs("minibatch", len(x), per_epoch, acc)
    return model


def dense(pixels, labels, epochs):
    """784-128-10, batch 64, Adam 0.001, on the images inverted (255 - p: 99.4% of the
    sample's pixels non-zero); the first epoch's seconds, the median of the later ones, and the accuracy."""
    x = (255 - torch.from_numpy(pixels).float()) / 255
    y = torch.from_numpy(labels).long()
    _, per_epoch, acc = train_mlp(x, y, lambda p: torch.optim.Adam(p, lr=0.001), epochs)
    emit_epochs("dense", len(x), per_epoch, acc)


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


def parts(batches, k):
    """Batch indices where each of k nearly equal parts of `batches` batches starts, and the end
    (i * batches // k, as digitnet's BenchConvnet.parts)."""
    return [i * batches // k for i in range(k + 1)]


def convnet(pixels, labels, fraction):
    """Keras' simple MNIST convnet, Adam 0.001, batch 64: after an untimed warm-up of 10 batches on
    the first 640 rows (that network thrown away), one timed pass of a fresh network over the first
    `fraction` of the 60,000 rows, in 4 parts; the wall time of the pass, of its first part (cold)
    and the median of the other parts, and the pass's CPU time (all threads), each scaled to 60,000
    images, and the accuracy of that pass."""
    n = max(64 * CONVNET_PARTS, int(round(fraction * len(pixels))))
    nn = torch.nn

    def fresh():
        torch.manual_seed(1)
        model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                              nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))
        return model, torch.optim.Adam(model.parameters(), lr=0.001)

    loss_fn = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(1)

    def step(model, opt, x, y, idx):
        opt.zero_grad(set_to_none=True)
        logits = model(x[idx])
        loss = loss_fn(logits, y[idx])
        loss.backward()
        opt.step()
        return int((logits.argmax(1) == y[idx]).sum())

    warm_x = torch.from_numpy(pixels[:CONVNET_WARM_UP_ROWS]).float().reshape(-1, 1, 28, 28) / 255
    warm_y = torch.from_numpy(labels[:CONVNET_WARM_UP_ROWS]).long()
    model, opt = fresh()
    warm = torch.randperm(len(warm_x), generator=g)
    for s in range(0, len(warm_x), 64):
        step(model, opt, warm_x, warm_y, warm[s:s + 64])

    x = torch.from_numpy(pixels[:n]).float().reshape(-1, 1, 28, 28) / 255
    y = torch.from_numpy(labels[:n]).long()
    model, opt = fresh()
    bounds = parts((n + 63) // 64, CONVNET_PARTS)
    part_seconds = []
    t0, cpu0 = time.perf_counter(), time.process_time()
    order = torch.randperm(n, generator=g)
    correct = 0
    for k in range(CONVNET_PARTS):
        p0 = time.perf_counter()
        for b in range(bounds[k], bounds[k + 1]):
            correct += step(model, opt, x, y, order[b * 64:b * 64 + 64])
        images = min(n, bounds[k + 1] * 64) - bounds[k] * 64
        part_seconds.append((time.perf_counter() - p0) * 60000 / images)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    emit(workload="convnet", images=n, seconds_per_epoch=seconds * 60000 / n, cpu_seconds_per_epoch=cpu * 60000 / n,
         first_part_seconds_per_epoch=part_seconds[0], steady_seconds_per_epoch=median(part_seconds[1:]),
         parts=CONVNET_PARTS, accuracy=correct / n)
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
    ap.add_argument("--epochs", type=int, default=4, help="timed epochs of the mini-batch workloads (at least 2)")
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
        model = minibatch(pixels[:60000], labels[:60000], max(2, a.epochs), a.lr)
        inference(model, pixels, a.seconds)
    if "dense" in workloads:
        dense(pixels[:60000], labels[:60000], max(2, a.epochs))
    if "convnet" in workloads:
        model = convnet(pixels[:60000], labels[:60000], a.convnet_fraction)
        convnet_inference(model, pixels, a.seconds)


if __name__ == "__main__":
    main()

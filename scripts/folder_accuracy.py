#!/usr/bin/env python3
"""Test accuracy on a folder of colour pictures: digitnet's `train --preset accurate` against PyTorch's
Keras convnet with 3 input channels, trained on the same rows and tested on the same test/ folder.

    python3 scripts/make_colour_folder.py --out /tmp/colour-fashion --train 3000 --test 1000 --seed 1
    python3 scripts/folder_accuracy.py --folder /tmp/colour-fashion --seeds 1 2 3

The folder is OUT/train/<class>/*.png and OUT/test/<class>/*.png. digitnet runs as a whole process
(./digitnet, its cache in a temporary folder) and its "test folder" line is read; it holds 1,000 of the
train rows out as dev rows, as its presets do. PyTorch trains the Keras example's convnet (Conv 32 3x3,
ReLU, max pool 2, Conv 64 3x3, ReLU, max pool 2, dropout 0.5, linear), Adam 0.001, batch 128, 15 epochs,
on 90% of the train rows (Keras' validation_split=0.1), as keras.io/examples/vision/mnist_convnet does.
Classes are the subfolders in sorted order for both. Needs torch, numpy and PIL."""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
from PIL import Image


def read_part(folder):
    classes = sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)))
    xs, ys = [], []
    for k, c in enumerate(classes):
        for name in sorted(os.listdir(os.path.join(folder, c))):
            xs.append(np.asarray(Image.open(os.path.join(folder, c, name)).convert("RGB"), dtype=np.uint8))
            ys.append(k)
    x = np.stack(xs).transpose(0, 3, 1, 2).astype(np.float32) / 255.0     # N, C, H, W
    return torch.from_numpy(x), torch.tensor(ys), classes


def keras_convnet(x, y, xt, yt, classes, seed, epochs=15, batch=128):
    nn = torch.nn
    torch.manual_seed(seed)
    h, w = x.shape[2], x.shape[3]
    flat = 64 * (((h - 2) // 2 - 2) // 2) * (((w - 2) // 2 - 2) // 2)
    model = nn.Sequential(nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5), nn.Linear(flat, classes))
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    g = torch.Generator().manual_seed(seed)
    order = torch.randperm(len(x), generator=g)
    train = order[:int(len(x) * 0.9)]
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(epochs):
        model.train()
        perm = train[torch.randperm(len(train), generator=g)]
        for s in range(0, len(perm), batch):
            idx = perm[s:s + batch]
            opt.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        return float((model(xt).argmax(1) == yt).float().mean())


def digitnet(folder, seed, launcher):
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [launcher, "train", "--data", folder, "--preset", "accurate", "--seed", str(seed), "--quiet",
               "--data-dir", tmp, "--model", os.path.join(tmp, "m.safetensors")]
        t0 = time.time()
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit("digitnet failed: " + out.stderr)
        m = re.search(r"test folder .*: accuracy ([0-9.]+)", out.stdout)
        return float(m.group(1)), time.time() - t0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--folder", required=True)
    p.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    p.add_argument("--digitnet", default="./digitnet")
    a = p.parse_args()
    torch.set_num_threads(2)
    x, y, classes = read_part(os.path.join(a.folder, "train"))
    xt, yt, _ = read_part(os.path.join(a.folder, "test"))
    print("folder %s: %d train, %d test pictures of %s, %d classes; torch %s" % (
        a.folder, len(x), len(xt), "x".join(map(str, x.shape[1:])), len(classes), torch.__version__))
    print("%-5s %-28s %-28s" % ("seed", "digitnet --preset accurate", "PyTorch Keras convnet (3 ch)"))
    rows = []
    for seed in a.seeds:
        d, seconds = digitnet(a.folder, seed, a.digitnet)
        t0 = time.time()
        k = keras_convnet(x, y, xt, yt, len(classes), seed)
        rows.append((d, k))
        print("%-5d %-28s %-28s" % (seed, "%.4f (%.0f s)" % (d, seconds), "%.4f (%.0f s)" % (k, time.time() - t0)))
        sys.stdout.flush()
    print("mean  %-28s %-28s" % ("%.4f" % np.mean([r[0] for r in rows]), "%.4f" % np.mean([r[1] for r in rows])))


if __name__ == "__main__":
    main()

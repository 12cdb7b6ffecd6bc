"""The standard PyTorch recipes of the preset test matrix (issue 12), on given train/dev/test files.

    /usr/bin/python3 scripts/matrix/torch_recipes.py --train T.csv --dev D.csv --test X.csv \
        --height H --width W [--recipe mlp|convnet|both] [--seed 1] [--max-epochs 100] [--patience 5]

The recipe: pixels / 255, Adam at 1e-3 (PyTorch's defaults otherwise), batch 64, reshuffled each
epoch, cross-entropy; after each epoch the dev accuracy is measured, the weights of the best one
are kept, and training stops after `--patience` epochs without a better one (or `--max-epochs`).
The kept weights are scored once on the test rows, which played no part in training or stopping.

- mlp: Linear(N, 128), ReLU, Linear(128, 10) (the 784-128-10 network of the tutorials);
- convnet: the Keras MNIST convnet, Conv(32, 3x3), ReLU, MaxPool 2, Conv(64, 3x3), ReLU,
  MaxPool 2, Flatten, Dropout 0.5, Linear(10); only where the image allows it (after the second
  pooling at least 1x1 remains: sides of at least 10 pixels), otherwise it is reported as n/a.

The files are the rows digitnet cuts (scripts/matrix/SplitFiles.java writes them from digitnet's
own split). Seeded with torch.manual_seed; PyTorch on CPU is reproducible for a given thread
count (`--threads`, default 1). Prints one JSON object per recipe on stdout.
"""
import argparse
import json
import sys
import time

import numpy as np
import torch
from torch import nn


def read_csv(path):
    """(labels int64[n], pixels float32[n, features] in 0..1) of a labelled Kaggle CSV."""
    with open(path) as f:
        header = f.readline().strip().split(",")
        rows = np.loadtxt(f, delimiter=",", dtype=np.int64, ndmin=2)
    if header[0] != "label":
        sys.exit(f"{path}: line 1: the first column must be 'label'")
    if rows.size == 0:
        sys.exit(f"{path}: no rows")
    return torch.from_numpy(rows[:, 0]), torch.from_numpy(rows[:, 1:].astype(np.float32) / 255.0)


def convnet_fits(height, width):
    """conv 3 -> pool 2 -> conv 3 -> pool 2 leaves at least 1x1."""
    def after(side):
        return ((side - 2) // 2 - 2) // 2
    return after(height) >= 1 and after(width) >= 1


def mlp(features, classes):
    return nn.Sequential(nn.Linear(features, 128), nn.ReLU(), nn.Linear(128, classes))


def convnet(height, width, classes):
    side_h = ((height - 2) // 2 - 2) // 2
    side_w = ((width - 2) // 2 - 2) // 2
    return nn.Sequential(
        nn.Unflatten(1, (1, height, width)),
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.5), nn.Linear(64 * side_h * side_w, classes))


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        correct = 0
        for i in range(0, len(y), 1000):
            correct += (model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item()
    return correct / len(y)


def train(model, data, seed, max_epochs, patience, batch=64):
    """Adam 1e-3, batch 64, early stopping on dev accuracy keeping the best weights."""
    (x, y), (dx, dy), (tx, ty) = data
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.Generator().manual_seed(seed)
    best, best_epoch, best_state, epochs = -1.0, 0, None, 0
    start = time.perf_counter()
    for epoch in range(1, max_epochs + 1):
        model.train()
        perm = torch.randperm(len(y), generator=order)
        for i in range(0, len(y), batch):
            rows = perm[i:i + batch]
            optimizer.zero_grad()
            loss_fn(model(x[rows]), y[rows]).backward()
            optimizer.step()
        epochs = epoch
        dev = accuracy(model, dx, dy)
        if dev > best:
            best, best_epoch = dev, epoch
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        elif epoch - best_epoch >= patience:
            break
    seconds = time.perf_counter() - start
    model.load_state_dict(best_state)
    return {"devAccuracy": best, "testAccuracy": accuracy(model, tx, ty), "bestEpoch": best_epoch,
            "epochs": epochs, "seconds": round(seconds, 2)}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--train", required=True)
    p.add_argument("--dev", required=True)
    p.add_argument("--test", required=True)
    p.add_argument("--height", type=int, required=True)
    p.add_argument("--width", type=int, required=True)
    p.add_argument("--recipe", choices=["mlp", "convnet", "both"], default="both")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--max-epochs", type=int, default=100)
    p.add_argument("--patience", type=int, default=5)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    data = [read_csv(args.train), read_csv(args.dev), read_csv(args.test)]
    features = data[0][1].shape[1]
    if features != args.height * args.width:
        sys.exit(f"{args.train}: {features} pixels, not {args.height}x{args.width}")
    classes = int(max(int(d[0].max()) for d in data)) + 1
    classes = max(classes, 10)
    recipes = ["mlp", "convnet"] if args.recipe == "both" else [args.recipe]
    for name in recipes:
        result = {"recipe": name, "seed": args.seed, "rows": {"train": len(data[0][0]), "dev": len(data[1][0]),
                                                               "test": len(data[2][0])}}
        if name == "convnet" and not convnet_fits(args.height, args.width):
            result["skipped"] = f"a {args.height}x{args.width} image is too small for two 3x3 convolutions and pools"
        else:
            torch.manual_seed(args.seed)
            model = mlp(features, classes) if name == "mlp" else convnet(args.height, args.width, classes)
            result.update(train(model, [(d[1], d[0]) for d in data], args.seed, args.max_epochs, args.patience))
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()

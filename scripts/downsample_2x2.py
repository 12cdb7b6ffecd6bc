"""Downsample a Kaggle-format digit CSV by averaging each 2x2 block of pixels (28x28 -> 14x14).

Used to check that `digitnet train --preset accurate` is not tuned to 28x28 digits:

    python3 scripts/downsample_2x2.py core/src/main/resources/digitnet/data/mnist-10k.csv.gz /tmp/mnist-14x14.csv

Reads `label,pixel0..pixelN-1` (plain or .gz, square images of even side), writes the same
layout with N/4 pixels, rounding each block's mean to the nearest integer.
"""
import gzip
import sys

import numpy as np


def main(src, dst):
    opener = gzip.open if src.endswith(".gz") else open
    with opener(src, "rt") as f:
        header = f.readline().strip().split(",")
        rows = np.loadtxt(f, delimiter=",", dtype=np.int64, ndmin=2)
    if header[0] != "label":
        sys.exit(f"{src}: the first column must be 'label'")
    labels, pixels = rows[:, 0], rows[:, 1:].astype(np.float64)
    side = int(round(pixels.shape[1] ** 0.5))
    if side * side != pixels.shape[1] or side % 2:
        sys.exit(f"{src}: {pixels.shape[1]} pixels is not a square image of even side")
    half = side // 2
    small = pixels.reshape(-1, half, 2, half, 2).mean(axis=(2, 4))
    small = np.floor(small + 0.5).astype(np.int64).reshape(len(labels), half * half)
    with open(dst, "w") as out:
        out.write("label," + ",".join(f"pixel{j}" for j in range(half * half)) + "\n")
        for label, row in zip(labels, small):
            out.write(f"{label}," + ",".join(map(str, row)) + "\n")
    print(f"{dst}: {len(labels)} images of {half}x{half}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: downsample_2x2.py IN.csv[.gz] OUT.csv")
    main(sys.argv[1], sys.argv[2])

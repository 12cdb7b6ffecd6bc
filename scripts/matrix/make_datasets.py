"""Make the data sets of the preset test matrix (issue 12) from the embedded 10,000-digit sample.

    /usr/bin/python3 scripts/matrix/make_datasets.py OUT_DIR [--source CSV[.gz]] [--seed N]

Writes Kaggle-format CSV files (`label,pixel0..pixelN-1`, integers 0..255) into OUT_DIR, plus
`datasets.json` naming each file with its rows and shape:

    sample-28x28.csv    the sample as it is
    sample-14x14.csv    each 2x2 block of pixels averaged (area-averaged downscaling)
    sample-7x7.csv      each 4x4 block averaged
    subset-500.csv      500 rows of the sample at 28x28, drawn without replacement (seeded)
    subset-2000.csv     2,000 rows, drawn the same way (the 500 are not a prefix of the 2,000)
    inverted-28x28.csv  the sample with every pixel p written as 255 - p (white digits on black
                        become black on white; the background is 255)
    row-1x672.csv       the sample with the two leftmost and two rightmost columns of each
                        28x28 image dropped: 28 rows of 24 pixels, 672 values per image

The 1xN layout: 672 is not a square, so digitnet reads each image as one row of 672 pixels, which
is the case `--preset accurate` must handle without a convolution. Dropping border columns was
chosen over permuting the pixels because it keeps every pixel of ink (MNIST digits are centred in
a 20x20 box inside the 28x28 frame; the four dropped columns are blank in almost every image, the
script prints how many ink pixels it dropped), so the data set measures the layout and not a loss
of information. An MLP is blind to pixel order, so a permutation would tell us nothing more.

Only the subsets use the seed; the other sets keep the sample's row order. Nothing here is
committed: run it when the matrix needs the files. Needs numpy (Debian's /usr/bin/python3 has it).
"""
import argparse
import gzip
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "..", "core", "src", "main", "resources", "digitnet", "data", "mnist-10k.csv.gz")
SUBSET_SIZES = (500, 2000)
DROPPED_COLUMNS = 2  # on each side of a 28-pixel-wide image: 28 - 4 = 24 columns remain


def read_csv(path):
    """Returns (labels int64[n], pixels int64[n, features]) of a labelled Kaggle CSV (plain or .gz)."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        header = f.readline().strip().split(",")
        rows = np.loadtxt(f, delimiter=",", dtype=np.int64, ndmin=2)
    if header[0] != "label":
        sys.exit(f"{path}: line 1: the first column must be 'label', found '{header[0]}'")
    if rows.shape[1] != len(header):
        sys.exit(f"{path}: the rows have {rows.shape[1]} values, the header names {len(header)}")
    return rows[:, 0], rows[:, 1:]


def write_csv(path, labels, pixels):
    """Writes label,pixel0.. to path through a temporary file renamed at the end."""
    tmp = path + ".tmp"
    header = "label," + ",".join(f"pixel{j}" for j in range(pixels.shape[1]))
    np.savetxt(tmp, np.column_stack([labels, pixels]), fmt="%d", delimiter=",", header=header, comments="")
    os.replace(tmp, path)


def side_of(pixels):
    side = int(round(pixels.shape[1] ** 0.5))
    if side * side != pixels.shape[1]:
        raise ValueError(f"{pixels.shape[1]} pixels is not a square image")
    return side


def downscale(pixels, factor):
    """Area-averaged downscaling: each factor x factor block becomes its mean, rounded half up."""
    side = side_of(pixels)
    if side % factor:
        raise ValueError(f"side {side} is not a multiple of {factor}")
    small = side // factor
    blocks = pixels.astype(np.float64).reshape(-1, small, factor, small, factor).mean(axis=(2, 4))
    return np.floor(blocks + 0.5).astype(np.int64).reshape(len(pixels), small * small)


def invert(pixels):
    return 255 - pixels


def drop_side_columns(pixels, each_side):
    """Drops each_side columns at the left and at the right of each square image; returns (rows, h * w')."""
    side = side_of(pixels)
    images = pixels.reshape(-1, side, side)
    kept = images[:, :, each_side:side - each_side]
    dropped_ink = int(np.count_nonzero(images[:, :, :each_side]) + np.count_nonzero(images[:, :, side - each_side:]))
    return kept.reshape(len(pixels), -1), dropped_ink


def subset(labels, pixels, size, rng):
    if size > len(labels):
        raise ValueError(f"a subset of {size} rows from {len(labels)}")
    rows = np.sort(rng.choice(len(labels), size=size, replace=False))
    return labels[rows], pixels[rows]


def make(source, out_dir, seed, subset_sizes=SUBSET_SIZES):
    """Writes every data set into out_dir and returns the manifest (a list of dicts)."""
    labels, pixels = read_csv(source)
    side = side_of(pixels)
    rng = np.random.default_rng(seed)
    sets = [("sample-%dx%d" % (side, side), labels, pixels, (side, side))]
    for factor in (2, 4):
        small = side // factor
        sets.append(("sample-%dx%d" % (small, small), labels, downscale(pixels, factor), (small, small)))
    for size in subset_sizes:
        sub_labels, sub_pixels = subset(labels, pixels, size, rng)
        sets.append(("subset-%d" % size, sub_labels, sub_pixels, (side, side)))
    sets.append(("inverted-%dx%d" % (side, side), labels, invert(pixels), (side, side)))
    row, dropped_ink = drop_side_columns(pixels, DROPPED_COLUMNS)
    sets.append(("row-1x%d" % row.shape[1], labels, row, (1, row.shape[1])))

    os.makedirs(out_dir, exist_ok=True)
    manifest = []
    for name, set_labels, set_pixels, (height, width) in sets:
        path = os.path.join(out_dir, name + ".csv")
        write_csv(path, set_labels, set_pixels)
        manifest.append({"name": name, "file": name + ".csv", "rows": int(len(set_labels)),
                         "height": height, "width": width})
        print(f"{path}: {len(set_labels)} rows of {height}x{width}")
    print(f"row-1x{row.shape[1]}: dropped {dropped_ink} non-zero pixels of {np.count_nonzero(pixels)}")
    with open(os.path.join(out_dir, "datasets.json.tmp"), "w") as f:
        json.dump({"source": os.path.basename(source), "seed": seed, "datasets": manifest}, f, indent=2)
    os.replace(os.path.join(out_dir, "datasets.json.tmp"), os.path.join(out_dir, "datasets.json"))
    return manifest


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--source", default=SAMPLE, help="labelled Kaggle CSV (default: the embedded sample)")
    parser.add_argument("--seed", type=int, default=12, help="seed of the subsets (default 12)")
    parser.add_argument("--subsets", default=",".join(map(str, SUBSET_SIZES)),
                        help="comma-separated subset sizes (default 500,2000)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.subsets.split(",") if s]
    make(args.source, args.out_dir, args.seed, sizes)


if __name__ == "__main__":
    main()

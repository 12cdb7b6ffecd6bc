#!/usr/bin/env python3
"""Makes a folder of colour PNGs in class subfolders from an IDX set (Fashion-MNIST by default).

Each 28x28 grey image becomes a colour picture: its ink is painted in a random foreground colour on
a random background colour (seeded), so colour carries no class information and a model must read
the shapes through the colours. Layout: OUT/train/<class>/<n>.png and OUT/test/<class>/<n>.png.

    python3 scripts/make_colour_folder.py --idx /usr/share/datasets/fashion-mnist \
        --out /tmp/colour-fashion --train 3000 --test 1000 --seed 1

Needs numpy and PIL (Debian: python3-numpy, python3-pil).
"""
import argparse
import gzip
import os
import struct

import numpy as np
from PIL import Image

FASHION = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = [struct.unpack(">I", f.read(4))[0] for _ in range(magic & 0xFF)]
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def tinted(grey, rng):
    fg = rng.integers(0, 256, 3).astype(np.float32)
    bg = rng.integers(0, 256, 3).astype(np.float32)
    while np.abs(fg - bg).sum() < 150:            # keep the ink visible
        bg = rng.integers(0, 256, 3).astype(np.float32)
    a = grey.astype(np.float32)[..., None] / 255.0
    return np.clip(np.rint(bg * (1 - a) + fg * a), 0, 255).astype(np.uint8)


def write(out, part, images, labels, names, rng):
    for i, (img, label) in enumerate(zip(images, labels)):
        folder = os.path.join(out, part, names[label])
        os.makedirs(folder, exist_ok=True)
        Image.fromarray(tinted(img, rng), "RGB").save(os.path.join(folder, "%05d.png" % i))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--idx", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--out", required=True)
    p.add_argument("--train", type=int, default=3000)
    p.add_argument("--test", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    x = read_idx(os.path.join(a.idx, "train-images-idx3-ubyte.gz"))
    y = read_idx(os.path.join(a.idx, "train-labels-idx1-ubyte.gz"))
    xt = read_idx(os.path.join(a.idx, "t10k-images-idx3-ubyte.gz"))
    yt = read_idx(os.path.join(a.idx, "t10k-labels-idx1-ubyte.gz"))
    names = FASHION if "fashion" in a.idx else [str(k) for k in range(10)]
    pick = rng.permutation(len(x))[:a.train]
    pick_t = rng.permutation(len(xt))[:a.test]
    write(a.out, "train", x[pick], y[pick], names, rng)
    write(a.out, "test", xt[pick_t], yt[pick_t], names, rng)
    print("wrote %d train and %d test pictures to %s" % (a.train, a.test, a.out))


if __name__ == "__main__":
    main()

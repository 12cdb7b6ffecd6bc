"""Write scikit-learn's bundled 8x8 handwritten digits as a Kaggle CSV for the test matrix (issue 21).

    /usr/bin/python3 scripts/matrix/make_sklearn_digits.py OUT_DIR

`sklearn.datasets.load_digits()` ships inside scikit-learn (no download): 1,797 images of 8x8,
pixel values 0..16, the test set of the UCI "Optical Recognition of Handwritten Digits" data
(NIST forms of 13 writers, each 32x32 bitmap counted in 4x4 blocks). None of it was used in
designing digitnet's presets, which were chosen on the embedded 10,000-row MNIST sample and data
made from it; here it is held-out data for the presets.

Writes OUT_DIR/sklearn-digits.csv (`label,pixel0..pixel63`, each value v written as
round(v * 255 / 16), so 0..16 becomes 0..255 as digitnet and the peers read 0..255) in
load_digits' row order, and OUT_DIR/datasets-sklearn-digits.json, the manifest that
`run.py OUT_DIR --datasets sklearn-digits` reads. Nothing here is committed: run it when the
matrix needs the file. Needs scikit-learn (Debian's python3-sklearn).
"""
import argparse
import json
import os

import numpy as np
from sklearn.datasets import load_digits

NAME = "sklearn-digits"


def scaled(data):
    """0..16 to 0..255: round(v * 255 / 16), half up (the one tie, v = 8, is 127.5: written 128)."""
    return np.floor(np.asarray(data, dtype=np.float64) * 255.0 / 16.0 + 0.5).astype(np.int64)


def make(out_dir):
    digits = load_digits()
    labels = digits.target.astype(np.int64)
    pixels = scaled(digits.data)
    if pixels.shape[1] != 64 or pixels.min() < 0 or pixels.max() > 255:
        raise ValueError(f"unexpected digits: {pixels.shape}, values {pixels.min()}..{pixels.max()}")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, NAME + ".csv")
    header = "label," + ",".join(f"pixel{j}" for j in range(pixels.shape[1]))
    np.savetxt(path + ".tmp", np.column_stack([labels, pixels]), fmt="%d", delimiter=",", header=header,
               comments="")
    os.replace(path + ".tmp", path)
    manifest = {"source": "sklearn.datasets.load_digits()", "scaling": "round(v * 255 / 16)",
                "datasets": [{"name": NAME, "file": NAME + ".csv", "rows": int(len(labels)), "height": 8,
                              "width": 8}]}
    manifest_path = os.path.join(out_dir, "datasets-" + NAME + ".json")
    with open(manifest_path + ".tmp", "w") as f:
        json.dump(manifest, f, indent=2)
    os.replace(manifest_path + ".tmp", manifest_path)
    print(f"{path}: {len(labels)} rows of 8x8, classes {np.bincount(labels).tolist()}")
    return manifest


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir")
    make(parser.parse_args().out_dir)


if __name__ == "__main__":
    main()

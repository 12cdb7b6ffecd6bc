"""Write Fashion-MNIST's 10,000 test images as a Kaggle CSV for the test matrix (issue 21).

    /usr/bin/python3 scripts/matrix/make_fashion_mnist.py OUT_DIR [--source DIR]

Fashion-MNIST (Zalando Research) ships inside Debian's `dataset-fashion-mnist` package
(`apt-get install dataset-fashion-mnist`: /usr/share/datasets/fashion-mnist, IDX files, no
download at run time): 28x28 grey pictures of clothes, shoes and bags in 10 classes, in MNIST's
format but not digits. None of it was used in designing digitnet's presets, which were chosen on the
embedded 10,000-row MNIST sample and data made from it; here it is held-out data at the presets'
home size, where the Keras convnet applies.

Takes the 10,000 rows of `t10k-images-idx3-ubyte.gz` (1,000 of each class; the same number of
rows as the embedded sample, and a tenth of the training file's cost to run) in the file's order,
pixels 0..255 as they are, and writes OUT_DIR/fashion-mnist-10k.csv (`label,pixel0..pixel783`) and
OUT_DIR/datasets-fashion-mnist.json, the manifest that `run.py OUT_DIR --datasets fashion-mnist`
reads. Nothing here is committed. Needs numpy.
"""
import argparse
import gzip
import json
import os

import numpy as np

SOURCE = "/usr/share/datasets/fashion-mnist"
NAME = "fashion-mnist-10k"


def read_idx(path, magic, dims):
    """The values of a gzipped IDX file of unsigned bytes with the given magic number and dimensions."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    header = np.frombuffer(data[:4 * (1 + dims)], dtype=">u4")
    if header[0] != magic:
        raise ValueError(f"{path}: magic {header[0]:#x}, expected {magic:#x}")
    shape = tuple(int(n) for n in header[1:])
    values = np.frombuffer(data[4 * (1 + dims):], dtype=np.uint8)
    if values.size != int(np.prod(shape)):
        raise ValueError(f"{path}: {values.size} values for a shape {shape}")
    return values.reshape(shape)


def make(source, out_dir):
    images = read_idx(os.path.join(source, "t10k-images-idx3-ubyte.gz"), 0x803, 3)
    labels = read_idx(os.path.join(source, "t10k-labels-idx1-ubyte.gz"), 0x801, 1)
    if len(images) != len(labels) or images.shape[1:] != (28, 28):
        raise ValueError(f"{source}: {images.shape} images, {labels.shape} labels")
    pixels = images.reshape(len(images), -1).astype(np.int64)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, NAME + ".csv")
    header = "label," + ",".join(f"pixel{j}" for j in range(pixels.shape[1]))
    np.savetxt(path + ".tmp", np.column_stack([labels.astype(np.int64), pixels]), fmt="%d", delimiter=",",
               header=header, comments="")
    os.replace(path + ".tmp", path)
    manifest = {"source": os.path.join(source, "t10k-images-idx3-ubyte.gz"),
                "datasets": [{"name": NAME, "file": NAME + ".csv", "rows": int(len(labels)), "height": 28,
                              "width": 28}]}
    manifest_path = os.path.join(out_dir, "datasets-fashion-mnist.json")
    with open(manifest_path + ".tmp", "w") as f:
        json.dump(manifest, f, indent=2)
    os.replace(manifest_path + ".tmp", manifest_path)
    print(f"{path}: {len(labels)} rows of 28x28, classes {np.bincount(labels).tolist()}")
    return manifest


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--source", default=SOURCE, help=f"the IDX files' folder (default {SOURCE})")
    args = parser.parse_args()
    make(args.source, args.out_dir)


if __name__ == "__main__":
    main()

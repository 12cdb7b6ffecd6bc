"""Makes the tuning data of the presets (docs/training.md, "Presets") from the embedded sample, in OUT (default /tmp/i12p):

    /usr/bin/python3 scripts/presets/make_data.py [OUT]

s14.csv, s7.csv: 2x2 and 4x4 block means (14x14, 7x7); s8.csv: the 24x24 centre crop in 3x3 block means (8x8);
s8_1500.csv: its first 1,500 rows, s8_test.csv: its rows 5,000-6,999; row50.csv: the 7x7 pixels and one 0 as 50
columns (not a square, so read as 1x50); s28_inv.csv: the sample inverted.
"""
import gzip
import os
import sys

import numpy as np

SAMPLE = os.path.join(os.path.dirname(__file__), "../../core/src/main/resources/digitnet/data/mnist-10k.csv.gz")


def write(out, name, images, labels):
    flat = np.floor(images.reshape(len(labels), -1) + 0.5).astype(np.int64)
    with open(os.path.join(out, name + ".csv"), "w") as f:
        f.write("label," + ",".join(f"pixel{i}" for i in range(flat.shape[1])) + "\n")
        for label, row in zip(labels, flat):
            f.write(str(label) + "," + ",".join(map(str, row)) + "\n")


def main(out):
    os.makedirs(out, exist_ok=True)
    with gzip.open(SAMPLE, "rt") as f:
        f.readline()
        rows = np.loadtxt(f, delimiter=",", dtype=np.int64, ndmin=2)
    labels, px = rows[:, 0], rows[:, 1:].astype(np.float64).reshape(-1, 28, 28)
    s14 = px.reshape(-1, 14, 2, 14, 2).mean(axis=(2, 4))
    s7 = px.reshape(-1, 7, 4, 7, 4).mean(axis=(2, 4))
    s8 = px[:, 2:26, 2:26].reshape(-1, 8, 3, 8, 3).mean(axis=(2, 4))
    write(out, "s14", s14, labels)
    write(out, "s7", s7, labels)
    write(out, "s8", s8, labels)
    write(out, "s8_1500", s8[:1500], labels[:1500])
    write(out, "s8_test", s8[5000:7000], labels[5000:7000])
    row = np.concatenate([s7.reshape(-1, 49), np.zeros((len(labels), 1))], axis=1)
    write(out, "row50", row, labels)
    write(out, "s28_inv", 255 - px, labels)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/i12p")

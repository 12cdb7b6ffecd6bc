#!/usr/bin/env python3
"""Loads a digitnet model with numpy alone and predicts the digits of a Kaggle CSV (docs/model-format.md).
Usage: python3 scripts/load_model.py MODEL.safetensors DIGITS.csv
Prints one line per CSV row: the predicted class label, the logits, then the probabilities."""
import hashlib, json, struct, sys
import numpy as np

raw = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", raw[:8])[0]                          # 8-byte little-endian header length
header = json.loads(raw[8:8 + n])
meta, data = header.pop("__metadata__"), raw[8 + n:]
assert meta["format"] == "digitnet" and meta["format_version"] == "1", "not a digitnet version 1 model"
assert hashlib.sha256(data).hexdigest() == meta["data_sha256"], "the data section is corrupted"
if "layers" in json.loads(meta["architecture"]):
    sys.exit(sys.argv[1] + ": a layer-list network (train --layers); this numpy loader reads MLPs only, "
             "scripts/load_with_pytorch.py reads both")
t = {k: np.frombuffer(data[v["data_offsets"][0]:v["data_offsets"][1]], "<f4").reshape(v["shape"]) for k, v in header.items()}
layers = len(json.loads(meta["architecture"])["hidden"]) + 1
labels, scale = json.loads(meta["class_labels"]), np.float32(json.loads(meta["input"])["pixel_scale"])

rows = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1, dtype=np.float32, ndmin=2)
x = rows[:, -t["0.weight"].shape[1]:] * scale                # the pixel columns (a label column is dropped)
for i in range(layers):                                       # nn.Sequential: Linear at 0, 2, 4, ..., ReLU between
    x = x @ t[f"{2 * i}.weight"].T + t[f"{2 * i}.bias"]
    x = np.maximum(x, 0) if i < layers - 1 else x
p = np.exp(x - x.max(axis=1, keepdims=True))
p /= p.sum(axis=1, keepdims=True)                             # softmax of the logits
for logits, probs in zip(x, p):
    print(labels[int(probs.argmax())], *(repr(float(v)) for v in logits), *(repr(float(v)) for v in probs))

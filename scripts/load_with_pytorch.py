#!/usr/bin/env python3
"""Loads a digitnet model into a PyTorch nn.Sequential with load_state_dict and prints its logits.
Usage: python3 scripts/load_with_pytorch.py MODEL.safetensors DIGITS.csv
Uses safetensors.torch.load_file when the safetensors package is installed; otherwise reads the
same layout by hand. Prints one line per CSV row: the predicted class label, then the logits."""
import json, struct, sys
import numpy as np
import torch
from torch import nn

path = sys.argv[1]
raw = open(path, "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
header = json.loads(raw[8:8 + n])
meta = header.pop("__metadata__")
try:
    from safetensors.torch import load_file
    state = load_file(path)
except ImportError:
    data = raw[8 + n:]
    state = {k: torch.from_numpy(np.frombuffer(data[v["data_offsets"][0]:v["data_offsets"][1]], "<f4")
                                 .reshape(v["shape"]).copy()) for k, v in header.items()}
state = {k: v for k, v in state.items() if not k.startswith("optimizer.")}   # optimizer state is not a layer

arch = json.loads(meta["architecture"])
sizes = [arch["inputs"], *arch["hidden"], arch["classes"]]
modules = []
for i in range(len(sizes) - 1):
    modules += [nn.Linear(sizes[i], sizes[i + 1])] + ([nn.ReLU()] if i < len(sizes) - 2 else [])
model = nn.Sequential(*modules)
model.load_state_dict(state, strict=True)

labels, scale = json.loads(meta["class_labels"]), json.loads(meta["input"])["pixel_scale"]
rows = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1, dtype=np.float32, ndmin=2)
x = torch.from_numpy(rows[:, -sizes[0]:]) * torch.tensor(scale, dtype=torch.float32)
with torch.no_grad():
    logits = model(x)
for row in logits:
    print(labels[int(row.argmax())], *(repr(float(v)) for v in row))

#!/usr/bin/env python3
"""Loads a digitnet model into a PyTorch nn.Sequential with load_state_dict and prints its logits.
Usage: python3 scripts/load_with_pytorch.py MODEL.safetensors DIGITS.csv (one row of channels*height*width
values per image, channel-major for a colour model: all red values, then green, then blue)
The network is built from the metadata: the hidden sizes of an MLP, or the layer list of a
network made with train --layers (docs/cnn.md), one module per item.
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
    dtypes = {"F32": "<f4", "I64": "<i8"}
    state = {k: torch.from_numpy(np.frombuffer(data[v["data_offsets"][0]:v["data_offsets"][1]], dtypes[v["dtype"]])
                                 .reshape(v["shape"]).copy()) for k, v in header.items()}
state = {k: v for k, v in state.items() if not k.startswith("optimizer.")}   # optimizer state is not a layer



def from_layer_list(layers, shape):
    """nn.Sequential of a layer list on input shape (C, H, W): one module per item."""
    modules, (c, h, w), flat = [], shape, False
    for item in layers.split(","):
        name, *args = item.split(":")
        if name == "conv":
            out, k, stride, pad = (list(map(int, args)) + [1, 0][len(args) - 2:])[:4]
            modules.append(nn.Conv2d(c, out, k, stride=stride, padding=pad))
            c, h, w = out, (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1
        elif name in ("maxpool", "avgpool"):
            k = int(args[0])
            modules.append(nn.MaxPool2d(k) if name == "maxpool" else nn.AvgPool2d(k))
            h, w = h // k, w // k
        elif name == "batchnorm":
            modules.append(nn.BatchNorm1d(c * h * w) if flat else nn.BatchNorm2d(c))
        elif name == "relu":
            modules.append(nn.ReLU())
        elif name == "dropout":
            modules.append(nn.Dropout(float(args[0])))
        elif name == "flatten":
            modules.append(nn.Flatten())
            c, h, w, flat = c * h * w, 1, 1, True
        elif name == "linear":
            modules.append(nn.Linear(c * h * w, int(args[0])))
            c, h, w, flat = int(args[0]), 1, 1, True
        else:
            sys.exit(f"{path}: unknown layer list item '{item}'")
    return nn.Sequential(*modules)


arch = json.loads(meta["architecture"])
if "layers" in arch:
    shape = arch["input_shape"]
    model = from_layer_list(arch["layers"], shape)
else:
    shape = [arch["inputs"]]
    sizes = [arch["inputs"], *arch["hidden"], arch["classes"]]
    modules = []
    for i in range(len(sizes) - 1):
        modules += [nn.Linear(sizes[i], sizes[i + 1])] + ([nn.ReLU()] if i < len(sizes) - 2 else [])
    model = nn.Sequential(*modules)
model.load_state_dict(state, strict=True)
model.eval()

labels, scale = json.loads(meta["class_labels"]), json.loads(meta["input"])["pixel_scale"]
rows = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1, dtype=np.float32, ndmin=2)
x = torch.from_numpy(rows[:, -arch["inputs"]:]) * torch.tensor(scale, dtype=torch.float32)
x = x.reshape(len(x), *shape)
with torch.no_grad():
    logits = model(x)
for row in logits:
    print(labels[int(row.argmax())], *(repr(float(v)) for v in row))

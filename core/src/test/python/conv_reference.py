"""A convolution's output and gradients in float64 by PyTorch, for nn.ConvVectorPathTest.

Each argument names a case file written by the test: eight little-endian int32 (batch, in channels,
height, width, out channels, kernel, stride, padding), then the float32 little-endian values of
x (batch, in, height, width), W (out, in, kernel, kernel), b (out) and R (batch, out, out height,
out width). The values are widened to float64, then y = conv2d(x, W, b) and the gradients of
L = sum(y * R) by autograd are written to the case file's name + ".out" as float64 little-endian:
y, dL/dx, dL/dW, dL/db, each in the layout of its input.
Run: /usr/bin/python3 src/test/python/conv_reference.py CASE...
"""
import struct
import sys

import torch


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    n, c, h, w, out, k, stride, pad = struct.unpack_from("<8i", data)
    oh, ow = (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1
    shapes = [(n, c, h, w), (out, c, k, k), (out,), (n, out, oh, ow)]
    values = torch.frombuffer(bytearray(data[32:]), dtype=torch.float32).to(torch.float64)
    tensors, at = [], 0
    for shape in shapes:
        size = 1
        for d in shape:
            size *= d
        tensors.append(values[at:at + size].reshape(shape).clone())
        at += size
    if at != values.numel():
        raise SystemExit(f"{path}: {values.numel()} values, the shapes need {at}")
    return tensors, stride, pad


def main():
    for path in sys.argv[1:]:
        (x, weight, bias, r), stride, pad = read(path)
        for t in (x, weight, bias):
            t.requires_grad_(True)
        y = torch.nn.functional.conv2d(x, weight, bias, stride=stride, padding=pad)
        (y * r).sum().backward()
        with open(path + ".out", "wb") as f:
            for t in (y, x.grad, weight.grad, bias.grad):
                flat = t.detach().reshape(-1).tolist()
                f.write(struct.pack(f"<{len(flat)}d", *flat))


if __name__ == "__main__":
    main()

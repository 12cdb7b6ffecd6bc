#!/usr/bin/env python3
"""Time to read a folder of pictures: digitnet's first run (decoding, then writing its cache) and second
run (from the cache), against torchvision's ImageFolder with a 2-worker DataLoader when torchvision is
installed, else a plain PIL + numpy loop over the same files in 2 processes (the work a 2-worker
DataLoader does: open, decode, convert to RGB, stack).

    python3 scripts/make_colour_folder.py --out /tmp/colour-fashion-10k --train 9000 --test 1000
    python3 scripts/folder_load_time.py --folder /tmp/colour-fashion-10k

digitnet's figure is the "read in X s" it prints for the folder (scan, decode or cache, data set made);
the process's wall time, JVM start included, is given too. Needs numpy and PIL."""
import argparse
import os
import re
import subprocess
import tempfile
import time
from multiprocessing import Pool

import numpy as np
from PIL import Image


def files(folder):
    out = []
    for root, _, names in os.walk(folder):
        out += [os.path.join(root, n) for n in sorted(names) if n.lower().endswith((".png", ".jpg", ".jpeg", ".bmp", ".gif"))]
    return sorted(out)


def decode(path):
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"), dtype=np.uint8)


def python_loop(folder, workers):
    t0 = time.perf_counter()
    paths = files(folder)
    with Pool(workers) as pool:
        arrays = pool.map(decode, paths, chunksize=64)
    x = np.stack(arrays).transpose(0, 3, 1, 2).copy()
    return time.perf_counter() - t0, len(x)


def torchvision_loader(folder, workers):
    import torch
    from torchvision import datasets, transforms
    t0 = time.perf_counter()
    n = 0
    for part in ("train", "test"):
        d = datasets.ImageFolder(os.path.join(folder, part), transform=transforms.PILToTensor())
        for x, _ in torch.utils.data.DataLoader(d, batch_size=256, num_workers=workers):
            n += len(x)
    return time.perf_counter() - t0, n


def digitnet_run(folder, cache, launcher):
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    t0 = time.perf_counter()
    out = subprocess.run([launcher, "show", "--data", folder, "--index", "0"], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    m = re.search(r"(\d+) pictures.*read in ([0-9.]+) s", out.stderr)
    if out.returncode != 0 or not m:
        raise SystemExit("digitnet failed: " + out.stderr)
    return float(m.group(2)), wall, int(m.group(1))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--folder", required=True)
    p.add_argument("--digitnet", default="./digitnet")
    p.add_argument("--workers", type=int, default=2)
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        first = digitnet_run(a.folder, cache, a.digitnet)
        second = digitnet_run(a.folder, cache, a.digitnet)
    try:
        import torchvision  # noqa: F401
        peer, (seconds, n) = "torchvision ImageFolder + DataLoader(num_workers=%d)" % a.workers, torchvision_loader(a.folder, a.workers)
    except ImportError:
        peer, (seconds, n) = "PIL + numpy in %d processes (torchvision not installed)" % a.workers, python_loop(a.folder, a.workers)
    print("folder %s: %d pictures, %d cores" % (a.folder, first[2], os.cpu_count()))
    print("digitnet first run (decode + write cache): %.2f s (process %.2f s)" % first[:2])
    print("digitnet second run (cache):               %.2f s (process %.2f s)" % second[:2])
    print("%s: %.2f s for %d pictures" % (peer, seconds, n))


if __name__ == "__main__":
    main()

"""The preset test matrix (issue 12): `digitnet train --preset accurate` against the PyTorch recipes.

    nice -n 10 /usr/bin/python3 scripts/matrix/run.py DIR [--seed 1] [--only NAME,..] [--digitnet CMD]

For every data set of DIR/datasets.json (made by make_datasets.py into DIR first when missing):

1. the split: dev and test rows are each a tenth of the rows, at least 100 (10,000 rows: 8,000
   train, 1,000 dev, 1,000 test; 500 rows: 300 / 100 / 100), cut with `--seed`;
2. digitnet: `digitnet train --data F --preset accurate --dev D --test T --seed S --json`
   (nothing else that changes training); its test accuracy and training-loop seconds;
3. PyTorch: SplitFiles.java writes the train/dev/test rows digitnet's own split cut, and
   torch_recipes.py trains the MLP and the Keras convnet on them (early stopping on the same dev
   rows, scored on the same test rows). These results do not depend on digitnet's presets and are
   cached in DIR/torch-cache, keyed by the data file's content, the split and the seed: re-running
   the matrix after a preset change re-runs only digitnet.

Writes DIR/matrix.md (the table) and DIR/matrix.json, and prints the table. A row is "met" when
digitnet's test accuracy is at least the better PyTorch recipe's.
"""
import argparse
import hashlib
import json
import os
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def held_out_rows(rows):
    return max(100, rows // 10)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def run(cmd, **kw):
    print("+ " + " ".join(shlex.quote(c) for c in cmd), file=sys.stderr, flush=True)
    return subprocess.run(cmd, check=True, text=True, **kw)


def torch_results(out_dir, d, path, dev, test, seed, jar, python):
    key = f"{d['name']}-{sha256(path)[:16]}-d{dev}-t{test}-s{seed}"
    cache = os.path.join(out_dir, "torch-cache", key + ".json")
    if os.path.exists(cache):
        with open(cache) as f:
            return json.load(f)
    split_dir = os.path.join(out_dir, "splits", key)
    run(["java", "-cp", jar, os.path.join(HERE, "SplitFiles.java"), path, str(dev), str(test), str(seed), split_dir])
    proc = run([python, os.path.join(HERE, "torch_recipes.py"),
                "--train", os.path.join(split_dir, "train.csv"), "--dev", os.path.join(split_dir, "dev.csv"),
                "--test", os.path.join(split_dir, "test.csv"), "--height", str(d["height"]),
                "--width", str(d["width"]), "--seed", str(seed)], stdout=subprocess.PIPE)
    results = {r["recipe"]: r for r in map(json.loads, proc.stdout.strip().splitlines())}
    os.makedirs(os.path.dirname(cache), exist_ok=True)
    with open(cache + ".tmp", "w") as f:
        json.dump(results, f, indent=2)
    os.replace(cache + ".tmp", cache)
    return results


def digitnet_result(out_dir, d, path, dev, test, seed, digitnet):
    model = os.path.join(out_dir, "models", d["name"] + ".safetensors")
    os.makedirs(os.path.dirname(model), exist_ok=True)
    start = time.perf_counter()
    proc = run(shlex.split(digitnet) + ["train", "--data", path, "--preset", "accurate", "--dev", str(dev),
                                        "--test", str(test), "--seed", str(seed), "--json", "--model", model],
               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"testAccuracy": summary["testAccuracy"], "devAccuracy": summary["devAccuracy"],
            "trainSeconds": round(summary["trainSeconds"], 1), "wallSeconds": round(wall, 1),
            "epochs": summary["epochs"], "stopReason": summary["stopReason"]}


def fmt(x):
    return "n/a" if x is None else f"{x:.3f}"


def table(rows):
    lines = ["| data set | rows | shape | digitnet test acc | digitnet s | PyTorch MLP | PyTorch convnet "
             "| better PyTorch | target |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r['name']} | {r['rows']} | {r['shape']} | {fmt(r['digitnet']['testAccuracy'])} "
                     f"| {r['digitnet']['trainSeconds']} | {fmt(r['mlp'])} | {fmt(r['convnet'])} "
                     f"| {fmt(r['better'])} | {r['verdict']} |")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("dir")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--only", default="", help="comma-separated data set names (default: all)")
    p.add_argument("--digitnet", default=os.path.join(ROOT, "digitnet"),
                   help="the command that runs digitnet (default: the launcher of this checkout)")
    p.add_argument("--jar", default=os.path.join(ROOT, "target", "digitnet.jar"),
                   help="digitnet's jar, for SplitFiles.java (default: target/digitnet.jar)")
    p.add_argument("--python", default="/usr/bin/python3")
    args = p.parse_args()
    manifest_path = os.path.join(args.dir, "datasets.json")
    if not os.path.exists(manifest_path):
        run([args.python, os.path.join(HERE, "make_datasets.py"), args.dir])
    with open(manifest_path) as f:
        manifest = json.load(f)
    only = set(filter(None, args.only.split(",")))
    rows = []
    for d in manifest["datasets"]:
        if only and d["name"] not in only:
            continue
        path = os.path.abspath(os.path.join(args.dir, d["file"]))
        dev = test = held_out_rows(d["rows"])
        ours = digitnet_result(args.dir, d, path, dev, test, args.seed, args.digitnet)
        theirs = torch_results(args.dir, d, path, dev, test, args.seed, args.jar, args.python)
        mlp_acc = theirs["mlp"].get("testAccuracy")
        conv_acc = theirs["convnet"].get("testAccuracy")
        better = max(a for a in (mlp_acc, conv_acc) if a is not None)
        gap = ours["testAccuracy"] - better
        rows.append({"name": d["name"], "rows": d["rows"], "shape": f"{d['height']}x{d['width']}",
                     "split": {"dev": dev, "test": test, "seed": args.seed}, "digitnet": ours, "torch": theirs,
                     "mlp": mlp_acc, "convnet": conv_acc, "better": better,
                     "verdict": "met" if gap >= 0 else f"missed by {-gap:.3f}"})
        print(table(rows[-1:]).splitlines()[-1], flush=True)
    text = table(rows)
    with open(os.path.join(args.dir, "matrix.md"), "w") as f:
        f.write(text + "\n")
    with open(os.path.join(args.dir, "matrix.json"), "w") as f:
        json.dump(rows, f, indent=2)
    print(text)


if __name__ == "__main__":
    main()

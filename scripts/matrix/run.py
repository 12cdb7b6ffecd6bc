"""The preset test matrix (issues 12, 21): `digitnet train --preset P` against standard peers.

    nice -n 10 /usr/bin/python3 scripts/matrix/run.py DIR [--datasets sample|sklearn-digits|fashion-mnist]
        [--preset accurate[,mlp,..]] [--seed 1[,2,..]] [--only NAME,..] [--peers torch,torch-mlp,sklearn] [--digitnet CMD]

For every data set of the group `--datasets` (made into DIR first by the group's maker when its
manifest is missing: `sample`, the default, is make_datasets.py's seven sets made from the
embedded sample, manifest DIR/datasets.json; `sklearn-digits` is make_sklearn_digits.py's,
DIR/datasets-sklearn-digits.json; `fashion-mnist` make_fashion_mnist.py's,
DIR/datasets-fashion-mnist.json), and every seed of `--seed`:

1. the split: dev and test rows are each a tenth of the rows, at least 100 (10,000 rows: 8,000
   train, 1,000 dev, 1,000 test; 500 rows: 300 / 100 / 100), cut with the seed;
2. digitnet, for every preset of `--preset`: `digitnet train --data F --preset P --dev D --test T
   --seed S --json` (nothing else that changes training); its test accuracy and training-loop seconds;
3. the peers, on the train/dev/test rows that SplitFiles.java writes from digitnet's own split:
   `torch`, torch_recipes.py's MLP and Keras convnet (early stopping on the same dev rows, scored on
   the same test rows), or `torch-mlp` for the MLP alone (the convnet takes minutes a set); `sklearn`, sklearn_mlp.py's MLPClassifier() with default settings (trained on
   the train rows, scored on the same test rows). These results do not depend on digitnet's presets
   and are cached in DIR/torch-cache and DIR/sklearn-cache, keyed by the data file's content, the
   split and the seed: re-running the matrix after a preset change re-runs only digitnet.

Writes DIR/matrix.md (the table) and DIR/matrix.json, and prints the table; each digitnet run's
stderr (the preset's decisions, one line per epoch) is in DIR/logs/NAME-PRESET-sSEED.txt. A cell is "met" when
digitnet's test accuracy is at least the best peer's on the same rows. With more than one seed,
each data set also gets a median row (the median of each column over the seeds; its verdict
compares the medians).
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


PEERS = ("torch", "torch-mlp", "sklearn")
GROUPS = {  # --datasets: (maker script, manifest file in DIR)
    "sample": ("make_datasets.py", "datasets.json"),
    "sklearn-digits": ("make_sklearn_digits.py", "datasets-sklearn-digits.json"),
    "fashion-mnist": ("make_fashion_mnist.py", "datasets-fashion-mnist.json"),
}


def split_files(out_dir, key, path, dev, test, seed, jar):
    split_dir = os.path.join(out_dir, "splits", key)
    if not os.path.exists(os.path.join(split_dir, "test.csv")):
        run(["java", "-cp", jar, os.path.join(HERE, "SplitFiles.java"), path, str(dev), str(test), str(seed),
             split_dir])
    return split_dir


def cached(out_dir, kind, key, compute):
    cache = os.path.join(out_dir, kind + "-cache", key + ".json")
    if os.path.exists(cache):
        with open(cache) as f:
            return json.load(f)
    results = compute()
    os.makedirs(os.path.dirname(cache), exist_ok=True)
    with open(cache + ".tmp", "w") as f:
        json.dump(results, f, indent=2)
    os.replace(cache + ".tmp", cache)
    return results


def peer_results(out_dir, d, path, dev, test, seed, jar, python, peers):
    """{"mlp": .., "convnet": .., "sklearn-mlp": ..}: the results of the peers asked for."""
    key = f"{d['name']}-{sha256(path)[:16]}-d{dev}-t{test}-s{seed}"

    def torch(recipe="both"):
        split_dir = split_files(out_dir, key, path, dev, test, seed, jar)
        proc = run([python, os.path.join(HERE, "torch_recipes.py"),
                    "--train", os.path.join(split_dir, "train.csv"), "--dev", os.path.join(split_dir, "dev.csv"),
                    "--test", os.path.join(split_dir, "test.csv"), "--height", str(d["height"]),
                    "--width", str(d["width"]), "--seed", str(seed), "--recipe", recipe], stdout=subprocess.PIPE)
        return {r["recipe"]: r for r in map(json.loads, proc.stdout.strip().splitlines())}

    def sklearn():
        split_dir = split_files(out_dir, key, path, dev, test, seed, jar)
        proc = run([python, os.path.join(HERE, "sklearn_mlp.py"), "--train", os.path.join(split_dir, "train.csv"),
                    "--test", os.path.join(split_dir, "test.csv"), "--seed", str(seed)], stdout=subprocess.PIPE)
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        return {result["recipe"]: result}

    results = {}
    if "torch" in peers:
        results.update(cached(out_dir, "torch", key, torch))
    elif "torch-mlp" in peers:    # the MLP recipe alone (the convnet takes minutes a set): from the full cache when there
        both = os.path.join(out_dir, "torch-cache", key + ".json")
        results.update(cached(out_dir, "torch", key, torch) if os.path.exists(both)
                       else cached(out_dir, "torch-mlp", key, lambda: torch("mlp")))
    if "sklearn" in peers:
        results.update(cached(out_dir, "sklearn", key, sklearn))
    return results


def digitnet_result(out_dir, d, path, dev, test, seed, preset, digitnet):
    """Trains once; the run's stderr (the preset's decisions, the epochs) goes to DIR/logs."""
    name = f"{d['name']}-{preset}-s{seed}"
    model = os.path.join(out_dir, "models", name + ".safetensors")
    log = os.path.join(out_dir, "logs", name + ".txt")
    os.makedirs(os.path.dirname(model), exist_ok=True)
    os.makedirs(os.path.dirname(log), exist_ok=True)
    start = time.perf_counter()
    with open(log, "w") as err:
        proc = run(shlex.split(digitnet) + ["train", "--data", path, "--preset", preset, "--dev", str(dev),
                                            "--test", str(test), "--seed", str(seed), "--json", "--model", model],
                   stdout=subprocess.PIPE, stderr=err)
    wall = time.perf_counter() - start
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"testAccuracy": summary["testAccuracy"], "devAccuracy": summary["devAccuracy"],
            "trainSeconds": round(summary["trainSeconds"], 1), "wallSeconds": round(wall, 1),
            "epochs": summary["epochs"], "stopReason": summary["stopReason"]}


PEER_COLUMNS = (("mlp", "PyTorch MLP"), ("convnet", "PyTorch convnet"), ("sklearn-mlp", "sklearn MLP"))


def fmt(x):
    return "n/a" if x is None else f"{x:.3f}"


def verdict(ours, best):
    gap = ours - best
    if abs(gap) < 5e-7:
        return "met, +0.000"
    return f"met, +{gap:.3f}" if gap > 0 else f"missed by {-gap:.3f}"


def median(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def table(rows, presets, peers):
    """One line per data set and seed (and a median line per data set when there are several seeds)."""
    columns = [c for c in PEER_COLUMNS if (c[0] == "sklearn-mlp" and "sklearn" in peers)
               or (c[0] == "mlp" and "torch-mlp" in peers) or (c[0] != "sklearn-mlp" and "torch" in peers)]
    head = ["data set", "rows", "shape", "seed"]
    for p in presets:
        head += [f"digitnet {p}", f"digitnet {p} s"]
    head += [label for _, label in columns] + ["best peer"] + [f"{p} vs best peer" for p in presets]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]

    def line(r, seed_label):
        cells = [r["name"], str(r["rows"]), r["shape"], seed_label]
        for p in presets:
            cells += [fmt(r["digitnet"][p]["testAccuracy"]), str(r["digitnet"][p]["trainSeconds"])]
        cells += [fmt(r["peers"].get(k)) for k, _ in columns] + [fmt(r["best"])]
        cells += [verdict(r["digitnet"][p]["testAccuracy"], r["best"]) for p in presets]
        return "| " + " | ".join(cells) + " |"

    names = list(dict.fromkeys(r["name"] for r in rows))
    for name in names:
        mine = [r for r in rows if r["name"] == name]
        for r in mine:
            lines.append(line(r, str(r["split"]["seed"])))
        if len(mine) > 1:
            med = {"name": name, "rows": mine[0]["rows"], "shape": mine[0]["shape"],
                   "digitnet": {p: {"testAccuracy": median(r["digitnet"][p]["testAccuracy"] for r in mine),
                                    "trainSeconds": round(median(r["digitnet"][p]["trainSeconds"] for r in mine), 1)}
                                for p in presets},
                   "peers": {k: median(r["peers"].get(k) for r in mine) for k, _ in columns},
                   "best": median(r["best"] for r in mine)}
            lines.append(line(med, "median").replace(f"| {name} |", f"| **{name}** |", 1))
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("dir")
    p.add_argument("--datasets", default="sample", choices=sorted(GROUPS),
                   help="the group of data sets (default: sample, the seven sets made from the embedded sample)")
    p.add_argument("--preset", default="accurate", help="comma-separated digitnet presets (default: accurate)")
    p.add_argument("--seed", default="1", help="comma-separated seeds, each cutting its own split (default: 1)")
    p.add_argument("--only", default="", help="comma-separated data set names (default: all of the group)")
    p.add_argument("--peers", default="torch,sklearn", help="comma-separated peers: torch, sklearn (default: both)")
    p.add_argument("--digitnet", default=os.path.join(ROOT, "digitnet"),
                   help="the command that runs digitnet (default: the launcher of this checkout)")
    p.add_argument("--jar", default=os.path.join(ROOT, "core", "target", "digitnet.jar"),
                   help="digitnet's jar, for SplitFiles.java (default: core/target/digitnet.jar)")
    p.add_argument("--python", default="/usr/bin/python3")
    args = p.parse_args()
    presets = [x for x in args.preset.split(",") if x]
    seeds = [int(x) for x in args.seed.split(",") if x]
    peers = [x for x in args.peers.split(",") if x]
    if not peers or any(x not in PEERS for x in peers):
        p.error(f"--peers: one or more of {', '.join(PEERS)}")
    maker, manifest_name = GROUPS[args.datasets]
    manifest_path = os.path.join(args.dir, manifest_name)
    if not os.path.exists(manifest_path):
        run([args.python, os.path.join(HERE, maker), args.dir])
    with open(manifest_path) as f:
        manifest = json.load(f)
    only = set(filter(None, args.only.split(",")))
    rows = []
    for d in manifest["datasets"]:
        if only and d["name"] not in only:
            continue
        path = os.path.abspath(os.path.join(args.dir, d["file"]))
        dev = test = held_out_rows(d["rows"])
        for seed in seeds:
            ours = {preset: digitnet_result(args.dir, d, path, dev, test, seed, preset, args.digitnet)
                    for preset in presets}
            theirs = peer_results(args.dir, d, path, dev, test, seed, args.jar, args.python, peers)
            accuracies = {k: r.get("testAccuracy") for k, r in theirs.items()}
            best = max(a for a in accuracies.values() if a is not None)
            rows.append({"name": d["name"], "rows": d["rows"], "shape": f"{d['height']}x{d['width']}",
                         "split": {"dev": dev, "test": test, "seed": seed}, "digitnet": ours, "peerRuns": theirs,
                         "peers": accuracies, "best": best,
                         "verdict": {preset: verdict(ours[preset]["testAccuracy"], best) for preset in presets}})
            print(table(rows[-1:], presets, peers).splitlines()[-1], flush=True)
    text = table(rows, presets, peers)
    with open(os.path.join(args.dir, "matrix.md"), "w") as f:
        f.write(text + "\n")
    with open(os.path.join(args.dir, "matrix.json"), "w") as f:
        json.dump({"datasets": args.datasets, "presets": presets, "seeds": seeds, "peers": peers, "rows": rows},
                  f, indent=2)
    print(text)


if __name__ == "__main__":
    main()

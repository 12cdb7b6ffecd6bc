#!/bin/bash
# same_models.sh OUTDIR [CHECKOUT]: trains the models a refactor must leave bit-identical, with fixed
# seeds, through CHECKOUT's ./digitnet (default: this checkout): the notebook, an MLP preset, a convnet
# with batch norm, a run resumed from a saved model, and the cnn preset. Run it on two commits and
# compare: for f in A/*.safetensors; do cmp "$f" "B/$(basename "$f")"; done (prints nothing when equal).
set -e
out=$1
dn=${2:-$(cd "$(dirname "$0")/.." && pwd)}/digitnet
[ -n "$out" ] || { echo "usage: same_models.sh OUTDIR [CHECKOUT]" >&2; exit 2; }
mkdir -p "$out"
"$dn" train -q --seed 3 --model "$out/notebook.safetensors" > "$out/notebook.txt"
"$dn" train -q --preset mlp --hidden 64 --epochs 2 --seed 3 --model "$out/mlp.safetensors" > "$out/mlp.txt"
"$dn" train -q --layers conv:8:3,batchnorm,relu,maxpool:2,flatten,linear:10 --optimizer adam --lr 0.003 \
    --batch-size 64 --epochs 1 --seed 3 --model "$out/cnn-bn.safetensors" > "$out/cnn.txt"
"$dn" train -q --preset mlp --hidden 64 --epochs 1 --seed 4 --model "$out/half.safetensors" > "$out/half.txt"
"$dn" train -q --resume "$out/half.safetensors" --preset mlp --hidden 64 --epochs 2 --seed 4 \
    --model "$out/resumed.safetensors" > "$out/resumed.txt"
"$dn" train -q --preset cnn --epochs 1 --seed 5 --dev 500 --model "$out/preset-cnn.safetensors" > "$out/preset-cnn.txt"
sha256sum "$out"/*.safetensors

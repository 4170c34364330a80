#!/bin/bash
# How the bundled object weights (Sources/ObjectModel/Weights/object-*.safetensors) were trained on the 2-core
# machine: the category and termination models on 2,000 objects (2026-12-07 afternoon, under load), the instance
# model (spatial broadcast decoder) on 4,000 (2026-12-07 23:25-, alone). Each step resumes after a kill.
# Usage: bash Benchmarks/objects/train-weights.sh [DIR]   (gns on PATH; outputs in DIR/w, default gns-training/w)
# Then copy DIR/w/<name>.safetensors and .manifest.json to Sources/ObjectModel/Weights/object-<name>.*.
set -e
dir="${1:-gns-training}"
mkdir -p "$dir/w" && cd "$dir"
[ -f furniture-2000.gnsvox ] || gns objects data --count 2000 --seed 1 --out furniture-2000.gnsvox
[ -f furniture-4000.gnsvox ] || gns objects data --count 4000 --seed 1 --out furniture-4000.gnsvox
gns train object-category --data furniture-2000.gnsvox --batch-size 32 --epochs 12 --max-minutes 12 --out w/category.safetensors --resume
gns train object-termination --data furniture-2000.gnsvox --batch-size 32 --epochs 12 --max-minutes 10 --out w/termination.safetensors --resume
gns train object-instance --data furniture-4000.gnsvox --batch-size 32 --epochs 25 --max-minutes 70 --out w/instance.safetensors --resume

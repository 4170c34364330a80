#!/bin/bash
# One-shot classification on a Slurm cluster: the trials split into N shards run as a job array, then one
# job merges the shards' results and prints the error table.
#
#   bash Benchmarks/classification/slurm.sh                 # submits the array and the merge (N = 20, gns)
#   SHARDS=40 METHOD=hausdorff bash Benchmarks/classification/slurm.sh
#
# Each array task runs `gns classify --shard $((SLURM_ARRAY_TASK_ID+1))/N --out shard-ID.jsonl --resume`, so a
# task that is preempted or requeued continues where it stopped (its parse cache shard-ID.parses.jsonl too).
# Set GNS to the gns binary (default: .build/release/gns of this checkout; build it first with
# `swift build -c release`), GNS_DATA to the Omniglot folder, OUT to where results go, and EXTRA for more
# `gns classify` options (e.g. EXTRA="--runs 1-10").
set -euo pipefail

SHARDS=${SHARDS:-20}
METHOD=${METHOD:-gns}
OUT=${OUT:-classification-$METHOD}
GNS=${GNS:-$(pwd)/.build/release/gns}
EXTRA=${EXTRA:-}

if [[ -z "${SLURM_ARRAY_TASK_ID:-}" ]]; then
    # Not inside the array: submit it, then the merge once every task has succeeded.
    mkdir -p "$OUT"
    export SHARDS METHOD OUT GNS EXTRA
    array=$(sbatch --parsable --job-name=gns-classify --array=0-$((SHARDS - 1)) --cpus-per-task=2 --time=08:00:00 \
                   --requeue --output="$OUT/shard-%a.log" "$0")
    sbatch --job-name=gns-classify-merge --dependency=afterok:"$array" --output="$OUT/merge.log" \
           --wrap="$GNS classify --method $METHOD $EXTRA --merge $(for ((i = 0; i < SHARDS; i++)); do printf '%s ' "$OUT/shard-$i.jsonl"; done)"
    echo "submitted array $array ($SHARDS shards) and its merge; the table will be in $OUT/merge.log"
    exit 0
fi

ID=$SLURM_ARRAY_TASK_ID
# shellcheck disable=SC2086  # EXTRA holds several options
exec "$GNS" classify --method "$METHOD" $EXTRA --shard $((ID + 1))/"$SHARDS" --out "$OUT/shard-$ID.jsonl" --resume

#!/usr/bin/env bash
# Compares two gns-bench builds on a shared machine, where one run's timings can move 1.5x with the host's load:
# runs them alternately, ROUNDS times each, and prints the matching lines of each run labelled by build, so
# the two sets of minimums can be compared side by side (a change smaller than the spread between rounds is
# not measured).
#
#   swift build -c release && cp .build/release/gns-bench /tmp/bench-before
#   (change, rebuild) && cp .build/release/gns-bench /tmp/bench-after
#   Benchmarks/tools/alternate.sh 5 'one step' /tmp/bench-before /tmp/bench-after -- networks --only sample --repeats 1000
set -euo pipefail
if [[ $# -lt 6 || $5 != "--" ]]; then
    echo "usage: $0 ROUNDS PATTERN BUILD_A BUILD_B -- GNS_BENCH_ARGUMENTS..." >&2
    exit 2
fi
rounds=$1 pattern=$2 first=$3 second=$4
shift 5
for build in "$first" "$second"; do
    [[ -x $build ]] || { echo "$0: $build is not an executable" >&2; exit 2; }
done
for ((round = 1; round <= rounds; round++)); do
    for build in "$first" "$second"; do
        "$build" "$@" | grep -- "$pattern" | sed "s|^|$(basename "$build") round $round: |"
    done
done | sort -s -k1,1

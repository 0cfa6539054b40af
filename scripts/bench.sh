#!/usr/bin/env bash
# Runs a benchmark project through the TorchSharp runtime (Release build).
#   scripts/bench.sh training step-cost [--batch 8 --length 64 --steps 20]
#   scripts/bench.sh training memory [--steps 3000]
#   scripts/bench.sh training pareto [--train 384 --eval 192 --epochs 4]
#   scripts/bench.sh training deberta [--batch 32,128 --precision fp32,bf16 --length 128 --steps 3 --warmup 2 --device cpu]
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
source "$repo/scripts/torch-runtime.sh"
source "$repo/scripts/fetch-data.sh"
which="$1"; shift
case "$which" in
  training) project="tests/BLoRA.Training.Benchmarks" ;;
  *) echo "bench.sh: unknown benchmark project '$which' (known: training)" >&2; exit 2 ;;
esac
name="$(basename "$project")"
"$BLORA_DOTNET" build "$repo/$project" -c Release -nologo -v q -clp:ErrorsOnly >&2
exec "$BLORA_DOTNET" "$repo/$project/bin/Release/net10.0/$name.dll" "$@"

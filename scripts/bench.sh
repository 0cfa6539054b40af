#!/usr/bin/env bash
# Runs a benchmark project through the TorchSharp runtime (Release build).
#   scripts/bench.sh training step-cost [--batch 8 --length 64 --steps 20]
#   scripts/bench.sh training memory [--steps 3000]
#   scripts/bench.sh training pareto [--train 384 --eval 192 --epochs 4]
#   scripts/bench.sh training deberta [--batch 32,128 --precision fp32,bf16 --length 128 --steps 3 --warmup 2 --device cpu --adapters blora,lora]
# and the PyTorch baseline of the last one (same model, PEFT-style LoRA; needs a Python with torch + numpy:
# Debian 12's python3-torch, or BLORA_PYTHON=/path/to/python with PyTorch installed):
#   scripts/bench.sh pytorch deberta [--batch 32,128 --precision fp32,bf16 --length 128 --steps 3 --warmup 2 --device cpu]
#   scripts/bench.sh pytorch check   (the PyTorch model against transformers' outputs on the deberta-tiny fixture)
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
if [[ "${1:-}" == "pytorch" ]]; then
  python="${BLORA_PYTHON:-/usr/bin/python3}"
  if ! "$python" -c "import torch, numpy" 2>/dev/null; then
    echo "bench.sh: $python has no PyTorch. Install it (Debian 12: apt-get install --no-install-recommends python3-torch python3-numpy)," >&2
    echo "bench.sh: or point BLORA_PYTHON at a Python that has torch and numpy." >&2
    exit 3
  fi
  script="$repo/tests/BLoRA.Training.Benchmarks/pytorch/deberta_lora_bench.py"
  case "${2:-}" in
    deberta) shift 2; exec "$python" "$script" "$@" ;;
    check) exec "$python" "$script" --check "$repo/tests/BLoRA.Training.Tests/TestData/hf/deberta-tiny" ;;
    *) echo "bench.sh: pytorch takes 'deberta' or 'check'" >&2; exit 2 ;;
  esac
fi
source "$repo/scripts/torch-runtime.sh"
source "$repo/scripts/fetch-data.sh"
which="$1"; shift
case "$which" in
  training) project="tests/BLoRA.Training.Benchmarks" ;;
  *) echo "bench.sh: unknown benchmark project '$which' (known: training, pytorch)" >&2; exit 2 ;;
esac
name="$(basename "$project")"
"$BLORA_DOTNET" build "$repo/$project" -c Release -nologo -v q -clp:ErrorsOnly >&2
exec "$BLORA_DOTNET" "$repo/$project/bin/Release/net10.0/$name.dll" "$@"

#!/usr/bin/env bash
# The GPU checks that need a lent NVIDIA machine (no dotnet, no internet there), as one prepared run:
# B-LoRA/LoRA training throughput on a DeBERTa-v3-base-shaped model on CUDA (batch 32 and 128, fp32 and
# bf16; a non-finite loss fails the run, so bf16 on CUDA is checked too) next to the PyTorch baseline on
# the same GPU, with GPU utilisation sampled each second.
#
#   here:        scripts/device-gpu-check.sh prepare   # -> .device/bench.tgz: the committed benchmark app published
#                                                       #    self-contained, without libtorch (about 40 MB)
#   on the GPU:  scripts/device-gpu-check.sh run       # -> $OUT/*.md, *.log (uses the host's PyTorch:
#                                                       #    its torch/lib as libtorch, its python for the baseline)
# With the session's device tool: run(command="scripts/device-gpu-check.sh run", carry=[".device"], timeout_s=420).
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$repo"
steps="${BLORA_GPU_STEPS:-20}"

case "${1:-}" in
  prepare)
    # shellcheck source=scripts/torch-runtime.sh
    source scripts/torch-runtime.sh
    rm -rf .device/bench .device/bench.tgz .device/src
    mkdir -p .device
    # Published from a clone of the committed tree, so this restore (no libtorch package) leaves the
    # working tree's own build as it is.
    git clone -q "$repo" .device/src
    "$BLORA_DOTNET" publish .device/src/tests/BLoRA.Training.Benchmarks -c Release -r linux-x64 --self-contained \
      -p:UseAppHost=true -p:InvariantGlobalization=true -p:BLoRATorchBackend=external -o .device/bench -nologo -v q
    rm -rf .device/bench/embedded-models   # the MiniLM model: the DeBERTa benchmark does not use it
    tar czf .device/bench.tgz -C .device bench
    rm -rf .device/bench .device/src
    echo "device-gpu-check: .device/bench.tgz ($(du -h .device/bench.tgz | cut -f1)) ready; carry .device"
    ;;
  run)
    out="${OUT:-$repo/.device/out}"
    mkdir -p "$out"
    python="${BLORA_PYTHON:-python3}"
    [[ -f .device/bench.tgz ]] || { echo "device-gpu-check: no .device/bench.tgz; run 'prepare' first and carry .device" >&2; exit 2; }
    torchlib="$("$python" -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')"
    export BLORA_LIBTORCH_DIR="$torchlib"
    nvidia-smi >"$out/nvidia-smi.txt" 2>&1 || true
    "$python" -c 'import torch; print(torch.__version__, torch.cuda.get_device_name(0))' >"$out/pytorch-version.txt"
    work="$(mktemp -d)"
    tar xzf .device/bench.tgz -C "$work"
    nvidia-smi --query-gpu=timestamp,utilization.gpu,memory.used --format=csv -l 1 >"$out/gpu-utilization.csv" 2>/dev/null &
    sampler=$!
    trap 'kill $sampler 2>/dev/null || true' EXIT
    echo "== TorchSharp (libtorch from $torchlib)"
    "$work/bench/BLoRA.Training.Benchmarks" deberta --batch 32,128 --precision fp32,bf16 --adapters blora,lora \
      --length 128 --steps "$steps" --warmup 5 --device cuda >"$out/torchsharp.md" 2>"$out/torchsharp.log" || echo "TorchSharp run failed: see torchsharp.log"
    cat "$out/torchsharp.md"
    echo "== PyTorch"
    "$python" tests/BLoRA.Training.Benchmarks/pytorch/deberta_lora_bench.py --check tests/BLoRA.Training.Tests/TestData/hf/deberta-tiny >"$out/pytorch-check.txt" 2>&1 || true
    "$python" tests/BLoRA.Training.Benchmarks/pytorch/deberta_lora_bench.py --batch 32,128 --precision fp32,bf16 \
      --length 128 --steps "$steps" --warmup 5 --device cuda >"$out/pytorch.md" 2>"$out/pytorch.log" || echo "PyTorch run failed: see pytorch.log"
    cat "$out/pytorch-check.txt" "$out/pytorch.md"
    ;;
  *)
    echo "usage: scripts/device-gpu-check.sh prepare|run" >&2
    exit 2
    ;;
esac

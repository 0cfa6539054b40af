#!/usr/bin/env bash
# Runs the whole test suite, doing all set-up first: the TorchSharp runtime (scripts/torch-runtime.sh),
# the data sets and the SentencePiece reference (scripts/fetch-data.sh), restore and a Release build with warnings as errors, and Azurite
# (scripts/azurite.sh: installed once from npm, a fresh data folder per run, stopped on exit however the
# run ends). Extra arguments go to `dotnet test` (e.g. ./test.sh --filter FullyQualifiedName~Sweeps).
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$repo"
# shellcheck source=scripts/torch-runtime.sh
source scripts/torch-runtime.sh
# shellcheck source=scripts/fetch-data.sh
source scripts/fetch-data.sh
blora_fetch_sentencepiece
export BLORA_DOTNET DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "test.sh: dotnet muxer $BLORA_DOTNET (${BLORA_RUNTIME_KIND} runtime)"
"$BLORA_DOTNET" build BLoRA.Cluster.sln -c Release -nologo -v q -clp:Summary
# shellcheck source=scripts/azurite.sh
source scripts/azurite.sh
trap azurite_stop EXIT
trap 'exit 130' INT TERM
azurite_start
"$BLORA_DOTNET" test BLoRA.Cluster.sln -c Release --no-build -nologo "$@"

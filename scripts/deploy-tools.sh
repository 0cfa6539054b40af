#!/usr/bin/env bash
# Finds or fetches, once, the offline checkers that tests/BLoRA.Deploy.Tests runs on deploy/ and k8s/:
#   promtool + prometheus  (Debian 12 `prometheus` 2.42)  dashboard PromQL (check rules) and live queries
#   kustomize              (Debian 13 `kustomize` 5.6)     renders k8s/overlays/*
#   docker-compose 2.x     (Debian 13 `docker-compose`, Go) validates deploy/docker-compose.yml
#   docker-compose 1.29.2  (Debian 12 `docker-compose`, Python, + its Python modules; runs on python3.11)
# A tool already on PATH is used as is (promtool, prometheus, kustomize, docker-compose); the others are
# downloaded with a private apt configuration (as scripts/torch-runtime.sh does) and unpacked with
# `dpkg -x` under $BLORA_DEPLOY_TOOLS_DIR (default <repo>/.tools/deploy-tools). No root, no system file
# changes; idempotent (~10 ms once fetched); concurrent callers wait on a lock.
# Output (stdout): KEY=PATH lines, one executable each: promtool=, prometheus=, kustomize=, compose_v2=,
# compose_v1=. Diagnostics go to stderr; exit code 1 when a tool
# cannot be had, with the reason and the fix.
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
dir="${BLORA_DEPLOY_TOOLS_DIR:-$repo/.tools/deploy-tools}"
mirror="${BLORA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
stamp_version="deploy-tools v1"
mkdir -p "$dir"
dir="$(readlink -f "$dir")" # .tools may be a link shared by worktrees: wrappers name the real path

# The Python modules docker-compose 1.29.2 imports (Debian 12 packages, all architecture-independent but
# python3-yaml and python3-pyrsistent, built for Debian 12's python3.11).
compose_v1_python_deps=(python3-docker python3-dockerpty python3-docopt python3-dotenv python3-jsonschema
  python3-attr python3-pyrsistent python3-requests python3-urllib3 python3-certifi python3-chardet
  python3-charset-normalizer python3-idna python3-texttable python3-websocket python3-yaml python3-distro
  python3-six python3-packaging python3-distutils)

fetch() {
  # $@: apt package specs (name/suite); unpacks each into its own root under $dir/root/<name>.
  local apt_dir="$dir/apt" debs="$dir/debs"
  mkdir -p "$apt_dir/sources" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$debs"
  cat >"$apt_dir/sources/private.sources" <<SRC
Types: deb
URIs: $mirror
Suites: bookworm trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  local apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/sources"
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "Debug::NoLocking=1"
    -o "APT::Sandbox::User=$(id -un)")
  if [[ ! -f "$apt_dir/lists/.updated" ]]; then
    if ! apt-get "${apt_opts[@]}" -qq update >"$apt_dir/update.log" 2>&1; then
      echo "deploy-tools: 'apt-get update' (Debian bookworm + trixie lists, private) failed; see $apt_dir/update.log." >&2
      echo "deploy-tools: fix: allow access to $mirror (or set BLORA_DEBIAN_MIRROR), or install the tool and put it on PATH." >&2
      return 1
    fi
    touch "$apt_dir/lists/.updated"
  fi
  if ! (cd "$debs" && apt-get "${apt_opts[@]}" -qq download "$@") >"$apt_dir/download.log" 2>&1; then
    echo "deploy-tools: 'apt-get download $*' failed; see $apt_dir/download.log." >&2
    return 1
  fi
}

unpack() {
  # $1: target root; $2...: .deb glob patterns under $dir/debs
  local root="$1" deb
  shift
  rm -rf "$root.tmp"
  mkdir -p "$root.tmp"
  for deb in "$@"; do
    dpkg -x "$deb" "$root.tmp"
  done
  rm -rf "$root"
  mv "$root.tmp" "$root"
}

ensure_tools() {
  local promtool prometheus kustomize compose_v1="" compose_v2=""
  promtool="$(command -v promtool || true)"
  prometheus="$(command -v prometheus || true)"
  kustomize="$(command -v kustomize || true)"
  local path_compose
  path_compose="$(command -v docker-compose || true)"
  if [[ -n "$path_compose" ]]; then
    if "$path_compose" version 2>/dev/null | grep -q 'version 1\.'; then compose_v1="$path_compose"; else compose_v2="$path_compose"; fi
  fi

  if [[ -z "$promtool" || -z "$prometheus" ]]; then
    if [[ ! -x "$dir/root/prometheus/usr/bin/promtool" ]]; then
      echo "deploy-tools: fetching promtool + prometheus (Debian 12 'prometheus', ~19 MB) into $dir..." >&2
      fetch prometheus/bookworm
      unpack "$dir/root/prometheus" "$dir"/debs/prometheus_*.deb
    fi
    promtool="$dir/root/prometheus/usr/bin/promtool"
    prometheus="$dir/root/prometheus/usr/bin/prometheus"
  fi

  if [[ -z "$kustomize" ]]; then
    if [[ ! -x "$dir/root/kustomize/usr/bin/kustomize" ]]; then
      echo "deploy-tools: fetching kustomize (Debian 13 'kustomize', ~6 MB) into $dir..." >&2
      fetch kustomize/trixie
      unpack "$dir/root/kustomize" "$dir"/debs/kustomize_*.deb
    fi
    kustomize="$dir/root/kustomize/usr/bin/kustomize"
  fi

  if [[ -z "$compose_v2" ]]; then
    if [[ ! -x "$dir/root/compose-v2/usr/libexec/docker/cli-plugins/docker-compose" ]]; then
      echo "deploy-tools: fetching docker-compose 2.x (Debian 13 'docker-compose', ~13 MB) into $dir..." >&2
      fetch docker-compose/trixie
      unpack "$dir/root/compose-v2" "$dir"/debs/docker-compose_2*.deb
    fi
    compose_v2="$dir/root/compose-v2/usr/libexec/docker/cli-plugins/docker-compose"
  fi

  if [[ -z "$compose_v1" ]]; then
    local python=/usr/bin/python3.11
    if [[ ! -x "$python" ]]; then
      echo "deploy-tools: docker-compose 1.29.2 (Debian 12) runs on Debian 12's python3.11, and $python is missing." >&2
      echo "deploy-tools: fix: apt-get install python3 (Debian 12), or put a docker-compose 1.x on PATH." >&2
      return 1
    fi
    local root="$dir/root/compose-v1"
    if [[ ! -d "$root/usr/lib/python3/dist-packages/compose" ]]; then
      echo "deploy-tools: fetching docker-compose 1.29.2 and its Python modules (Debian 12, ~3 MB) into $dir..." >&2
      local specs=(docker-compose/bookworm) p
      for p in "${compose_v1_python_deps[@]}"; do specs+=("$p/bookworm"); done
      fetch "${specs[@]}"
      local globs=("$dir"/debs/docker-compose_1.*.deb)
      for p in "${compose_v1_python_deps[@]}"; do globs+=("$dir/debs/${p}_"*.deb); done
      unpack "$root" "${globs[@]}"
    fi
    # A wrapper that starts it through its module (the packaged console script needs package metadata).
    mkdir -p "$dir/bin"
    cat >"$dir/bin/docker-compose-v1.tmp" <<WRAP
#!/bin/sh
PYTHONPATH="$root/usr/lib/python3/dist-packages:$root/usr/lib/python3.11" exec $python -s -c "import sys; sys.argv[0] = 'docker-compose'; from compose.cli.main import main; main()" "\$@"
WRAP
    chmod +x "$dir/bin/docker-compose-v1.tmp"
    mv "$dir/bin/docker-compose-v1.tmp" "$dir/bin/docker-compose-v1"
    compose_v1="$dir/bin/docker-compose-v1"
  fi

  rm -rf "$dir/apt/cache" "$dir/debs"
  printf 'promtool=%s\nprometheus=%s\nkustomize=%s\ncompose_v2=%s\ncompose_v1=%s\n' \
    "$promtool" "$prometheus" "$kustomize" "$compose_v2" "$compose_v1" >"$dir/tools.env.tmp"
  mv "$dir/tools.env.tmp" "$dir/tools.env"
}

exec 9>"$dir/.lock"
flock 9
ensure_tools
echo "$stamp_version" >"$dir/stamp"
cat "$dir/tools.env"

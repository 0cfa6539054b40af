#!/usr/bin/env bash
# Chooses the dotnet muxer that can load TorchSharp on this machine and exports it as BLORA_DOTNET.
#
# TorchSharp 0.107's native shim (libLibTorchSharp.so) needs GLIBCXX_3.4.32 / CXXABI_1.3.13
# (libstdc++ 13+). Ubuntu 24.04, Debian 13 and the .NET 10 container images have it: there this
# script only exports the system dotnet. Debian 12 ships libstdc++ 12: there it builds, once,
# a private runtime that changes no system file (see ../shared/docs/environment.md section 1):
#   1. a private sysroot with Debian 13's libc6, libstdc++6 and libgcc-s1 (apt download + dpkg -x);
#   2. a private dotnet root: a hard-linked copy of the installed one whose `dotnet` muxer is a real
#      copy, patched (patchelf) to use the sysroot's loader and libraries.
# Every command that loads TorchSharp (tests, the CLI, silos) runs through $BLORA_DOTNET.
#
# Use: `source scripts/torch-runtime.sh` (exports BLORA_DOTNET, DOTNET_ROOT) or run it directly to
# print the muxer's path. Idempotent; an up-to-date runtime is checked in a few milliseconds.
# Settings: BLORA_RUNTIME_DIR (where the private runtime lives; default .tools/runtime in the repo),
#           BLORA_FORCE_PRIVATE_RUNTIME=1 (build it even where the host has a new libstdc++).

_blora_runtime_main() {
  local repo_root runtime_dir host_dotnet host_root
  repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  runtime_dir="${BLORA_RUNTIME_DIR:-$repo_root/.tools/runtime}"

  host_dotnet="$(command -v dotnet || true)"
  if [[ -z "$host_dotnet" ]]; then
    echo "torch-runtime: no 'dotnet' on PATH. Install the .NET 10 SDK (https://dot.net) and retry." >&2
    return 1
  fi
  host_root="$(dirname "$(readlink -f "$host_dotnet")")"

  if [[ "${BLORA_FORCE_PRIVATE_RUNTIME:-0}" != "1" ]] && _blora_host_has_glibcxx; then
    export BLORA_DOTNET="$host_root/dotnet"
    export BLORA_RUNTIME_KIND="host"
    return 0
  fi

  local sysroot="$runtime_dir/sysroot" private_root="$runtime_dir/dotnet"
  local stamp="$runtime_dir/stamp" want
  # The stamp names the SDK it was built from: a new SDK on the host rebuilds the private root.
  want="v1 $host_root $(ls "$host_root/sdk" "$host_root/shared/Microsoft.NETCore.App" 2>/dev/null | tr '\n' ' ')"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$private_root/dotnet" ]]; then
    export BLORA_DOTNET="$private_root/dotnet" DOTNET_ROOT="$private_root" BLORA_RUNTIME_KIND="private"
    return 0
  fi

  echo "torch-runtime: this host's libstdc++ lacks GLIBCXX_3.4.32 (needed by TorchSharp);" >&2
  echo "torch-runtime: building a private runtime in $runtime_dir (once, no system file changes)..." >&2
  _blora_build_private_runtime "$runtime_dir" "$host_root" || return 1
  echo "$want" >"$stamp"
  export BLORA_DOTNET="$private_root/dotnet" DOTNET_ROOT="$private_root" BLORA_RUNTIME_KIND="private"
  echo "torch-runtime: ready: $BLORA_DOTNET" >&2
}

# True when the libstdc++ the system loader would pick exports GLIBCXX_3.4.32.
_blora_host_has_glibcxx() {
  local lib
  lib="$( (/sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null) | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}')"
  [[ -z "$lib" ]] && for lib in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6; do [[ -e "$lib" ]] && break; done
  [[ -e "$lib" ]] && grep -qa 'GLIBCXX_3\.4\.32' "$(readlink -f "$lib")"
}

_blora_build_private_runtime() {
  local runtime_dir="$1" host_root="$2"
  local apt_dir="$runtime_dir/apt" debs="$runtime_dir/debs" sysroot="$runtime_dir/sysroot"
  local tools="$runtime_dir/tools" private_root="$runtime_dir/dotnet"
  local mirror="${BLORA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
  rm -rf "$apt_dir" "$debs" "$sysroot" "$tools" "$private_root.tmp"
  mkdir -p "$apt_dir/sources" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$debs" "$sysroot" "$tools"

  # A private apt configuration: trixie for the C/C++ runtime, bookworm for patchelf (which must
  # run on the host's own glibc). Nothing under /etc or /var is touched.
  cat >"$apt_dir/sources/private.sources" <<SRC
Types: deb
URIs: $mirror
Suites: trixie bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  local apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/sources"
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "Debug::NoLocking=1"
    -o "APT::Sandbox::User=$(id -un)")
  if ! apt-get "${apt_opts[@]}" -qq update >"$apt_dir/update.log" 2>&1; then
    echo "torch-runtime: 'apt-get update' for Debian trixie failed (see $apt_dir/update.log)." >&2
    echo "torch-runtime: fix: allow access to $mirror, set BLORA_DEBIAN_MIRROR, or run on a host with libstdc++ 13+ (Ubuntu 24.04, Debian 13)." >&2
    return 1
  fi
  if ! (cd "$debs" && apt-get "${apt_opts[@]}" -qq download libc6/trixie libstdc++6/trixie libgcc-s1/trixie patchelf/bookworm) >"$apt_dir/download.log" 2>&1; then
    echo "torch-runtime: downloading libc6, libstdc++6, libgcc-s1 (trixie) and patchelf failed (see $apt_dir/download.log)." >&2
    return 1
  fi
  local deb
  for deb in "$debs"/libc6_*.deb "$debs"/libstdc++6_*.deb "$debs"/libgcc-s1_*.deb; do dpkg -x "$deb" "$sysroot"; done
  dpkg -x "$debs"/patchelf_*.deb "$tools"
  local patchelf="$tools/usr/bin/patchelf" libdir="$sysroot/usr/lib/x86_64-linux-gnu"
  if [[ ! -e "$libdir/ld-linux-x86-64.so.2" ]]; then
    echo "torch-runtime: the trixie libc6 package has no ld-linux-x86-64.so.2 under $libdir." >&2
    return 1
  fi

  # Hard links make the copy instant; a real copy where the runtime dir is on another filesystem.
  cp -al "$host_root" "$private_root.tmp" 2>/dev/null || { rm -rf "$private_root.tmp"; cp -a "$host_root" "$private_root.tmp"; }
  rm -f "$private_root.tmp/dotnet"
  cp "$host_root/dotnet" "$private_root.tmp/dotnet"
  "$patchelf" --set-interpreter "$libdir/ld-linux-x86-64.so.2" --force-rpath \
    --set-rpath "$libdir:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu" "$private_root.tmp/dotnet"
  rm -rf "$private_root"
  mv "$private_root.tmp" "$private_root"
  if ! "$private_root/dotnet" --version >/dev/null 2>&1; then
    echo "torch-runtime: the patched muxer $private_root/dotnet does not start." >&2
    return 1
  fi
  rm -rf "$apt_dir/cache"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  _blora_runtime_main
  echo "$BLORA_DOTNET"
else
  _blora_runtime_main
fi

#!/usr/bin/env bash
# blora_build_if_changed REPO PROJECT CONFIGURATION NAME
# Builds PROJECT with $BLORA_DOTNET when any source under src/ or silos/, an example the CLI embeds
# (examples/*.yaml), or a build file is newer
# than the last successful build's stamp. Quiet on success; the full log on failure.
blora_build_if_changed() {
  local repo="$1" project="$2" config="$3" name="$4"
  local stamp="$repo/.tools/build/$name-$config.stamp" log="$repo/.tools/build/$name-$config.log"
  mkdir -p "$repo/.tools/build"
  if [[ -f "$stamp" ]] && [[ -z "$(cd "$repo" && find src silos examples Directory.Build.props Directory.Packages.props global.json .editorconfig \
      -newer "$stamp" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' -o -name '.editorconfig' -o -name '*.resx' -o -name '*.yaml' \) \
      -not -path '*/bin/*' -not -path '*/obj/*' -print -quit 2>/dev/null)" ]]; then
    return 0
  fi
  echo "blora: building $project ($config)..." >&2
  local started=$SECONDS
  if ! "$BLORA_DOTNET" build "$repo/$project" -c "$config" -nologo -v q -clp:ErrorsOnly >"$log" 2>&1; then
    cat "$log" >&2
    echo "blora: build failed (log: $log)" >&2
    return 1
  fi
  touch "$stamp"
  echo "blora: built in $((SECONDS - started)) s" >&2
}

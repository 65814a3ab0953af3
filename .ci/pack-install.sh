#!/usr/bin/env bash
# Packs kaiming as a release would (npm pack: prepack makes prebuilds/), then
#   1. checks the packed file list: only what a user needs, both prebuilt
#      binaries, no tests, fixtures or build folders; reports its size;
#   2. installs the tarball into a fresh project with a PATH that holds only
#      node and npm (no compiler, make or python, as in the slim Node images),
#      checks that nothing was compiled, and checks the golden vectors bit for
#      bit through the installed package.
#   3. installs it with --ignore-scripts (the loader finds the binary itself);
#   4. installs it with KAIMING_BUILD_FROM_SOURCE=1: compiled, loaded from
#      build/Release, without -Werror, golden vectors again.
# Works in $KAIMING_PACK_DIR (default: a temporary folder); prints the path of
# the first project on the last line, for .ci/arm64.sh and .ci/glibc-floor.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
work="${KAIMING_PACK_DIR:-$(mktemp -d)}"
mkdir -p "$work"

echo "-- npm pack (prepack: prebuilt binaries for linux-x64 and linux-arm64)"
npm pack --json --pack-destination "$work" > "$work/pack.json"
node .ci/pack-files.cjs "$work/pack.json"
tarball="$work/$(node -p "require('$work/pack.json')[0].filename")"

echo "-- install $(basename "$tarball") with only node, npm and sh on PATH"
bin="$work/path-bin"
rm -rf "$bin" "$work/project" && mkdir -p "$bin" "$work/project"
# sh too: npm runs every lifecycle script through it (the slim images have it).
for tool in node npm npx sh; do ln -s "$(command -v $tool)" "$bin/$tool"; done
for tool in cc gcc g++ c++ clang make python python3 cmake; do
  if PATH="$bin" command -v "$tool" >/dev/null 2>&1; then echo "pack-install: $tool is on the restricted PATH" >&2; exit 1; fi
done
# A fresh project; prints nothing but npm's output.
fresh_project() {
  rm -rf "$1" && mkdir -p "$1"
  echo '{"name":"kaiming-install-check","version":"1.0.0","private":true}' > "$1/package.json"
}
# Which file the loader chose, relative to the installed package.
loaded_file() {
  (cd "$1" && "${@:2}" node -e "
    const path = require('path');
    const root = path.dirname(require.resolve('kaiming/package.json'));
    console.log(path.relative(root, require(path.join(root, 'dist', 'sampling', 'native.js')).loadAddon(root).file));")
}
golden="$repo/test/fixtures/golden_streams.json"
restricted=(env -i HOME="$HOME" PATH="$bin")

fresh_project "$work/project"
cd "$work/project"
start=$(date +%s)
"${restricted[@]}" npm install --no-audit --no-fund --prefer-offline --foreground-scripts "$tarball"
echo "pack-install: installed in $(( $(date +%s) - start )) s"
if [ -e node_modules/kaiming/build ]; then echo "pack-install: the install compiled (node_modules/kaiming/build exists)" >&2; exit 1; fi
"${restricted[@]}" node "$repo/.ci/check-golden.cjs" kaiming "$golden"
chosen="$(loaded_file . "${restricted[@]}")"
[ "$chosen" = prebuilds/linux-x64/kaiming.glibc.node ] || { echo "pack-install: loaded $chosen" >&2; exit 1; }
echo "pack-install: loaded $chosen"
# The prebuilt binary keeps the run-time SIMD dispatch: the same kernel path as
# the clone's own build on this CPU.
installed_path="$("${restricted[@]}" node -e "
  const path = require('path');
  const root = path.dirname(require.resolve('kaiming/package.json'));
  console.log(require(path.join(root, 'dist', 'sampling', 'native.js')).native().kernelPath);")"
local_path="$(node -e "console.log(require('$repo/build/Release/kaiming.node').kernelPath)")"
[ "$installed_path" = "$local_path" ] || { echo "pack-install: prebuilt kernel path $installed_path, local build's $local_path" >&2; exit 1; }
echo "pack-install: kernel path $installed_path (the local build's too)"

echo "-- install with --ignore-scripts: the loader still finds the prebuilt binary"
fresh_project "$work/project-noscripts"
cd "$work/project-noscripts"
"${restricted[@]}" npm install --no-audit --no-fund --prefer-offline --ignore-scripts "$tarball" >/dev/null
"${restricted[@]}" node "$repo/.ci/check-golden.cjs" kaiming "$golden"

echo "-- KAIMING_BUILD_FROM_SOURCE=1 compiles (full PATH, no KAIMING_WERROR: a user's compile)"
fresh_project "$work/project-source"
cd "$work/project-source"
start=$(date +%s)
env -u KAIMING_WERROR KAIMING_BUILD_FROM_SOURCE=1 npm install --no-audit --no-fund --prefer-offline "$tarball" >/dev/null
echo "pack-install: compiled and installed in $(( $(date +%s) - start )) s"
chosen="$(loaded_file .)"
[ "$chosen" = build/Release/kaiming.node ] || { echo "pack-install: KAIMING_BUILD_FROM_SOURCE=1 loaded $chosen" >&2; exit 1; }
if grep -rq -- -Werror node_modules/kaiming/build/*.mk; then
  echo "pack-install: a user's compile treats warnings as errors" >&2; exit 1
fi
echo "pack-install: loaded $chosen, compiled without -Werror"
node "$repo/.ci/check-golden.cjs" kaiming "$golden"
cd "$repo"
echo "$work/project"

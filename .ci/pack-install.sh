#!/usr/bin/env bash
# Packs kaiming as a release would (npm pack: prepack makes prebuilds/), then
#   1. checks the packed file list: only what a user needs, both prebuilt
#      binaries, no tests, fixtures or build folders; reports its size;
#   2. installs the tarball into a fresh project with a PATH that holds only
#      node and npm (no compiler, make or python, as in the slim Node images),
#      checks that nothing was compiled, and checks the golden vectors bit for
#      bit through the installed package.
# Leaves the tarball in $KAIMING_PACK_DIR (default: a temporary folder) for
# the other .ci scripts; prints its path on the last line.
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
cd "$work/project"
echo '{"name":"kaiming-install-check","version":"1.0.0","private":true}' > package.json
start=$(date +%s)
# An empty global prefix hides nothing: npm finds no compiler either way;
# --foreground-scripts shows the install step's output.
env -i HOME="$HOME" PATH="$bin" npm install --no-audit --no-fund --prefer-offline --foreground-scripts "$tarball"
echo "pack-install: installed in $(( $(date +%s) - start )) s"
if [ -e node_modules/kaiming/build ]; then echo "pack-install: the install compiled (node_modules/kaiming/build exists)" >&2; exit 1; fi
env -i HOME="$HOME" PATH="$bin" node "$repo/.ci/check-golden.cjs" kaiming "$repo/test/fixtures/golden_streams.json"
# The loader chose the prebuilt binary for this platform.
env -i HOME="$HOME" PATH="$bin" node -e "
  const path = require('path');
  const { loadAddon } = require('kaiming/dist/native');
  const { file } = loadAddon(path.dirname(require.resolve('kaiming/package.json')));
  if (!file.endsWith(path.join('prebuilds', 'linux-x64', 'kaiming.glibc.node'))) { console.error('pack-install: loaded', file); process.exit(1); }
  console.log('pack-install: loaded', path.relative(process.cwd(), file));"
echo "$tarball"

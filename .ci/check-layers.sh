#!/usr/bin/env bash
# The import direction of lib/ (docs/ARCHITECTURE.md, .dependency-cruiser.cjs):
# the tree must pass, and the checker must catch a planted cycle and a planted
# upward import, so a rule that silently matches nothing fails CI too.
set -euo pipefail
cd "$(dirname "$0")/.."

npx depcruise lib --config .dependency-cruiser.cjs

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
plant() { # $1: description; $2: file (under lib/); $3: line appended to it
  rm -rf "$scratch/lib"
  cp -r lib .dependency-cruiser.cjs tsconfig.json "$scratch/"
  ln -sfn "$PWD/node_modules" "$scratch/node_modules"
  printf '%s\n' "$3" >> "$scratch/lib/$2"
  if (cd "$scratch" && npx depcruise lib --config .dependency-cruiser.cjs > out.txt 2>&1); then
    echo "check-layers: the planted $1 was NOT caught" >&2
    exit 1
  fi
  echo "check-layers: planted $1 caught by: $(grep -oE 'error [a-z-]+' "$scratch/out.txt" | sort -u | sed 's/error //' | tr '\n' ' ')"
}
plant 'cycle (core/validate.ts ↔ core/shape.ts)' core/validate.ts "import { formatShape } from './shape'; export const shapeText = formatShape;"
plant 'upward import (core/ → sampling/)' core/shape.ts "import { chunkElements } from '../sampling/sample'; export const chunk = chunkElements;"
plant 'native loader outside sampling/' model/spec.ts "import { native } from '../sampling/native'; export const addon = native;"
plant 'wasm loader outside sampling/' model/spec.ts "import { loadWasmBackend } from '../sampling/wasm-node'; export const w = loadWasmBackend;"
plant 'import of the CLI from lib/' index.ts "export { main } from './cli/main';"
plant 'import of kaiming/tfjs from the CLI' cli/main.ts "export * as tfjsEntry from '../tfjs/index';"
plant 'import of the browser entry from the CLI' cli/main.ts "export * as browserEntry from '../browser/index';"
plant 'model file in the browser entry' browser/index.ts "export { readSafetensors } from '../formats/safetensors';"

#!/usr/bin/env bash
# init-model under real launchers (docs/MODELS.md §6): Open MPI's mpirun and torchrun each
# start 4 processes with --rank auto; their rank files must equal, byte for byte, the files
# one process writes for every rank in one pass (--tp 2 --fsdp 2), and put together must
# equal the single full file (kaiming verify --full). Needs the built CLI (dist/).
# Installs Debian's openmpi-bin and python3-torch (torchrun) when missing and run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v mpirun >/dev/null || ! command -v torchrun >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq openmpi-bin python3-torch >/dev/null
  fi
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
kaiming() { node bin/kaiming.js "$@"; }
kaiming spec llama --layers 2 --hidden 256 --intermediate 688 --heads 8 --kv-heads 2 --vocab 1001 --seed 9 --dtype bfloat16 > "$dir/spec.json"
kaiming init-model "$dir/spec.json" -o "$dir/full.safetensors" -q
kaiming init-model "$dir/spec.json" -o "$dir/pass{rank}.safetensors" --tp 2 --fsdp 2 -q
check() {
  local name=$1
  for r in 0 1 2 3; do cmp "$dir/$name$r.safetensors" "$dir/pass$r.safetensors"; done
  kaiming verify --full "$dir/full.safetensors" "$dir/$name"{0,1,2,3}.safetensors
  kaiming verify "$dir/$name"{0,1,2,3}.safetensors
  echo "launchers: $name ranks equal the one-pass files and the full file"
}
if command -v mpirun >/dev/null; then
  mpirun --allow-run-as-root --oversubscribe -np 4 node bin/kaiming.js init-model "$dir/spec.json" -o "$dir/mpi{rank}.safetensors" --fsdp 2 --rank auto -q
  check mpi
else
  echo "launchers: mpirun not found (apt-get install openmpi-bin)"; exit 1
fi
if command -v torchrun >/dev/null; then
  # Debian's torch 1.13 on Python 3.11: Std.from_str("0") returns None (IntFlag iteration skips 0),
  # so the default --redirects/--tee fail; a per-rank mapping of 2 (stderr) avoids it.
  map=0:2,1:2,2:2,3:2
  torchrun --nproc_per_node 4 --redirects "$map" --tee "$map" --no_python \
    node bin/kaiming.js init-model "$dir/spec.json" -o "$dir/torchrun{rank}.safetensors" --tp 2 --fsdp 2 --rank auto -q 2>&1 | grep -v '^\*\|OMP_NUM_THREADS\|^WARNING' || true
  check torchrun
else
  echo "launchers: torchrun not found (apt-get install python3-torch)"; exit 1
fi

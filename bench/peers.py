# Peer timings for bench/bench.ts: PyTorch and NumPy on the same machine, same sizes.
# Prints one JSON object: {"name": ns_per_element, ...}. Medians of `rounds` runs.
import json, sys, time

n = int(sys.argv[1]); threads = int(sys.argv[2]); rounds = int(sys.argv[3])
out = {}

def median_ns(fn):
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter(); fn(); times.append((time.perf_counter() - t0) * 1e9 / n)
    times.sort(); return times[len(times) // 2]

try:
    import numpy as np
    g = np.random.default_rng(1); buf = np.empty(n, dtype=np.float32)
    out['numpy Generator.random f32 (existing)'] = median_ns(lambda: g.random(out=buf, dtype=np.float32))
    out['numpy standard_normal f32 (existing)'] = median_ns(lambda: g.standard_normal(out=buf, dtype=np.float32))
    if threads > 1:
        # numpy releases the GIL in its fills: one Generator per thread, each filling its part.
        from concurrent.futures import ThreadPoolExecutor
        parts = np.array_split(buf, threads); gens = [np.random.default_rng(1 + i) for i in range(threads)]
        pool = ThreadPoolExecutor(threads)
        def fill_parts():
            list(pool.map(lambda k: gens[k].random(out=parts[k], dtype=np.float32), range(threads)))
        out[f'numpy Generator.random f32, {threads} generators on {threads} threads (existing)'] = median_ns(fill_parts)
except ImportError:
    pass
try:
    import torch, math
    torch.set_num_threads(threads); t = torch.empty(n // 1024, 1024)
    out['torch kaiming_uniform_ (existing)'] = median_ns(lambda: torch.nn.init.kaiming_uniform_(t))
    out['torch kaiming_normal_ (existing)'] = median_ns(lambda: torch.nn.init.kaiming_normal_(t))
    out['torch trunc_normal_ (existing)'] = median_ns(lambda: torch.nn.init.trunc_normal_(t))
    out['torch empty(n).uniform_() (fresh)'] = median_ns(lambda: torch.empty(n).uniform_())
    h = torch.empty(n, dtype=torch.bfloat16)
    out['torch uniform_ bf16 (existing)'] = median_ns(lambda: h.uniform_(-0.05, 0.05))
except ImportError:
    pass
print(json.dumps(out))

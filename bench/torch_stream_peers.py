# Timings of torch 1.13 for bench/torch-stream.ts: the same calls the torch
# stream reproduces, on existing tensors (in place), medians of `rounds` runs.
# Prints one JSON object {"label": ns_per_call}.
import json, math, sys, time
import torch

rounds = int(sys.argv[1]); threads = int(sys.argv[2])
torch.set_num_threads(threads)
init = torch.nn.init


def median_ns(fn):
    fn()
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter(); fn(); times.append((time.perf_counter() - t0) * 1e9)
    times.sort(); return times[len(times) // 2]


N = 1 << 20
f32, f64 = torch.empty(N), torch.empty(N, dtype=torch.float64)
w = torch.empty(1024, 1024)
small = torch.empty(10)
out = {
    'uniform_ f32 1Mi': median_ns(lambda: init.uniform_(f32, -0.1, 0.1)),
    'uniform_ f64 1Mi': median_ns(lambda: init.uniform_(f64, -0.1, 0.1)),
    'normal_ f32 1Mi': median_ns(lambda: init.normal_(f32, 0.0, 0.02)),
    'normal_ f64 1Mi': median_ns(lambda: init.normal_(f64, 0.0, 0.02)),
    'trunc_normal_ f32 1Mi': median_ns(lambda: init.trunc_normal_(f32, 0.0, 0.02)),
    'kaiming_uniform_ [1024,1024]': median_ns(lambda: init.kaiming_uniform_(w, a=math.sqrt(5))),
    'xavier_normal_ [1024,1024]': median_ns(lambda: init.xavier_normal_(w)),
    'normal_ f32 10': median_ns(lambda: [init.normal_(small) for _ in range(1000)]) / 1000,
    'uniform_ f32 10': median_ns(lambda: [init.uniform_(small) for _ in range(1000)]) / 1000,
    'nn.Linear(1024, 1024)': median_ns(lambda: torch.nn.Linear(1024, 1024)),
}
print(json.dumps(out))

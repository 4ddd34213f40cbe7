#!/usr/bin/python3
"""PyTorch peer for `npm run bench`: the same reference models, data size, batch and optimiser
as instructor/src/bench/bench.ts, timed per epoch. Prints one JSON object on stdout.

Run with Debian's python (apt-get install -y python3-torch libopenblas0-pthread):
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_peer.py '{"samples": 2048, "epochs": 4,
  "batch": 64, "threads": 1, "models": ["mlp", "cnn"]}'
"""
import json
import sys
import time

import torch
from torch import nn


def mlp():
    # tfjs: flatten, dense 128 relu, dense 10 softmax (softmax is inside CrossEntropyLoss here).
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


def cnn():
    # tfjs: conv 3x3x16 relu (valid), maxpool 2, conv 3x3x32 relu (valid), maxpool 2, flatten, dense 10.
    return nn.Sequential(
        nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 5 * 5, 10))


def epoch_times(model, x, y, epochs, batch):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    n = x.shape[0]
    times, cpu_times = [], []
    for _ in range(epochs):
        start, cpu_start = time.perf_counter(), time.process_time()
        order = torch.randperm(n)  # shuffled batches, like tfjs fit(shuffle: true)
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        loss.item()
        times.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu_start) * 1000)
    return times, cpu_times


def loaded_blas():
    """The BLAS library this process actually mapped (Debian's torch links libblas.so.3)."""
    try:
        with open("/proc/self/maps") as maps:
            libs = {line.split("/")[-1].strip() for line in maps if "blas" in line.lower()}
        return ", ".join(sorted(libs)) or "none mapped"
    except OSError:
        return "unknown"


def main():
    args = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    samples = int(args.get("samples", 2048))
    epochs = int(args.get("epochs", 4))
    batch = int(args.get("batch", 64))
    threads = int(args.get("threads", 1))
    models = args.get("models", ["mlp", "cnn"])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    x = torch.rand(samples, 1, 28, 28)
    y = torch.randint(0, 10, (samples,))
    results, cpu_results, params = {}, {}, {}
    for name in models:
        model = {"mlp": mlp, "cnn": cnn}[name]()
        params[name] = sum(p.numel() for p in model.parameters())
        results[name], cpu_results[name] = epoch_times(model, x, y, epochs, batch)
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": loaded_blas(),
        "samples": samples,
        "results": results,
        "cpu_results": cpu_results,
        "params": params,
    }))


if __name__ == "__main__":
    main()

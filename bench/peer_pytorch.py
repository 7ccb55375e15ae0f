#!/usr/bin/env python3
"""The PyTorch side of bench_train: one epoch of Adam, batch 256, on n = 1e5 samples, d = 50, a
100-unit ReLU student with one output, on the CPU with all cores. Prints seconds per epoch (best
of 3) for float32 (PyTorch's default) and float64 (nnmoments' precision), as `dtype seconds`.
Exit 3 if torch is not importable."""
import sys
import time

try:
    import torch
except ImportError:
    sys.exit(3)

n, d, hidden, batch = 100_000, 50, 100, 256
torch.manual_seed(1)
torch.set_num_threads(torch.get_num_threads())
for dtype in (torch.float32, torch.float64):
    X = torch.randn(n, d, dtype=dtype)
    w = torch.randn(d, 1, dtype=dtype)
    Y = torch.relu(X @ w) - torch.relu(-X @ w)
    model = torch.nn.Sequential(torch.nn.Linear(d, hidden), torch.nn.ReLU(),
                                torch.nn.Linear(hidden, 1)).to(dtype)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        perm = torch.randperm(n)
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(model(X[idx]), Y[idx])
            loss.backward()
            opt.step()
        best = min(best, time.perf_counter() - start)
    print(str(dtype).replace("torch.", ""), f"{best:.4f}")

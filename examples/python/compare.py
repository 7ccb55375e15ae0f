#!/usr/bin/env python3
"""Spectral recovery, ICA and gradient descent side by side on one data set.

The inputs are x = M s with independent Laplace sources s (a symmetric law, so the spectral
method applies, and heavy-tailed, so ICA can find M by the fourth cumulant); the labels come
from a random two-layer ReLU teacher y = A relu(W x) plus 5 % noise. Each method is asked what
it can answer:
  SpectralRecovery  the teacher's W (and a predictor), by the method of moments, no gradients;
  ICA               the mixing matrix M, from the inputs alone;
  train             a 64-unit student by Adam (nnmoments' gradient learner), 20 epochs;
  PyTorch           the same student and optimiser in PyTorch, when torch is installed.
Prints a table (held-out R², what was recovered, seconds) and, with matplotlib installed,
writes compare.png. Usage: compare.py [--out compare.png]
"""

import argparse
import time

import numpy as np

import nnmoments as nm

d, k, m, n, n_test = 8, 4, 4, 60_000, 10_000


def min_abs_cos(estimated_rows, true_rows):
    """Over the true rows, the worst best-matching |cos| with an estimated row."""
    e = estimated_rows / np.linalg.norm(estimated_rows, axis=1, keepdims=True)
    t = true_rows / np.linalg.norm(true_rows, axis=1, keepdims=True)
    return float(np.abs(e @ t.T).max(axis=0).min())


def timed(run):
    start = time.perf_counter()
    result = run()
    return result, time.perf_counter() - start


def make_data(seed=3):
    rng = np.random.default_rng(seed)
    M = rng.normal(size=(d, d))
    S = rng.laplace(size=(n + n_test, d)) / np.sqrt(2.0)  # unit variance
    X = S @ M.T
    teacher = nm.generate(n=1, d=d, k=k, m=m, seed=seed).truth  # random W and A
    clean = teacher.predict(X)
    Y = clean + 0.05 * clean.std() * rng.normal(size=clean.shape)
    return X[:n], Y[:n], X[n:], Y[n:], M, teacher


def torch_student(X, Y, X_test, Y_test, epochs=20):
    try:
        import torch
    except ImportError:
        return None
    torch.manual_seed(1)
    Xt, Yt = torch.tensor(X), torch.tensor(Y)
    mean, scale = Yt.mean(0), Yt.std()
    net = torch.nn.Sequential(torch.nn.Linear(d, 64), torch.nn.ReLU(),
                              torch.nn.Linear(64, m)).double()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    for _ in range(epochs):
        for idx in torch.randperm(n).split(256):
            opt.zero_grad()
            loss = ((net(Xt[idx]) - (Yt[idx] - mean) / scale) ** 2).mean()
            loss.backward()
            opt.step()
    with torch.no_grad():
        predicted = (net(torch.tensor(X_test)) * scale + mean).numpy()
    return 1.0 - float(((predicted - Y_test) ** 2).sum() / ((Y_test - Y_test.mean(0)) ** 2).sum())


def main():
    parser = argparse.ArgumentParser(description="spectral vs ICA vs gradient descent")
    parser.add_argument("--out", default="compare.png", help="plot file (needs matplotlib)")
    args = parser.parse_args()
    X, Y, X_test, Y_test, M, teacher = make_data()

    rows = []  # (method, held-out R², what it recovered, seconds)
    spectral, t = timed(lambda: nm.SpectralRecovery(k=k, polish=3).fit(X, Y))
    rows.append(("SpectralRecovery", spectral.score(X_test, Y_test),
                 f"W: min |cos| {min_abs_cos(spectral.W_, teacher.W):.4f}", t))
    ica, t = timed(lambda: nm.ICA(n_components=d, order=4).fit(X))
    rows.append(("ICA (order 4)", float("nan"),
                 f"M: min |cos| {min_abs_cos(ica.mixing_.T, M.T):.4f}", t))
    student, t = timed(lambda: nm.train(X, Y, hidden=64, epochs=20, seed=1))
    rows.append(("train (Adam, 64 units)", student.score(X_test, Y_test), "a predictor", t))
    torch_score, t = timed(lambda: torch_student(X, Y, X_test, Y_test))
    if torch_score is not None:
        rows.append(("PyTorch (Adam, 64 units)", torch_score, "a predictor", t))

    print(f"n = {n} training and {n_test} held-out samples, d = {d}, k = {k}, m = {m}")
    print(f"{'method':<26} {'held-out R²':>11}  {'recovered':<24} {'seconds':>8}")
    for name, score, what, seconds in rows:
        shown = "-" if np.isnan(score) else f"{score:.4f}"
        print(f"{name:<26} {shown:>11}  {what:<24} {seconds:8.2f}")
    predictors = [r for r in rows if not np.isnan(r[1])]
    best = max(predictors, key=lambda r: r[1])
    print(f"best held-out R²: {best[0]}")
    if torch_score is None:
        print("(PyTorch not installed: its row is left out)")

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib not installed: no plot)")
        return
    fig, ax = plt.subplots(figsize=(6, 3))
    bars = ax.barh([r[0] for r in predictors], [r[1] for r in predictors])
    ax.bar_label(bars, fmt="%.4f", padding=-50, color="white")
    ax.set_xlabel("held-out R² (1 = perfect)")
    ax.set_xlim(min(0.9, min(r[1] for r in predictors)), 1.0)
    fig.tight_layout()
    fig.savefig(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

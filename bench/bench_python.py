#!/usr/bin/env python3
"""The Python module against the C++ library and against scikit-learn, on the same in-memory data.

1. SpectralRecovery.fit: wall time of the Python call against the library's own clock for the
   recover() it runs (summary_.seconds, taken inside the C++ function): the difference is what the
   binding costs (argument conversion, reading the arrays, building the summary). Both layouts:
   Fortran order (read in place) and C order (each chunk copied once).
2. ICA.fit against sklearn.decomposition.FastICA (when installed; python3-sklearn) on x = A s with
   skewed independent sources: seconds and accuracy, min over true columns of the best |cos| with
   an estimated mixing column. The binding's overhead is measured as in 1 (learn_ica's
   total_seconds, summary_.total_seconds).

Usage: bench_python.py [--quick]  (PYTHONPATH must reach nnmoments, e.g. build/python).
Prints one table per part; timings are the best of --repeats runs (the machines are shared)."""

import argparse
import time

import numpy as np

import nnmoments as nm


def best_of(repeats, run):
    """(best wall seconds, result of the best run)."""
    best, kept = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        elapsed = time.perf_counter() - start
        if elapsed < best:
            best, kept = elapsed, result
    return best, kept


def min_abs_cos(estimated, true):
    e = estimated / np.linalg.norm(estimated, axis=0)
    t = true / np.linalg.norm(true, axis=0)
    return float(np.abs(e.T @ t).max(axis=0).min())


def spectral(n, d, k, repeats):
    g = nm.generate(n=n, d=d, k=k, m=k, dist="laplace", seed=1)
    print(f"SpectralRecovery.fit, n = {n}, d = {d}, k = m = {k}")
    print(f"  {'layout':<10} {'python s':>9} {'library s':>10} {'overhead':>9}")
    for layout, X, Y in (("Fortran", g.X, g.Y),
                         ("C", np.ascontiguousarray(g.X), np.ascontiguousarray(g.Y))):
        wall, est = best_of(repeats, lambda: nm.SpectralRecovery(k=k).fit(X, Y))
        library = est.summary_.seconds
        overhead = 100 * (wall - library) / library
        print(f"  {layout:<10} {wall:9.3f} {library:10.3f} {overhead:8.1f}%")


def ica(n, d, k, repeats, sklearn_repeats):
    rng = np.random.default_rng(1)
    S = rng.exponential(size=(n, k)) - 1.0  # skewness 2, unit variance
    A = rng.normal(size=(d, k))
    X = np.asfortranarray(S @ A.T)
    print(f"ICA, n = {n}, d = {d}, k = {k} exponential sources")
    print(f"  {'method':<28} {'seconds':>8} {'min |cos|':>10}")
    wall, est = best_of(repeats, lambda: nm.ICA(n_components=k).fit(X))
    library = est.summary_.total_seconds  # learn_ica's own clock, in the same call
    print(f"  {'nnmoments ICA.fit':<28} {wall:8.3f} {min_abs_cos(est.mixing_, A):10.5f}")
    print(f"  {'  library (learn_ica)':<28} {library:8.3f}"
          f"   overhead {100 * (wall - library) / library:.1f}%")
    try:
        from sklearn.decomposition import FastICA
    except ImportError:
        print("  scikit-learn not installed: FastICA skipped (python3-sklearn)")
        return
    fast = lambda: FastICA(n_components=k, whiten="unit-variance", random_state=0).fit(X)
    wall_sk, sk = best_of(sklearn_repeats, fast)
    print(f"  {'sklearn FastICA':<28} {wall_sk:8.3f} {min_abs_cos(sk.mixing_, A):10.5f}")
    print(f"  nnmoments is {wall_sk / wall:.1f}x faster")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (seconds in all)")
    parser.add_argument("--repeats", type=int, default=3)
    a = parser.parse_args()
    if a.quick:
        spectral(50_000, 10, 5, a.repeats)
        ica(20_000, 20, 5, a.repeats, 1)
    else:
        spectral(200_000, 20, 5, a.repeats)
        spectral(100_000, 50, 10, a.repeats)
        ica(100_000, 100, 10, a.repeats, 1)


if __name__ == "__main__":
    main()

"""ICA and decompose: the same factors as nnm cp, and the estimator protocol."""

import numpy as np
import pytest

import nnmoments as nm
from conftest import read_json


def test_ica_equals_nnm_cp_whiten(nnm, tmp_path):
    nnm("generate", "--dist", "exponential", "--d", 5, "--k", 2, "--m", 1, "--n", 30000,
        "--seed", 3, "--out", "ica.csv", "--truth", "t.json")
    nnm("cp", "--data", "ica.csv", "--whiten", "--rank", 5, "--method", "power", "--seed", 2,
        "--out", "factors.json")
    cli = read_json(tmp_path / "factors.json")
    X, _ = nm.read_csv(str(tmp_path / "ica.csv"))
    ica = nm.ICA(n_components=5, seed=2).fit(X)
    assert np.array_equal(ica.mixing_, np.array(cli["scaled_factors"]).T)
    d = nm.decompose(str(tmp_path / "ica.csv"), rank=5, whiten=True, seed=2)
    assert np.array_equal(d.weights, np.array(cli["weights"]))
    assert np.array_equal(d.factors, np.array(cli["factors"]).T)
    assert d.summary.status == cli["summary"]["status"]


def test_ica_unmixes_independent_sources():
    rng = np.random.default_rng(0)
    S = rng.exponential(size=(40000, 4)) - 1.0  # skewed, unit variance
    A = rng.normal(size=(6, 4))
    X = S @ A.T + 3.0
    one = nm.ICA(n_components=4, threads=1).fit(X)
    two = nm.ICA(n_components=4, threads=2).fit(np.asfortranarray(X))
    assert np.array_equal(one.mixing_, two.mixing_)
    assert np.allclose(one.components_ @ one.mixing_, np.eye(4), atol=1e-10)
    assert np.allclose(one.mean_, X.mean(axis=0), rtol=0, atol=1e-12)
    # Every true column is found (up to order and sign) and every source comes back.
    cols = one.mixing_ / np.linalg.norm(one.mixing_, axis=0)
    true = A / np.linalg.norm(A, axis=0)
    assert np.abs(cols.T @ true).max(axis=0).min() > 0.99
    corr = np.corrcoef(one.transform(X).T, S.T)[:4, 4:]
    assert np.abs(corr).max(axis=0).min() > 0.99
    assert np.allclose(one.inverse_transform(one.transform(X)), X, atol=1e-8)
    assert np.all(one.cumulants_ > 1.5)  # the exponential's skewness is 2


def test_ica_protocol_and_errors():
    ica = nm.ICA(n_components=2)
    with pytest.raises(nm.NotFittedError):
        ica.transform(np.zeros((3, 2)))
    assert ica.get_params() == {"n_components": 2, "order": 3, "method": "power", "seed": 1,
                                "threads": 0}
    with pytest.raises(ValueError, match="exceeds the data dimension"):
        nm.ICA(n_components=5).fit(np.random.default_rng(1).normal(size=(100, 3)))
    with pytest.raises(ValueError):
        nm.ICA(n_components=2, method="nope").fit(np.random.default_rng(1).normal(size=(100, 3)))


def test_decompose_a_dense_tensor():
    rng = np.random.default_rng(4)
    Q, _ = np.linalg.qr(rng.normal(size=(6, 3)))
    w = np.array([3.0, 2.0, 1.0])
    T = np.einsum("r,ir,jr,kr->ijk", w, Q, Q, Q)
    d = nm.decompose(T, rank=3, method="power")
    assert d.summary.usable and d.summary.fit_residual < 1e-8
    assert np.allclose(np.sort(d.weights), np.sort(w))
    with pytest.raises(ValueError, match="whiten"):
        nm.decompose(T, rank=3, whiten=True)
    with pytest.raises(ValueError, match="exceeds the tensor dimension"):
        nm.decompose(T, rank=7)


@pytest.mark.parametrize("n", [40000, 40001])
def test_bits_do_not_depend_on_where_the_array_starts(n):
    # Fortran-order arrays are read in place only where Eigen would see the library's own
    # alignment; any other start gives the same bits through an aligned copy of each chunk.
    rng = np.random.default_rng(0)
    X = (rng.exponential(size=(n, 4)) - 1.0) @ rng.normal(size=(6, 4)).T
    reference = nm.ICA(n_components=4).fit(X).mixing_
    for offset in (0, 8, 16, 24, 32, 48):
        buffer = np.empty(X.size + 16)
        start = (-buffer.ctypes.data % 64 + offset) // 8
        F = buffer[start:start + X.size].reshape(X.shape[::-1]).T
        F[...] = X
        assert F.flags["F_CONTIGUOUS"] and F.ctypes.data % 64 == offset
        assert np.array_equal(nm.ICA(n_components=4).fit(F).mixing_, reference), offset


def test_gaussian_sources_warn_as_nnm_cp_exits_3(nnm, tmp_path):
    # Gaussian sources have no third cumulant: ICA cannot identify them, and both faces say so.
    X = np.random.default_rng(0).normal(size=(20000, 4))
    nm.write_csv(str(tmp_path / "g.csv"), X, np.zeros((20000, 1)))
    cli = nnm("cp", "--data", "g.csv", "--whiten", "--rank", 4, "--out", "f.json", expect=3)
    with pytest.warns(nm.UntrustworthyResult, match="not_converged"):
        ica = nm.ICA(n_components=4).fit(X)
    assert not ica.summary_.usable and ica.summary_.message in cli.stderr
    assert ica.mixing_.shape == (4, 4)  # the result is kept

"""SpectralRecovery: the same model as nnm recover, for any layout and thread count."""

import warnings

import numpy as np
import pytest

import nnmoments as nm
from conftest import read_json

ARGS = dict(n=40000, d=6, k=3, m=4, dist="laplace", seed=5)


@pytest.fixture(scope="module")
def data():
    return nm.generate(**ARGS)


def test_equals_nnm_recover(nnm, tmp_path, data):
    nnm("generate", "--dist", "laplace", "--d", 6, "--k", 3, "--m", 4, "--n", 40000, "--seed", 5,
        "--out", "data.csv", "--truth", "truth.json")
    nnm("recover", "--data", "data.csv", "--k", 3, "--polish", 2, "--seed", 9, "--out",
        "model.json", "--report", "report.json")
    model = read_json(tmp_path / "model.json")
    est = nm.SpectralRecovery(k=3, polish=2, seed=9).fit(data.X, data.Y)
    assert np.array_equal(est.W_, np.array(model["W"]))
    assert np.array_equal(est.A_, np.array(model["A"]))
    report = read_json(tmp_path / "report.json")
    assert est.summary_.status == report["status"] == "success"
    assert est.summary_.fit_residual == report["fit_residual"]
    # The file path streams the same samples: the same bits again.
    from_file = nm.SpectralRecovery(k=3, polish=2, seed=9).fit(str(tmp_path / "data.csv"))
    assert np.array_equal(from_file.W_, est.W_)


def test_layout_and_threads_do_not_change_the_bits(data):
    base = nm.SpectralRecovery(k=3, threads=1).fit(data.X, data.Y)
    c_order = nm.SpectralRecovery(k=3, threads=2).fit(np.ascontiguousarray(data.X),
                                                      np.ascontiguousarray(data.Y))
    strided = np.asfortranarray(np.hstack([data.X, data.Y]))
    views = nm.SpectralRecovery(k=3, threads=2).fit(strided[:, :6], strided[:, 6:])
    for other in (c_order, views):
        assert np.array_equal(other.W_, base.W_) and np.array_equal(other.A_, base.A_)


def test_recovers_the_teacher(data):
    est = nm.SpectralRecovery(k=3).fit(data.X, data.Y)
    assert est.summary_.usable and est.summary_.k == 3
    # Each recovered row matches a teacher row up to order (unit rows: |cos| near 1).
    W, T = est.W_, data.truth.W
    cos = np.abs((W / np.linalg.norm(W, axis=1, keepdims=True))
                 @ (T / np.linalg.norm(T, axis=1, keepdims=True)).T)
    assert cos.max(axis=1).min() > 0.99
    held_out = nm.generate(**{**ARGS, "n": 2000, "seed": 5}, test_n=2000)
    assert est.score(held_out.X_test, held_out.Y_test) > 0.99
    assert est.predict(held_out.X_test).shape == (2000, 4)


def test_untrustworthy_result_warns_and_keeps_the_summary():
    skewed = nm.generate(n=20000, d=5, k=2, m=3, dist="exponential", seed=1)
    with pytest.warns(nm.UntrustworthyResult, match="not_symmetric"):
        est = nm.SpectralRecovery(k=2).fit(skewed.X, skewed.Y)
    assert est.summary_.status == "not_symmetric" and not est.summary_.usable
    assert est.summary_.message


def test_bad_input():
    g = nm.generate(n=500, d=4, k=2, m=3, seed=1)
    with pytest.raises(ValueError, match="needs k ≤ d and k ≤ m"):
        nm.SpectralRecovery(k=5).fit(g.X, g.Y)
    with pytest.raises(ValueError, match="samples"):
        nm.SpectralRecovery(k=2).fit(g.X, g.Y[:10])
    with pytest.raises(ValueError):
        nm.SpectralRecovery(k=2, activation="nonsense").fit(g.X, g.Y)
    with pytest.raises(ValueError, match="Y"):
        nm.SpectralRecovery(k=2).fit(g.X)


def test_estimator_protocol(data):
    est = nm.SpectralRecovery(k=3, polish=1)
    params = est.get_params()
    assert params["k"] == 3 and params["polish"] == 1 and params["activation"] == "relu"
    clone = type(est)(**params)
    assert clone.get_params() == params
    assert est.set_params(seed=4) is est and est.seed == 4
    with pytest.raises(ValueError, match="Invalid parameter"):
        est.set_params(nope=1)
    with pytest.raises(nm.NotFittedError):
        est.predict(data.X)
    assert not [a for a in vars(est) if a.endswith("_")]
    assert est.fit(data.X, data.Y) is est
    fitted = {a for a in vars(est) if a.endswith("_") and not a.startswith("_")}
    assert {"W_", "A_", "b_", "c_", "summary_", "n_features_in_"} <= fitted
    assert est.get_params() == {**params, "seed": 4}  # fit leaves the parameters alone
    assert repr(est) == "SpectralRecovery(k=3, polish=1, seed=4)"


def test_scikit_learn_tools_accept_the_estimator(data):
    sklearn = pytest.importorskip("sklearn")  # optional (python3-sklearn)
    from sklearn.base import clone
    from sklearn.model_selection import GridSearchCV
    assert clone(nm.SpectralRecovery(k=3, seed=2)).get_params()["seed"] == 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nm.UntrustworthyResult)  # k = 1 misfits on purpose
        search = GridSearchCV(nm.SpectralRecovery(), {"k": [1, 3]}, cv=2).fit(data.X, data.Y)
    assert search.best_params_ == {"k": 3}


def test_float32_is_converted_once_to_the_same_numbers(data):
    X32, Y32 = data.X.astype(np.float32), data.Y.astype(np.float32)
    a = nm.SpectralRecovery(k=3).fit(X32, Y32)
    b = nm.SpectralRecovery(k=3).fit(X32.astype(np.float64), Y32.astype(np.float64))
    assert np.array_equal(a.W_, b.W_) and a.W_.dtype == np.float64

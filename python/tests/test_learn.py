"""train: the same student as nnm train, for any thread count."""

import numpy as np
import pytest

import nnmoments as nm
from conftest import read_json


def test_train_equals_nnm_train(nnm, tmp_path):
    nnm("generate", "--d", 5, "--k", 3, "--m", 2, "--n", 3000, "--seed", 2, "--out", "d.csv",
        "--truth", "t.json")
    nnm("train", "--data", "d.csv", "--hidden", 16, "--epochs", 3, "--seed", 6, "--quiet",
        "--out", "s.json")
    cli = read_json(tmp_path / "s.json")
    X, Y = nm.read_csv(str(tmp_path / "d.csv"))
    student = nm.train(X, Y, hidden=16, epochs=3, seed=6)
    net = student.network()
    assert np.array_equal(net.W, np.array(cli["W"]))
    assert np.array_equal(net.A, np.array(cli["A"]))
    assert np.array_equal(net.b, np.array(cli["b"]))
    assert student.summary.train_error == cli["train_error"]
    assert len(student.summary.history["epoch"]) == 3


def test_train_is_thread_independent_and_learns():
    g = nm.generate(n=4000, d=4, k=2, m=1, seed=8, test_n=1000)
    one = nm.train(g.X, g.Y, hidden=32, epochs=8, seed=1, threads=1, X_test=g.X_test,
                   Y_test=g.Y_test)
    two = nm.train(g.X, g.Y, hidden=32, epochs=8, seed=1, threads=2, X_test=g.X_test,
                   Y_test=g.Y_test)
    assert np.array_equal(one._student.parameters, two._student.parameters)
    assert one.summary.test_error < 0.2  # well below the mean predictor's 1
    assert one.score(g.X_test, g.Y_test) == pytest.approx(1 - one.summary.test_error, rel=1e-9)


def test_spectral_start_and_errors():
    g = nm.generate(n=20000, d=5, k=2, m=3, dist="laplace", seed=1)
    s = nm.train(g.X, g.Y, init="spectral", k=2, epochs=1, lr=1e-4)
    assert s.hidden == [2]
    skewed = nm.generate(n=20000, d=5, k=2, m=3, dist="exponential", seed=1)
    with pytest.raises(nm.UntrustworthyResult, match="spectral start"):
        nm.train(skewed.X, skewed.Y, init="spectral", k=2, epochs=1)
    with pytest.raises(ValueError, match="lr|learning"):
        nm.train(g.X, g.Y, lr=-1.0, epochs=1)
    with pytest.raises(ValueError, match="both"):
        nm.train(g.X, g.Y, X_test=g.X, epochs=1)

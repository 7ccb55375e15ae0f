"""generate, read_data/write_data (every format), read_csv/write_csv and model files: the same
numbers as the nnm command."""

import numpy as np
import pytest

import nnmoments as nm
from conftest import read_json, read_rows


def test_generate_equals_nnm_generate(nnm, tmp_path):
    nnm("generate", "--dist", "laplace", "--d", 6, "--k", 3, "--m", 4, "--n", 5000, "--noise",
        0.1, "--seed", 7, "--out", "data.csv", "--truth", "truth.json", "--test-n", 700,
        "--test-out", "test.csv")
    g = nm.generate(n=5000, d=6, k=3, m=4, dist="laplace", noise=0.1, seed=7, test_n=700)
    header, rows = read_rows(tmp_path / "data.csv")
    assert header == ["x1", "x2", "x3", "x4", "x5", "x6", "y1", "y2", "y3", "y4"]
    assert np.array_equal(rows, np.hstack([g.X, g.Y]))
    _, test_rows = read_rows(tmp_path / "test.csv")
    assert np.array_equal(test_rows, np.hstack([g.X_test, g.Y_test]))
    truth = read_json(tmp_path / "truth.json")
    assert np.array_equal(np.array(truth["W"]), g.truth.W)
    assert np.array_equal(np.array(truth["A"]), g.truth.A)
    assert truth["noise_sd"] == g.noise_sd
    assert g.dist == truth["dist"] and g.symmetric


def test_generate_does_not_depend_on_threads():
    one = nm.generate(n=20000, d=5, k=3, m=3, noise=0.2, seed=3, threads=1)
    two = nm.generate(n=20000, d=5, k=3, m=3, noise=0.2, seed=3, threads=2)
    assert np.array_equal(one.X, two.X) and np.array_equal(one.Y, two.Y)
    other = nm.generate(n=20000, d=5, k=3, m=3, noise=0.2, seed=4, threads=2)
    assert not np.array_equal(one.X, other.X)


def test_csv_and_model_round_trip(tmp_path):
    g = nm.generate(n=300, d=4, k=2, m=3, seed=2)
    nm.write_csv(str(tmp_path / "d.csv"), g.X, g.Y)
    X, Y = nm.read_csv(str(tmp_path / "d.csv"))
    assert np.array_equal(X, g.X) and np.array_equal(Y, g.Y)
    g.truth.save(str(tmp_path / "m.json"), note="round trip")
    back = nm.load_model(str(tmp_path / "m.json"))
    assert np.array_equal(back.W, g.truth.W) and np.array_equal(back.A, g.truth.A)
    assert back.fields["note"] == "round trip"
    assert np.array_equal(back.predict(g.X), g.Y)  # noiseless teacher


def test_bad_files_raise_with_the_command_line_message(nnm, tmp_path):
    (tmp_path / "bad.csv").write_text("x1,x2,y1\n1,2,3\n4,5\n")
    with pytest.raises(ValueError) as error:
        nm.read_csv(str(tmp_path / "bad.csv"))
    assert "bad.csv:3:" in str(error.value)
    cli = nnm("recover", "--data", "bad.csv", "--out", "m.json", expect=2)
    assert str(error.value).split("bad.csv:", 1)[1] in cli.stderr
    with pytest.raises(ValueError) as fit_error:
        nm.SpectralRecovery(k=1).fit(str(tmp_path / "bad.csv"))
    assert str(fit_error.value) == str(error.value)
    with pytest.raises(FileNotFoundError, match="missing.csv"):
        nm.read_csv(str(tmp_path / "missing.csv"))
    with pytest.raises(ValueError, match="unknown|dist|law"):
        nm.generate(n=10, dist="no-such-law")
    with pytest.raises(ValueError):
        nm.generate(n=10, d=3, k=5)  # k > d


def formats_built():
    """The file names of every data format this build writes (HDF5 is optional at build time)."""
    names = ["d.csv", "d.npy"]
    try:
        nm.write_data("/nonexistent-dir/probe.h5", np.zeros((1, 1)), np.zeros((1, 1)))
    except (ValueError, FileNotFoundError, OSError) as error:
        if "HDF5" not in str(error):
            names.append("d.h5")
    return names


def test_every_data_format_gives_the_same_numbers_and_the_same_model(nnm, tmp_path):
    g = nm.generate(n=20000, d=6, k=3, m=4, dist="laplace", seed=5)
    reference = nm.SpectralRecovery(k=3, seed=9).fit(g.X, g.Y)
    for name in formats_built():
        path = str(tmp_path / name)
        nm.write_data(path, g.X, g.Y)
        X, Y = nm.read_data(path)
        assert np.array_equal(X, g.X) and np.array_equal(Y, g.Y), name
        est = nm.SpectralRecovery(k=3, seed=9).fit(path)
        assert np.array_equal(est.W_, reference.W_) and np.array_equal(est.A_, reference.A_), name
        assert nm.probe(path).coordinates == nm.probe(g.X, g.Y).coordinates, name
        # The command reads the file Python wrote, and finds the same model.
        nnm("recover", "--data", name, "--k", 3, "--seed", 9, "--out", name + ".json")
        assert np.array_equal(np.array(read_json(tmp_path / (name + ".json"))["W"]), est.W_)
    # Python reads what `nnm generate --format npy` writes.
    nnm("generate", "--d", 4, "--k", 2, "--m", 2, "--n", 3000, "--seed", 2, "--out", "g.npy",
        "--truth", "t.json")
    nnm("generate", "--d", 4, "--k", 2, "--m", 2, "--n", 3000, "--seed", 2, "--out", "g.csv",
        "--truth", "t2.json")
    X, Y = nm.read_data(str(tmp_path / "g.npy"))
    assert np.array_equal(np.hstack([X, Y]), read_rows(tmp_path / "g.csv")[1])


def test_read_csv_reads_csv_whatever_the_name_and_bad_binary_files_raise(tmp_path):
    nm.write_data(str(tmp_path / "d.npy"), np.ones((3, 2)), np.ones((3, 1)))
    with pytest.raises(ValueError, match="d.npy"):
        nm.read_csv(str(tmp_path / "d.npy"))  # binary bytes are not a CSV
    (tmp_path / "bad.npy").write_bytes(b"\x93NUMPY\x01\x00garbage")
    with pytest.raises(ValueError, match="bad.npy"):
        nm.read_data(str(tmp_path / "bad.npy"))
    with pytest.raises(ValueError, match="bad.npy"):
        nm.SpectralRecovery(k=1).fit(str(tmp_path / "bad.npy"))
    with pytest.raises(ValueError, match="format"):
        nm.read_data(str(tmp_path / "d.npy"), format="parquet")

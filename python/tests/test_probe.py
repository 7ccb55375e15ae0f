"""nnmoments.probe: the SQ probe finds the regression parity's hidden subset and gives the numbers
of `nnm probe --json` on the same file."""

import json

import numpy as np
import pytest

import nnmoments as nm


def test_probe_finds_the_parity_support_from_arrays():
    member = nm.family("parity", d=12, k=2, seed=3)
    X, Y = member.sample(40000, seed=5)
    support = sorted(int(i) + 1 for i in np.flatnonzero(np.abs(member.network.W).sum(axis=0)))
    r = nm.probe(X, Y)
    assert r.status == "success"
    assert sorted(r.coordinates[:2]) == support
    assert sorted(r.significant) == support
    assert len(r.statistics) == 4 * 3 and len(r.matrices) == 4


def test_probe_matches_the_command_line(nnm, tmp_path):
    nnm("family", "--kind", "parity", "--d", 10, "--k", 2, "--n", 20000, "--seed", 4,
        "--out", "p.csv", "--truth", "p.json")
    cli = json.loads(nnm("probe", "--data", "p.csv", "--json").stdout)
    r = nm.probe(str(tmp_path / "p.csv"))
    assert r.coordinates == cli["coordinates"]
    assert r.significant == cli["significant"]
    assert r.n == cli["n"]


def test_probe_bad_options_raise_value_error():
    X = np.zeros((10, 3))
    with pytest.raises(ValueError):
        nm.probe(X, np.ones((10, 1)), transforms=["cube"])
    with pytest.raises(ValueError):
        nm.probe(X)

"""Hard families and the SQ bound: the same members, samples and bounds as nnm family / nnm sq."""

import json

import numpy as np
import pytest

import nnmoments as nm
from conftest import read_json, read_rows


def test_family_sample_equals_nnm_family(nnm, tmp_path):
    nnm("family", "--kind", "parity", "--d", 12, "--k", 4, "--n", 3000, "--seed", 4, "--out",
        "p.csv", "--truth", "p.json", "--test-n", 500, "--test-out", "pt.csv")
    member = nm.family("parity", d=12, k=4, seed=4)
    X, Y = member.sample(3000)
    _, rows = read_rows(tmp_path / "p.csv")
    assert np.array_equal(rows, np.hstack([X, Y]))
    Xt, Yt = member.sample(500, held_out=True)
    _, test_rows = read_rows(tmp_path / "pt.csv")
    assert np.array_equal(test_rows, np.hstack([Xt, Yt]))
    truth = read_json(tmp_path / "p.json")
    assert truth["member"] == member.info
    assert np.array_equal(np.array(truth["W"]), member.network.W)
    assert member.score(X, Y) == 1.0  # noiseless: the member computes its own labels
    assert member.family.claim[0] == "CSQ"


def test_sq_bound_equals_nnm_sq(nnm):
    cli = json.loads(nnm("sq", "--kind", "parity", "--d", 10, "--k", 4, "--members", 20,
                         "--json").stdout)
    r = nm.sq_bound("parity", d=10, k=4, members=20)
    assert r.usable and r.covers == cli["covers"] and r.claim == cli["claim"]
    assert r.lambda_max == cli["lambda_max"]
    assert [b["sampled"] for b in r.bounds] == [b["sampled"] for b in cli["bounds"]]
    assert [b["family"] for b in r.bounds] == [b["family"] for b in cli["bounds"]]
    assert r.member_indices == cli["member_indices"]


def test_bad_family_raises_the_command_line_message(nnm):
    cli = nnm("family", "--kind", "parity", "--d", 12, "--k", 3, "--out", "x.csv", "--truth",
              "x.json", expect=2)
    with pytest.raises(ValueError) as error:
        nm.family("parity", d=12, k=3)
    assert cli.stderr == f"nnm: {error.value}\n"


def test_family_parameters_are_checked():
    with pytest.raises(ValueError, match="sharpness does not apply to kind parity"):
        nm.family("parity", sharpness=2.0)
    with pytest.raises(ValueError, match="unknown family parameter"):
        nm.family("wave", colour=1)
    with pytest.raises(ValueError):
        nm.family("no-such-kind")
    with pytest.raises(ValueError):
        nm.family("parity", d=3, k=9)
    wave = nm.Family("wave", d=8, sharpness=2.0, seed=3)
    assert wave.kind == "wave" and wave.dim == 8
    assert wave.member(0).network.W.shape[1] == 8


@pytest.mark.parametrize("flags, kind, params, dist", [
    (["--d", 12, "--sharpness", 8, "--seed", 2], "wave", dict(d=12, sharpness=8.0, seed=2),
     "gaussian"),
    (["--d", 12, "--k", 6, "--m", 2, "--dist", "ksat:3"], "natural", dict(d=12, k=6, m=2),
     "ksat:3"),
    (["--d", 12, "--k", 4], "dkkz", dict(d=12, k=4), "gaussian"),
    (["--d", 9, "--k", 3, "--edge-prob", 0.7], "coloring", dict(d=9, k=3, edge_prob=0.7),
     "gaussian"),
    (["--d", 6, "--edge-prob", 0.6, "--copies", 40], "relu-maxcut",
     dict(d=6, edge_prob=0.6, copies=40), "gaussian"),
])
def test_every_kind_samples_the_rows_of_nnm_family(nnm, tmp_path, flags, kind, params, dist):
    nnm("family", "--kind", kind, *flags, "--n", 500, "--out", "f.csv", "--truth", "f.json")
    member = nm.family(kind, **params)
    X, Y = member.sample(500, dist=dist)
    _, rows = read_rows(tmp_path / "f.csv")
    assert np.array_equal(rows, np.hstack([X, Y]))
    truth = read_json(tmp_path / "f.json")
    assert truth["member"] == member.info
    assert np.array_equal(np.array(truth["W"]), member.network.W)

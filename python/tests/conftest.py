"""Fixtures of the nnmoments test suite. The tests compare the module with the nnm command (its
path in $NNM, set by ctest); those comparisons are skipped when it is not given."""

import json
import os
import subprocess

import numpy as np
import pytest

nnmoments = pytest.importorskip("nnmoments")


@pytest.fixture
def nnm(tmp_path):
    """Runs `nnm ARGS...` in tmp_path; returns the CompletedProcess (stdout and stderr as text)."""
    path = os.environ.get("NNM")
    if not path or not os.path.exists(path):
        pytest.skip("the nnm command is not available (set NNM=/path/to/nnm)")

    def run(*args, expect=0):
        result = subprocess.run([path, *map(str, args)], cwd=tmp_path, capture_output=True,
                                text=True)
        assert result.returncode == expect, result.stderr
        return result

    return run


def read_rows(path):
    """A data CSV's rows as doubles, parsed by Python (exact: nnm writes shortest round-trip
    numbers), and the header."""
    with open(path) as f:
        header = f.readline().strip().split(",")
        rows = [[float(v) for v in line.split(",")] for line in f if line.strip()]
    return header, np.array(rows)


def read_json(path):
    with open(path) as f:
        return json.load(f)

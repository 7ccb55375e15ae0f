"""nnmoments: spectral method-of-moments recovery of two-layer networks and the provably hard
families of the statistical-query lower bounds, from Python with NumPy arrays in and out.

The same library as the ``nnm`` command: the same seed gives the same bits as the command
line, for any ``threads``. Bad input raises ValueError (FileNotFoundError for a missing file)
with the command line's message; a result the method's own diagnostics distrust warns
UntrustworthyResult and keeps its summary. See docs/python.md.

Estimators: SpectralRecovery, ICA. Functions: generate, decompose, family, sq_bound, probe,
train, read_data, write_data, read_csv, write_csv, load_model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence, Union

import numpy as np

from . import _nnmoments as _core
from ._common import (Network, Summary, UntrustworthyResult, as_matrix, load_model,
                      normalised_error, warn_if_untrustworthy)
from .estimators import ICA, NotFittedError, SpectralRecovery

__version__ = _core.version
__all__ = [
    "SpectralRecovery", "ICA", "NotFittedError", "UntrustworthyResult", "Summary", "Network",
    "Generated", "Decomposition", "Family", "FamilyMember", "TrainedStudent", "generate",
    "decompose", "family", "sq_bound", "probe", "train", "read_data", "write_data",
    "read_csv", "write_csv", "load_model", "input_laws",
]


@dataclass
class Generated:
    """Samples of a teacher network: X (n × d), Y (n × m), the teacher, and the held-out set
    (X_test, Y_test; None unless test_n > 0)."""

    X: np.ndarray
    Y: np.ndarray
    truth: Network
    X_test: Optional[np.ndarray]
    Y_test: Optional[np.ndarray]
    dist: str
    symmetric: bool
    noise_sd: float


def generate(n: int = 10000, d: int = 10, k: int = 5, m: int = 5, dist: str = "gaussian",
             noise: float = 0.0, activation: str = "relu", cond_w: float = 0.0, seed: int = 1,
             test_n: int = 0, threads: int = 0) -> Generated:
    """Samples a teacher network y = A σ(W x) + ξ under an input law, as ``nnm generate``: the
    same seed gives the same numbers as the rows of its data file (and the held-out rows of
    ``--test-n``/``--test-out``). ``input_laws()`` lists the laws; noise is relative
    (ξ ~ N(0, (noise · rms of clean y)² I))."""
    r = _core.generate(dist, d, k, m, n, noise, activation, cond_w, seed, test_n, threads)
    return Generated(X=r["X"], Y=r["Y"], truth=Network._from_core(r["truth"]),
                     X_test=r.get("X_test"), Y_test=r.get("Y_test"), dist=r["dist"],
                     symmetric=r["symmetric"], noise_sd=r["noise_sd"])


def input_laws() -> list:
    """(name pattern, description) of every input law ``generate`` and ``family`` accept."""
    return list(_core.input_laws())


def read_data(path: str, outputs: bool = True, format: str = "auto"):
    """Reads a data file into (X, Y): CSV (x1..xd, y1..ym), NumPy .npy (one 2-D array, inputs
    then outputs) or HDF5 (datasets x and y), by extension unless ``format`` is "csv", "npy" or
    "h5" (docs/formats.md). With outputs=False an inputs-only file is fine (Y then has no
    columns). A malformed file raises ValueError naming the file and the problem."""
    return _core.read_data(path, outputs, format)


def write_data(path: str, X, Y, format: str = "auto") -> None:
    """Writes a data file atomically in the format its extension names (or ``format``): CSV with
    numbers in shortest round-trip form, .npy, or HDF5 — the files ``nnm generate`` writes."""
    _core.write_data(path, as_matrix(X, "X"), as_matrix(Y, "Y"), format)


def read_csv(path: str, outputs: bool = True):
    """Reads a data CSV (x1..xd, y1..ym) into (X, Y), whatever the file's extension; with
    outputs=False an x-only file is fine (Y then has no columns). A malformed file raises
    ValueError naming file, line and problem."""
    return _core.read_data(path, outputs, "csv")


def write_csv(path: str, X, Y) -> None:
    """Writes a data CSV atomically, numbers in shortest round-trip form."""
    _core.write_data(path, as_matrix(X, "X"), as_matrix(Y, "Y"), "csv")


@dataclass
class Decomposition:
    """A symmetric CP decomposition T ≈ Σ_j weights[j] · factors[:, j]^{⊗p}: unit factors (in the
    data's coordinates for samples), scaled_factors (whitened data only: for ICA data, the mixing
    matrix's columns) and the summary."""

    weights: np.ndarray
    factors: np.ndarray
    scaled_factors: Optional[np.ndarray]
    summary: Summary


def decompose(tensor_or_samples: Union[np.ndarray, str], rank: int, method: str = "power",
              order: int = 3, moment: str = "cumulant", whiten: bool = False, seed: int = 1,
              max_residual: float = 0.5, threads: int = 0) -> Decomposition:
    """Symmetric CP decomposition, as ``nnm cp``.

    A 3- or 4-dimensional array of equal sides is a dense symmetric tensor. A 2-D array (n × d
    samples) or a data file path (CSV, .npy, HDF5) stands for the data's moment tensor of
    ``order``, kept implicit: ``moment`` "cumulant" (centred; order 4 minus the Gaussian part) or
    "raw"; ``whiten`` whitens to ``rank`` dimensions first (ICA). ``method``: power, sshopm, jennrich or als.
    Warns UntrustworthyResult when the fit residual exceeds max_residual or the method failed."""
    if isinstance(tensor_or_samples, str):
        r = _core.decompose_data(tensor_or_samples, order, moment, whiten, rank, method, seed,
                                 max_residual, threads)
    else:
        a = np.asarray(tensor_or_samples, dtype=np.float64)
        if a.ndim == 2:
            r = _core.decompose_data(as_matrix(a, "samples"), order, moment, whiten, rank,
                                     method, seed, max_residual, threads)
        else:
            if whiten:
                raise ValueError("whiten needs samples (a tensor has no second moment to whiten "
                                 "with)")
            r = _core.decompose_tensor(a, rank, method, seed, max_residual, threads)
    result = Decomposition(weights=r["weights"], factors=r["factors"],
                           scaled_factors=r.get("scaled_factors"), summary=Summary(r["summary"]))
    warn_if_untrustworthy(result.summary, "decompose")
    return result


class Family:
    """A hard family (parity, wave, natural, dkkz, coloring, relu-maxcut): ``kind``, ``dim``,
    ``size`` (a float; inf for continuous families), ``parameters`` and ``claim`` — (learner
    class, the sentence saying which learners its hardness covers: CSQ, SQ or conditional)."""

    def __init__(self, kind: str, seed: int = 1, **params):
        self._core = _core.Family(kind, params, seed)

    kind = property(lambda self: self._core.kind)
    dim = property(lambda self: self._core.dim)
    size = property(lambda self: self._core.size)
    seed = property(lambda self: self._core.seed)
    parameters = property(lambda self: self._core.parameters)
    claim = property(lambda self: self._core.claim)

    def member(self, index: Optional[int] = None) -> "FamilyMember":
        """Member ``index`` (0-based), or the one the seed draws (as ``nnm family``)."""
        d = self._core.pick(index)
        return FamilyMember(self, Network._from_core(d), d["info"])

    def __repr__(self) -> str:
        return f"Family({self.kind!r}, parameters={self.parameters!r})"


class FamilyMember:
    """One member of a hard family: ``network`` (the exact two-layer network), ``info`` (what
    identifies it, e.g. the parity's subset) and ``family``."""

    def __init__(self, family: Family, network: Network, info):
        self.family, self.network, self.info = family, network, info

    def sample(self, n: int, seed: Optional[int] = None, dist: str = "gaussian",
               noise: float = 0.0, held_out: bool = False, threads: int = 0):
        """(X, Y): n samples of the member under an input law (any ``generate`` law or
        ksat[:K]); the family's seed by default, which gives the rows of ``nnm family --out``
        (held_out=True: of ``--test-out``). The coloring and relu-maxcut families return their
        fixed points."""
        r = self.family._core.sample(self.network._core(), dist, n, noise,
                                     self.family.seed if seed is None else seed, held_out,
                                     threads)
        return r["X"], r["Y"]

    def predict(self, X, threads: int = 0) -> np.ndarray:
        """The member's outputs for the rows of X."""
        return self.network.predict(X, threads)

    def score(self, X, Y) -> float:
        """1 − normalised error of the member on (X, Y)."""
        return 1.0 - normalised_error(self.predict(X), Y)

    def __repr__(self) -> str:
        return f"FamilyMember({self.family.kind!r}, info={self.info!r})"


def family(kind: str, member: Optional[int] = None, seed: int = 1, **params) -> FamilyMember:
    """A member of a hard family, as ``nnm family --kind KIND``: parameters are the flags without
    dashes (d, k, activation, scale, sharpness, period, range, tolerance, spacing, units,
    index_set, delta, weights, m, edge_prob, hypergraph); one the kind does not use is a
    ValueError. ``member`` picks by index, else the seed draws one."""
    return Family(kind, seed=seed, **params).member(member)


def sq_bound(kind: str, members: int = 50,
             taus: Sequence[float] = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3),
             dist: str = "gaussian", method: str = "auto", terms: int = 160,
             samples: int = 1_000_000, seed: int = 1, threads: int = 0, **params) -> Summary:
    """The SQ analysis of ``nnm sq``: the Gram matrix of ``members`` sampled members under the
    law, λ_max of its normalised form, and for each τ the query lower bound q ≥ M τ²/λ − 1 (for
    the sampled members, and for the whole family when its λ_max is certified). ``covers`` and
    ``claim`` say which learners the bound covers. Warns UntrustworthyResult when a correlation
    is too inaccurate or a member has zero norm."""
    fam = Family(kind, seed=seed, **params)
    r = fam._core.sq(dist, members, list(taus), method, terms, samples, threads)
    r["family"] = fam.parameters
    r["family_size"] = fam.size
    summary = Summary(r)
    warn_if_untrustworthy(summary, f"sq_bound for {kind}")
    return summary


def probe(data: Union[str, "np.typing.ArrayLike"], outputs=None,
          transforms: Sequence[str] = ("identity", "square", "abs", "sign"),
          degrees: Sequence[int] = (1, 2, 4), eigenvectors: int = 2, output: int = 0,
          level: float = 0.01, threads: int = 0) -> Summary:
    """The SQ probe of ``nnm probe``: one pass computing E[T(y)·He_j(x_i)] and the correlation of
    T(y) with He_j(x_i) for each label map T and Hermite degree j, and per T the matrix
    E[(T(y) − E T)·x xᵀ] with its top eigenpairs. These are SQ statistics, not CSQ ones (T(y) = y²
    is not linear in y): a family can be CSQ-hard and still give its hidden coordinates away here.

    ``data`` is a data file path (CSV, .npy or HDF5) or an n × d array with ``outputs`` (n × m;
    ``output`` picks the column). The result's ``coordinates`` ranks the inputs by their strongest statistic
    (1-based, strongest first, as in ``nnm probe --json``); ``significant`` lists those above the
    Bonferroni ``threshold`` at family-wise ``level``. Warns UntrustworthyResult when nothing can
    be measured (fewer than two samples, constant labels)."""
    if isinstance(data, str):
        r = _core.probe(data, None, list(transforms), list(degrees), eigenvectors, output, level,
                        threads)
    else:
        if outputs is None:
            raise ValueError("probe: outputs are needed with an array of inputs")
        r = _core.probe(as_matrix(data, "X"), as_matrix(outputs, "Y"), list(transforms),
                        list(degrees), eigenvectors, output, level, threads)
    fields = dict(r.pop("summary"))
    fields.update(r)
    summary = Summary(fields)
    warn_if_untrustworthy(summary, "probe")
    return summary


class TrainedStudent:
    """A student network trained by ``train``: ``predict``, ``score``, ``summary`` (errors per
    epoch in ``summary.history``), ``layer(l)`` → (weights, biases), ``network()`` (one hidden
    layer only: the two-layer Network)."""

    def __init__(self, student, summary: Summary, threads: int):
        self._student, self.summary, self._threads = student, summary, threads

    hidden = property(lambda self: list(self._student.hidden))
    activation = property(lambda self: self._student.activation)

    def predict(self, X) -> np.ndarray:
        return self._student.predict(as_matrix(X, "X"), self._threads)

    def score(self, X, Y) -> float:
        """1 − the normalised error (MSE / Var(y)) on (X, Y)."""
        return 1.0 - normalised_error(self.predict(X), Y)

    def layer(self, index: int):
        return self._student.layer(index)

    def network(self) -> Network:
        return Network._from_core(self._student.to_network())


def train(X, Y, hidden: int = 100, layers: int = 1, activation: str = "relu",
          optimizer: str = "adam", lr: float = 1e-3, momentum: float = 0.9,
          weight_decay: float = 0.0, schedule: str = "constant", warmup: int = 0,
          batch: int = 256, epochs: int = 30, validation: float = 0.0, patience: int = 0,
          seed: int = 1, X_test=None, Y_test=None, init: Union[str, Network] = "random",
          k: int = 0, threads: int = 0) -> TrainedStudent:
    """The gradient learner of ``nnm train``: SGD (with momentum) or Adam on the square loss for a
    student with ``layers`` hidden layers of ``hidden`` units. init="spectral" starts from the
    spectral estimate with ``k`` units (UntrustworthyResult is raised as an error when that
    estimate is distrusted, as the command exits 3); a Network starts from it. The same seed
    gives the same student as the command for any thread count. Warns UntrustworthyResult when
    the loss diverged."""
    X, Y = as_matrix(X, "X"), as_matrix(Y, "Y")
    start = None
    if isinstance(init, Network):
        start = init._core()
    elif init == "spectral":
        spectral = SpectralRecovery(k=k, seed=seed, threads=threads)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UntrustworthyResult)
            spectral.fit(X, Y)
        s = spectral.summary_
        if not s.usable or not hasattr(spectral, "network_"):
            raise UntrustworthyResult(
                f"the spectral start cannot be trusted ({s.status}): {s.message}")
        start = spectral.network_._core()
    elif init != "random":
        raise ValueError(f"init must be 'random', 'spectral' or a Network, got {init!r}")
    if (X_test is None) != (Y_test is None):
        raise ValueError("give both X_test and Y_test, or neither")
    if X_test is not None:
        X_test, Y_test = as_matrix(X_test, "X_test"), as_matrix(Y_test, "Y_test")
    if layers < 1:
        raise ValueError(f"layers must be at least 1, got {layers}")
    student, summary = _core.train(X, Y, [hidden] * layers, activation, optimizer, lr, momentum,
                                   weight_decay, schedule, warmup, batch, epochs, validation,
                                   patience, seed, X_test, Y_test, start, threads)
    result = TrainedStudent(student, Summary(summary), threads)
    warn_if_untrustworthy(result.summary, "train")
    return result

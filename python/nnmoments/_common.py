"""Shared pieces of the package: the warning, summaries, networks and array conversion."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from . import _nnmoments as _core


class UntrustworthyResult(UserWarning):
    """The method ran, but its own diagnostics say the result cannot be trusted.

    The same verdict makes the ``nnm`` command exit with status 3. The result and its summary are
    still returned (``summary_`` on estimators), so the failed assumption can be inspected:
    ``summary.status`` names it and ``summary.message`` says what went wrong.
    """


class Summary:
    """The diagnostics of one run: ``status``, ``message``, ``usable`` and ``seconds``, plus the
    method's own fields (the names of the C++ Summary's members), read as attributes.

    ``brief_report`` is the short text the command line prints; ``as_dict()`` gives every field.
    """

    def __init__(self, fields: dict):
        self.__dict__["_fields"] = dict(fields)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(f"the summary has no field '{name}'") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a summary is read-only")

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._fields))

    def as_dict(self) -> dict:
        """Every field, as a new dict."""
        return dict(self._fields)

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{k}={v!r}" for k, v in self._fields.items()
            if k in ("status", "message", "usable", "seconds"))
        return f"Summary({shown})"


def warn_if_untrustworthy(summary: Summary, what: str, stacklevel: int = 3) -> None:
    """Issues UntrustworthyResult when the summary says the result cannot be used."""
    if not summary.usable:
        warnings.warn(f"{what}: result not trustworthy ({summary.status}): {summary.message}",
                      UntrustworthyResult, stacklevel=stacklevel)


def as_matrix(values, name: str) -> np.ndarray:
    """A float64 2-D array (a 1-D one becomes a column); float64 arrays are not copied."""
    a = np.asarray(values, dtype=np.float64)
    if a.ndim == 1:
        a = a.reshape(-1, 1)
    if a.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (samples × columns), got {a.ndim} dimensions")
    if any(s < 0 for s in a.strides):
        a = np.ascontiguousarray(a)
    return a


@dataclass
class Network:
    """A two-layer network y = A σ(W x + b) + c, in the layout of the model files.

    ``W`` is k × d (row i is unit i's direction), ``A`` is m × k, ``b`` (k) and ``c`` (m) are
    optional biases, ``activation`` a name such as ``"relu"`` or ``"leaky_relu:0.1"``; ``fields``
    holds whatever else a model file said (``"dist"``, ``"seed"``, ...).
    """

    W: np.ndarray
    A: np.ndarray
    b: Optional[np.ndarray] = None
    c: Optional[np.ndarray] = None
    activation: str = "relu"
    fields: dict = field(default_factory=dict)

    @classmethod
    def _from_core(cls, d: dict) -> "Network":
        return cls(W=d["W"], A=d["A"], b=d["b"], c=d["c"], activation=d["activation"],
                   fields=d.get("fields", {}))

    def _core(self) -> dict:
        return {"W": self.W, "A": self.A, "b": self.b, "c": self.c, "activation": self.activation}

    def predict(self, X, threads: int = 0) -> np.ndarray:
        """Outputs for the rows of X (n × d): an n × m array."""
        return _core.forward(self._core(), as_matrix(X, "X"), threads)

    def save(self, path: str, **extra) -> None:
        """Writes a model file (format nnm-model-1) atomically; ``extra`` adds JSON fields."""
        _core.write_model(path, self._core(), json.dumps(extra))


def load_model(path: str) -> Network:
    """Reads a model or truth file (``nnm recover --out``, ``nnm generate --truth``)."""
    return Network._from_core(_core.read_model(path))


def normalised_error(predicted: np.ndarray, Y: np.ndarray) -> float:
    """Σ‖ŷ − y‖² / Σ‖y − ȳ‖²: 0 is a perfect fit, 1 the error of predicting the mean."""
    Y = as_matrix(Y, "Y")
    return float(np.sum((predicted - Y) ** 2) / np.sum((Y - Y.mean(axis=0)) ** 2))

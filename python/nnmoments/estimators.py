"""Estimators in the style of scikit-learn: parameters in ``__init__``, ``fit`` returns self,
fitted attributes end in ``_``."""

from __future__ import annotations

import inspect
from typing import Optional, Union

import numpy as np

from . import _nnmoments as _core
from ._common import Network, Summary, as_matrix, normalised_error, warn_if_untrustworthy


class NotFittedError(ValueError, AttributeError):
    """An estimator was used before ``fit`` (as scikit-learn's exception of the same name)."""


class _Estimator:
    """get_params / set_params / repr over the ``__init__`` parameters (scikit-learn's protocol,
    without depending on it)."""

    @classmethod
    def _param_names(cls):
        signature = inspect.signature(cls.__init__)
        return [p for p in signature.parameters if p != "self"]

    def get_params(self, deep: bool = True) -> dict:
        """The constructor parameters and their current values."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params):
        """Sets constructor parameters by name; returns self."""
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"Invalid parameter '{name}' for {type(self).__name__}; "
                                 f"valid parameters: {', '.join(valid)}")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        defaults = inspect.signature(type(self).__init__).parameters
        changed = [f"{k}={v!r}" for k, v in self.get_params().items()
                   if v != defaults[k].default]
        return f"{type(self).__name__}({', '.join(changed)})"

    def _check_fitted(self, attribute: str) -> None:
        if not hasattr(self, attribute):
            raise NotFittedError(f"This {type(self).__name__} instance is not fitted yet; "
                                 f"call 'fit' first")


class SpectralRecovery(_Estimator):
    """Spectral recovery of y = A σ(W x) + ξ from samples whose inputs are symmetric (x and −x
    equally likely), by the method of moments (Ge, Kuditipudi, Li, Wang 2019); ``nnm recover``.

    Parameters
    ----------
    k : hidden units; 0 takes the numerical rank of E[y xᵀ]. Needs k ≤ d and k ≤ m.
    activation : "relu" or "leaky_relu:ALPHA".
    polish : refinement steps after the spectral estimate (each kept only if it lowers the
        training residual); 5 helps on noisy data.
    polish_method : "gauss-newton" or "alternate".
    whiten, output_whiten : whiten the inputs / the reduced outputs.
    pairs : random pairs tried by robust Jennrich.
    seed : seeds Jennrich's random combinations; the same seed gives the same bits.
    threads : worker threads (0 = all cores); the result does not depend on it.

    Attributes (after fit)
    ----------------------
    W_ (k × d), A_ (m × k), b_ (k), c_ (m): the recovered network (zero biases when it has none);
    network_ : the same as a Network; summary_ : the diagnostics (a Summary); n_features_in_.

    When the diagnostics distrust the result, fit warns UntrustworthyResult and keeps the summary;
    the model attributes are set whenever a model was computed.
    """

    def __init__(self, k: int = 0, activation: str = "relu", polish: int = 0,
                 polish_method: str = "gauss-newton", whiten: bool = True,
                 output_whiten: bool = True, pairs: int = 10, seed: int = 1, threads: int = 0):
        self.k = k
        self.activation = activation
        self.polish = polish
        self.polish_method = polish_method
        self.whiten = whiten
        self.output_whiten = output_whiten
        self.pairs = pairs
        self.seed = seed
        self.threads = threads

    def fit(self, X: Union[np.ndarray, str], Y: Optional[np.ndarray] = None):
        """Fits on the rows of X (n × d) and Y (n × m), or on a data file given by path (CSV, .npy
        or HDF5; then Y is None, and a CSV or HDF5 file is read once and held when it fits the
        library's default memory budget, streamed on every pass otherwise, and a .npy file is read
        in place on every pass, as ``nnm recover`` does).
        Returns self."""
        for name in ("W_", "A_", "b_", "c_", "network_"):
            self.__dict__.pop(name, None)
        if isinstance(X, str):
            if Y is not None:
                raise ValueError("give Y only with an array X (a data file holds its outputs)")
            data, outputs, source = X, None, X
        else:
            if Y is None:
                raise ValueError("SpectralRecovery.fit needs the outputs Y")
            data, outputs, source = as_matrix(X, "X"), as_matrix(Y, "Y"), "the arrays"
        r = _core.recover(data, outputs, self.k, self.activation, self.polish, self.polish_method,
                          self.whiten, self.output_whiten, self.pairs, self.seed, self.threads)
        self.summary_ = Summary(r["summary"])
        self.n_features_in_ = int(self.summary_.d)
        if r["model"] is not None:
            net = Network._from_core(r["model"])
            k, m = net.W.shape[0], net.A.shape[0]
            self.network_ = net
            self.W_, self.A_ = net.W, net.A
            self.b_ = net.b if net.b is not None else np.zeros(k)
            self.c_ = net.c if net.c is not None else np.zeros(m)
        warn_if_untrustworthy(self.summary_, f"SpectralRecovery on {source}")
        return self

    def predict(self, X) -> np.ndarray:
        """Outputs of the recovered network for the rows of X: an n × m array."""
        self._check_fitted("network_")
        return self.network_.predict(X, self.threads)

    def score(self, X, Y) -> float:
        """1 − Σ‖ŷ − y‖² / Σ‖y − ȳ‖² (the coefficient of determination pooled over outputs; one
        minus the normalised error that ``nnm evaluate`` reports as data_err)."""
        return 1.0 - normalised_error(self.predict(X), Y)


class ICA(_Estimator):
    """Independent component analysis by the whitened third (skewness) or fourth (excess
    kurtosis) cumulant and a tensor power method; ``nnm cp --whiten``. Like
    ``sklearn.decomposition.FastICA``: x = mixing_ · s + mean_ with independent, unit-variance
    sources s, which need non-zero skewness (order 3) or excess kurtosis (order 4).

    Parameters
    ----------
    n_components : sources k (default: every input dimension).
    order : 3 or 4.
    method : "power", "sshopm", "jennrich" or "als".
    seed : random starts; the same seed gives the same bits.
    threads : worker threads (0 = all cores); the result does not depend on it.

    Attributes (after fit)
    ----------------------
    mixing_ (d × k): the columns of A, signed so that each source's cumulant is positive at
    order 3; components_ (k × d): the unmixing matrix, components_ · mixing_ = I;
    mean_ (d); cumulants_ (k): each standardised source's skewness or excess kurtosis;
    summary_: the decomposition's diagnostics, with moment_seconds and total_seconds (the
    library's time for the moment and for the whole fit); n_features_in_.
    """

    def __init__(self, n_components: Optional[int] = None, order: int = 3,
                 method: str = "power", seed: int = 1, threads: int = 0):
        self.n_components = n_components
        self.order = order
        self.method = method
        self.seed = seed
        self.threads = threads

    def fit(self, X, y=None):
        """Fits on the rows of X (n × d); y is ignored. Returns self."""
        X = as_matrix(X, "X")
        k = X.shape[1] if self.n_components is None else self.n_components
        r = _core.ica(X, k, self.order, self.method, self.seed, self.threads)
        self.summary_ = Summary({**r["summary"], "moment_seconds": r["moment_seconds"],
                                 "total_seconds": r["total_seconds"]})
        self.mixing_ = r["mixing"]
        self.cumulants_ = r["cumulants"]
        self.whitening_ = r["whitening_map"]
        # The unmixing matrix in the whitened metric: whitening_ · mixing_ is k × k (orthogonal
        # up to sampling error), so its inverse times whitening_ undoes the mixing exactly.
        self.components_ = np.linalg.solve(self.whitening_ @ self.mixing_, self.whitening_)
        self.mean_ = r["mean"]  # the library's own pass computed it
        self.n_features_in_ = X.shape[1]
        warn_if_untrustworthy(self.summary_, "ICA")
        return self

    def transform(self, X) -> np.ndarray:
        """The sources of the rows of X: (X − mean_) · components_ᵀ, an n × k array."""
        self._check_fitted("components_")
        return (as_matrix(X, "X") - self.mean_) @ self.components_.T

    def fit_transform(self, X, y=None) -> np.ndarray:
        """fit(X) then transform(X)."""
        return self.fit(X).transform(X)

    def inverse_transform(self, S) -> np.ndarray:
        """Inputs from sources: S · mixing_ᵀ + mean_."""
        self._check_fitted("mixing_")
        return as_matrix(S, "S") @ self.mixing_.T + self.mean_

"""Linear regression from scratch with NumPy: the first experiment of the seed notes.

The model is :math:`\\hat y = w x + b`, fitted by gradient descent on the mean squared error

.. math::

    E(b, w) = \\frac{1}{N} \\sum_{i=1}^{N} (y_i - (w x_i + b))^2, \\qquad
    \\frac{\\partial E}{\\partial b} = -\\frac{2}{N} \\sum_i (y_i - (w x_i + b)), \\qquad
    \\frac{\\partial E}{\\partial w} = -\\frac{2}{N} \\sum_i x_i (y_i - (w x_i + b)).

The seed loops over the points one at a time; these functions compute the same sums with
vectorised NumPy.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["compute_error", "gradient_descent", "step_gradient"]


def _as_points(points: ArrayLike) -> np.ndarray:
    array = np.asarray(points, dtype=np.float64)
    if array.ndim != 2 or array.shape[1] != 2 or array.shape[0] == 0:
        raise ValueError(
            f"points must be an array of shape (N, 2) holding x and y columns, got shape "
            f"{array.shape}"
        )
    return array


def compute_error(b: float, w: float, points: ArrayLike) -> float:
    """Mean squared error of the line ``y = w x + b`` on ``points``.

    Parameters
    ----------
    b, w : float
        Intercept and slope.
    points : array-like of shape (N, 2)
        Columns ``x`` and ``y``.

    Returns
    -------
    float

    Examples
    --------
    >>> from deeplearn_notes.scratch import compute_error
    >>> compute_error(1.0, 2.0, [[0.0, 1.0], [1.0, 4.0]])  # residuals 0 and 1
    0.5
    """
    pts = _as_points(points)
    x, y = pts[:, 0], pts[:, 1]
    return float(np.mean((y - (w * x + b)) ** 2))


def step_gradient(
    b: float, w: float, points: ArrayLike, learning_rate: float
) -> tuple[float, float]:
    """One gradient-descent step on the mean squared error.

    Parameters
    ----------
    b, w : float
        Current intercept and slope.
    points : array-like of shape (N, 2)
    learning_rate : float
        Positive step size.

    Returns
    -------
    (float, float)
        The new ``(b, w)``.
    """
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate!r}")
    pts = _as_points(points)
    x, y = pts[:, 0], pts[:, 1]
    residual = y - (w * x + b)
    grad_b = -2.0 * residual.mean()
    grad_w = -2.0 * (x * residual).mean()
    return float(b - learning_rate * grad_b), float(w - learning_rate * grad_w)


def gradient_descent(
    points: ArrayLike,
    b: float = 0.0,
    w: float = 0.0,
    *,
    learning_rate: float,
    num_iterations: int,
) -> tuple[float, float]:
    """Run ``num_iterations`` steps of :func:`step_gradient` from ``(b, w)``.

    Parameters
    ----------
    points : array-like of shape (N, 2)
    b, w : float, default 0.0
        Starting intercept and slope.
    learning_rate : float
    num_iterations : int

    Returns
    -------
    (float, float)
        The fitted ``(b, w)``.

    Examples
    --------
    >>> import numpy as np
    >>> from deeplearn_notes.scratch import gradient_descent
    >>> x = np.linspace(0, 1, 20)
    >>> b, w = gradient_descent(np.column_stack([x, 2 * x + 3]), learning_rate=0.5,
    ...                         num_iterations=2000)
    >>> round(b, 3), round(w, 3)
    (3.0, 2.0)
    """
    if (
        isinstance(num_iterations, bool)
        or not isinstance(num_iterations, int)
        or num_iterations < 0
    ):
        raise ValueError(f"num_iterations must be a non-negative int, got {num_iterations!r}")
    pts = _as_points(points)
    for _ in range(num_iterations):
        b, w = step_gradient(b, w, pts, learning_rate)
    return b, w

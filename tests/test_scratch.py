"""Tests for deeplearn_notes.scratch: linear regression by hand with NumPy."""

import numpy as np
import pytest

from deeplearn_notes.scratch import compute_error, gradient_descent, step_gradient


def _seed_step_gradient(b: float, w: float, points, learning_rate: float) -> tuple[float, float]:
    """The seed notes' loop, one point at a time."""
    b_gradient = 0.0
    w_gradient = 0.0
    n = float(len(points))
    for x, y in points:
        b_gradient += -(2 / n) * (y - (w * x + b))
        w_gradient += -(2 / n) * x * (y - (w * x + b))
    return b - learning_rate * b_gradient, w - learning_rate * w_gradient


def _noisy_points(n: int = 30, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 5, n)
    return np.column_stack([x, 1.5 * x - 0.7 + rng.normal(0, 0.5, n)])


def test_compute_error_by_hand():
    points = [[0.0, 1.0], [1.0, 4.0], [2.0, 3.0]]
    # y = 2x + 1 predicts 1, 3, 5: residuals 0, 1, -2, squared 0, 1, 4.
    assert compute_error(1.0, 2.0, points) == pytest.approx(5 / 3)
    assert compute_error(1.0, 2.0, [[0.0, 1.0], [1.0, 3.0]]) == 0.0
    assert isinstance(compute_error(0, 0, np.array(points)), float)


@pytest.mark.parametrize(("b", "w"), [(0.0, 0.0), (1.0, -2.0), (-0.3, 0.8)])
@pytest.mark.parametrize("learning_rate", [0.001, 0.05])
def test_step_gradient_matches_the_seed_loop(b, w, learning_rate):
    points = _noisy_points()
    expected = _seed_step_gradient(b, w, points, learning_rate)
    result = step_gradient(b, w, points, learning_rate)
    assert result == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert all(isinstance(v, float) for v in result)


def test_step_gradient_lowers_the_error():
    points = _noisy_points()
    b, w = step_gradient(0.0, 0.0, points, 0.01)
    assert compute_error(b, w, points) < compute_error(0.0, 0.0, points)


@pytest.mark.parametrize(("b_true", "w_true"), [(3.0, 2.0), (-1.0, 0.5)])
def test_gradient_descent_recovers_the_line(b_true, w_true):
    x = np.linspace(0, 1, 20)
    points = np.column_stack([x, w_true * x + b_true])
    b, w = gradient_descent(points, learning_rate=0.5, num_iterations=2000)
    assert b == pytest.approx(b_true, abs=1e-3)
    assert w == pytest.approx(w_true, abs=1e-3)
    assert compute_error(b, w, points) < 1e-6


def test_gradient_descent_equals_repeated_steps_and_starts_where_told():
    points = _noisy_points()
    b, w = 0.5, -0.5
    for _ in range(5):
        b, w = _seed_step_gradient(b, w, points, 0.01)
    result = gradient_descent(points, 0.5, -0.5, learning_rate=0.01, num_iterations=5)
    assert result == pytest.approx((b, w), rel=1e-12)
    assert gradient_descent(points, 0.5, -0.5, learning_rate=0.01, num_iterations=0) == (0.5, -0.5)

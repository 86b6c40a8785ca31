"""Tests for deeplearn_notes.plotting: every helper returns the Axes it drew on."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from torch import nn

from deeplearn_notes import (
    plot_curve,
    plot_decision_boundary,
    plot_functions,
    plot_images,
    plot_regression_fit,
)


def _points() -> tuple[torch.Tensor, torch.Tensor]:
    x = torch.tensor([[-1.0, -1.0], [-2.0, 0.5], [1.0, 1.0], [2.0, -0.5]])
    return x, torch.tensor([0, 0, 1, 1])


CALLS = {
    "curve": lambda ax: plot_curve([3.0, 2.0, 1.0], ax=ax),
    "images": lambda ax: plot_images(torch.rand(4, 8, 8), ax=ax),
    "decision_boundary": lambda ax: plot_decision_boundary(
        nn.Linear(2, 2), *_points(), resolution=10, ax=ax
    ),
    "regression_fit": lambda ax: plot_regression_fit(torch.arange(4.0), torch.arange(4.0), ax=ax),
    "functions": lambda ax: plot_functions({"relu": torch.relu}, ax=ax),
}


@pytest.mark.parametrize("name", CALLS)
def test_returns_a_new_axes(name):
    ax = CALLS[name](None)
    assert isinstance(ax, Axes)
    assert ax.has_data()


@pytest.mark.parametrize("name", CALLS)
def test_draws_on_the_given_axes(name):
    _, axes = plt.subplots(1, 2)
    assert CALLS[name](axes[1]) is axes[1]
    assert axes[1].has_data()
    assert not axes[0].has_data()
    assert len(plt.get_fignums()) == 1  # no new figure


# ---------------------------------------------------------------------------------------------
# plot_curve


@pytest.mark.parametrize(
    "values",
    [[3.0, 2.0, 1.0], (3.0, 2.0, 1.0), torch.tensor([3.0, 2.0, 1.0]), np.array([3.0, 2.0, 1.0])],
)
def test_plot_curve_single(values):
    ax = plot_curve(values, ylabel="loss")
    (line,) = ax.get_lines()
    assert list(line.get_xdata()) == [1, 2, 3]
    assert list(line.get_ydata()) == [3.0, 2.0, 1.0]
    assert ax.get_xlabel() == "epoch"
    assert ax.get_ylabel() == "loss"
    assert ax.get_legend() is None


def test_plot_curve_mapping_and_log_scale():
    ax = plot_curve(
        {"train": [1.0, 0.1], "val": torch.tensor([1.2, 0.3, 0.2])}, logy=True, xlabel="step"
    )
    assert [line.get_label() for line in ax.get_lines()] == ["train", "val"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["train", "val"]
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "step"


def test_plot_curve_label_adds_a_legend():
    ax = plot_curve([1.0, 2.0], label="accuracy")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["accuracy"]


# ---------------------------------------------------------------------------------------------
# plot_images


@pytest.mark.parametrize(
    ("shape", "grid_shape"),
    [
        ((5, 6, 6), (16, 24)),  # 2 rows of 3 (ncols=3), 2-pixel gaps
        ((5, 1, 6, 6), (16, 24)),
        ((5, 3, 6, 6), (16, 24, 3)),
        ((2, 4, 5), (6, 14)),  # fewer images than columns: one row of 2
    ],
)
def test_plot_images_layouts(shape, grid_shape):
    images = torch.randn(shape)
    ax = plot_images(images, ncols=3)
    (image,) = ax.get_images()
    array = np.asarray(image.get_array())
    assert array.shape == grid_shape
    assert array.min() >= 0
    assert array.max() <= 1
    assert not ax.axison


def test_plot_images_each_image_rescaled():
    images = np.stack([np.zeros((2, 2)), np.full((2, 2), 5.0)])
    images[0, 0, 0] = -3.0
    images[1, 0, 0] = 10.0
    grid = np.asarray(plot_images(images, ncols=2).get_images()[0].get_array())
    assert grid[0, 0] == 0.0  # each image spans [0, 1] on its own
    assert grid[0, 1] == 1.0
    assert grid[0, 4] == 1.0
    assert grid[0, 5] == 0.0


def test_plot_images_labels_and_predictions():
    ax = plot_images(
        torch.rand(3, 1, 8, 8),
        labels=torch.tensor([0, 1, 2]),
        predictions=[0, 2, 2],
        class_names=["cat", "dog", "bird"],
    )
    texts = ax.texts
    assert [t.get_text() for t in texts] == ["cat / cat", "dog / bird", "bird / bird"]
    assert [to_rgba(t.get_color()) for t in texts] == [
        to_rgba("black"),
        to_rgba("red"),
        to_rgba("black"),
    ]


@pytest.mark.parametrize(
    ("labels", "predictions", "expected"),
    [([3, 4], None, ["3", "4"]), (None, [5, 6], ["5", "6"]), (None, None, [])],
)
def test_plot_images_labels_only_or_predictions_only(labels, predictions, expected):
    ax = plot_images(np.random.default_rng(0).random((2, 4, 4)), labels, predictions)
    assert [t.get_text() for t in ax.texts] == expected


# ---------------------------------------------------------------------------------------------
# plot_decision_boundary


def _sign_classifier(two_logits: bool) -> nn.Linear:
    """Predicts class 1 where x1 + x2 > 0, as two logits or as one."""
    model = nn.Linear(2, 2 if two_logits else 1)
    with torch.no_grad():
        weight = [[-1.0, -1.0], [1.0, 1.0]] if two_logits else [[1.0, 1.0]]
        model.weight.copy_(torch.tensor(weight))
        model.bias.zero_()
    return model


@pytest.mark.parametrize("two_logits", [True, False])
@pytest.mark.parametrize("training", [True, False])
def test_plot_decision_boundary(two_logits, training):
    model = _sign_classifier(two_logits).train(training)
    inputs = []
    model.register_forward_hook(lambda module, args, out: inputs.append((args[0], module.training)))
    x, y = _points()
    ax = plot_decision_boundary(model, x, y, resolution=11, device="cpu")
    assert isinstance(ax, Axes)
    (grid, was_training), *more = inputs
    assert not more
    assert grid.shape == (11 * 11, 2)  # one forward pass over the whole grid...
    assert not was_training  # ...in eval mode
    assert model.training is training  # and the mode is restored afterwards
    contour, scatter = ax.collections
    assert np.allclose(scatter.get_offsets(), x.numpy())
    # Both classes appear on the plane: the filled levels span 0 to 1 (a plane of one class
    # gives constant levels such as [1, 1, 1]).
    assert min(contour.levels) <= 0
    assert max(contour.levels) >= 1
    assert ax.get_xlabel() == "$x_1$"
    # The plane reaches half a unit beyond the data.
    assert ax.get_xlim() == pytest.approx((-2.5, 2.5))


def test_plot_decision_boundary_without_parameters():
    x, y = _points()
    ax = plot_decision_boundary(nn.Identity(), x, y, resolution=5)
    assert len(ax.collections) == 2


# ---------------------------------------------------------------------------------------------
# plot_regression_fit and plot_functions


@pytest.mark.parametrize("as_column", [True, False])
def test_plot_regression_fit_sorts_the_prediction_line(as_column):
    x = torch.tensor([2.0, 0.0, 1.0, 3.0])
    y = torch.tensor([4.1, 0.2, 0.9, 9.2])
    predict = x**2
    if as_column:
        x, y, predict = x.unsqueeze(1), y.unsqueeze(1), predict.unsqueeze(1)
    ax = plot_regression_fit(x, y, predict, label="x squared")
    (line,) = ax.get_lines()
    assert list(line.get_xdata()) == [0.0, 1.0, 2.0, 3.0]
    assert list(line.get_ydata()) == [0.0, 1.0, 4.0, 9.0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["data", "x squared"]


def test_plot_regression_fit_data_only():
    ax = plot_regression_fit(np.arange(5.0), np.arange(5.0))
    assert ax.get_lines() == []
    assert len(ax.collections) == 1


def test_plot_functions():
    x = torch.linspace(-2, 2, 9)
    ax = plot_functions({"relu": torch.relu, "tanh": torch.tanh}, x)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["relu", "tanh"]
    relu_line = next(line for line in ax.get_lines() if line.get_label() == "relu")
    assert np.allclose(relu_line.get_ydata(), torch.relu(x).numpy())


def test_plot_functions_default_grid_and_autograd_tensors():
    # A function returning a tensor that requires grad must still plot (evaluated in no_grad).
    layer = nn.Linear(1, 1)
    ax = plot_functions({"layer": lambda t: layer(t.unsqueeze(1)).squeeze(1)})
    (line, *_) = ax.get_lines()
    assert len(line.get_xdata()) == 200
    assert line.get_xdata()[0] == -5.0
    assert line.get_xdata()[-1] == 5.0

"""Plot helpers in matplotlib's object style: each takes ``ax=None`` and returns the Axes.

None of them calls ``plt.show()`` or changes global settings; the caller decides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from torch import nn

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "plot_curve",
    "plot_decision_boundary",
    "plot_functions",
    "plot_images",
    "plot_regression_fit",
]


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new_ax = plt.subplots()
    return new_ax


def _to_numpy(values: Any) -> np.ndarray:
    if isinstance(values, torch.Tensor):
        return values.detach().cpu().numpy()
    return np.asarray(values)


def plot_curve(
    values: Sequence[float] | Mapping[str, Sequence[float]] | torch.Tensor,
    *,
    label: str | None = None,
    ax: Axes | None = None,
    xlabel: str = "epoch",
    ylabel: str | None = None,
    logy: bool = False,
) -> Axes:
    """Plot one curve, or several from a mapping of name to values, against their index.

    Parameters
    ----------
    values : sequence of float, tensor, or mapping of str to sequence
        The y values; with a mapping, each entry is a curve labelled by its key.
    label : str, optional
        Legend label for a single curve.
    ax : matplotlib.axes.Axes, optional
    xlabel : str, default "epoch"
    ylabel : str, optional
    logy : bool, default False
        Logarithmic y axis (useful for losses).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If a curve is empty or not one-dimensional.
    """
    curves = dict(values) if isinstance(values, Mapping) else {label: values}
    ax = _axes(ax)
    for name, curve in curves.items():
        y = _to_numpy(curve)
        if y.ndim != 1 or y.size == 0:
            raise ValueError(
                f"each curve must be a non-empty 1-D sequence, got shape {y.shape} for {name!r}"
            )
        ax.plot(np.arange(1, y.size + 1), y, label=name)
    ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    if any(name is not None for name in curves):
        ax.legend()
    return ax


def plot_images(
    images: torch.Tensor | np.ndarray,
    labels: Sequence[int] | torch.Tensor | None = None,
    predictions: Sequence[int] | torch.Tensor | None = None,
    *,
    ncols: int = 8,
    ax: Axes | None = None,
    class_names: Sequence[str] | None = None,
) -> Axes:
    """Show a batch of images as a grid in one Axes, with labels and predictions under each.

    Parameters
    ----------
    images : tensor or array
        Shape ``(N, H, W)``, ``(N, 1, H, W)`` or ``(N, 3, H, W)``; each image is rescaled to its
        own value range for display.
    labels, predictions : sequence of int, optional
        Shown as ``"label"`` or ``"label / prediction"`` (red when they differ).
    ncols : int, default 8
    ax : matplotlib.axes.Axes, optional
    class_names : sequence of str, optional
        Names for the class indices.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``images`` has another shape, or the labels do not match the number of images.
    """
    array = _to_numpy(images).astype(np.float64)
    channels_first = array.ndim == 4 and array.shape[1] in (1, 3)
    if channels_first:
        array = np.moveaxis(array, 1, -1)  # (N, H, W, C)
        if array.shape[-1] == 1:
            array = array[..., 0]
    if not (array.ndim == 3 or channels_first) or array.shape[0] == 0:
        raise ValueError(
            "images must have shape (N, H, W), (N, 1, H, W) or (N, 3, H, W) with N >= 1, "
            f"got {tuple(_to_numpy(images).shape)}"
        )
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a positive int, got {ncols!r}")
    n, h, w = array.shape[:3]
    for what, seq in (("labels", labels), ("predictions", predictions)):
        if seq is not None and len(seq) != n:
            raise ValueError(f"{what} must have one entry per image ({n}), got {len(seq)}")

    lo = array.reshape(n, -1).min(axis=1).reshape((n,) + (1,) * (array.ndim - 1))
    hi = array.reshape(n, -1).max(axis=1).reshape((n,) + (1,) * (array.ndim - 1))
    array = (array - lo) / np.where(hi > lo, hi - lo, 1.0)
    cols = min(ncols, n)
    rows = -(-n // cols)
    pad = 2
    # Leave room under each row for its labels, so they do not run into the next row.
    labelled = labels is not None or predictions is not None
    vpad = max(pad, h // 2) if labelled else pad
    grid = np.ones((rows * (h + vpad), cols * (w + pad), *array.shape[3:]))
    for i in range(n):
        r, c = divmod(i, cols)
        grid[r * (h + vpad) : r * (h + vpad) + h, c * (w + pad) : c * (w + pad) + w] = array[i]

    ax = _axes(ax)
    ax.imshow(grid, cmap="gray" if grid.ndim == 2 else None, vmin=0, vmax=1)
    ax.set_axis_off()

    def name(k: Any) -> str:
        k = int(k)
        return class_names[k] if class_names is not None else str(k)

    if labelled:
        for i in range(n):
            r, c = divmod(i, cols)
            text, colour = "", "black"
            if labels is not None:
                text = name(labels[i])
            if predictions is not None:
                text = f"{text} / {name(predictions[i])}" if text else name(predictions[i])
                if labels is not None and int(labels[i]) != int(predictions[i]):
                    colour = "red"
            ax.text(
                c * (w + pad) + w / 2,
                r * (h + vpad) + h + 0.5,
                text,
                ha="center",
                va="top",
                fontsize=8,
                color=colour,
            )
    return ax


def plot_decision_boundary(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    *,
    ax: Axes | None = None,
    resolution: int = 200,
    device: str | torch.device | None = None,
) -> Axes:
    """Colour the plane by the class a 2-D classifier predicts, and scatter the points on top.

    Parameters
    ----------
    model : torch.nn.Module
        Maps ``(N, 2)`` inputs to ``(N, C)`` logits (``C >= 2``) or ``(N, 1)`` logits of a binary
        classifier.
    x : torch.Tensor
        Points of shape ``(N, 2)``.
    y : torch.Tensor
        Their classes, shape ``(N,)``.
    ax : matplotlib.axes.Axes, optional
    resolution : int, default 200
        Grid points per axis.
    device : str or torch.device, optional
        Where to run the model; by default the device of its parameters.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``x`` is not of shape ``(N, 2)`` or ``y`` does not match it.
    """
    if x.dim() != 2 or x.shape[1] != 2:
        raise ValueError(f"x must have shape (N, 2), got {tuple(x.shape)}")
    if y.shape != (x.shape[0],):
        raise ValueError(f"y must have shape ({x.shape[0]},), got {tuple(y.shape)}")
    if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 2:
        raise ValueError(f"resolution must be an int >= 2, got {resolution!r}")
    if device is None:
        param = next(model.parameters(), None)
        device = param.device if param is not None else torch.device("cpu")
    xs = _to_numpy(x)
    margin = 0.5
    (x0, y0), (x1, y1) = xs.min(axis=0) - margin, xs.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = torch.from_numpy(np.column_stack((gx.ravel(), gy.ravel()))).float().to(device)
    was_training = model.training
    model.eval()
    with torch.inference_mode():
        logits = model(grid)
    model.train(was_training)
    if logits.dim() == 2 and logits.shape[1] > 1:
        pred = logits.argmax(dim=1)
    else:
        pred = (logits.reshape(-1) > 0).long()
    ax = _axes(ax)
    ax.contourf(gx, gy, pred.cpu().numpy().reshape(gx.shape), alpha=0.3, cmap="RdYlGn")
    ax.scatter(xs[:, 0], xs[:, 1], c=_to_numpy(y), s=12, cmap="RdYlGn", edgecolors="k", lw=0.3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def plot_regression_fit(
    x: torch.Tensor | np.ndarray,
    y: torch.Tensor | np.ndarray,
    predict: torch.Tensor | np.ndarray | None = None,
    *,
    ax: Axes | None = None,
    label: str | None = None,
) -> Axes:
    """Scatter 1-D data and draw a model's predictions at the same points as a line.

    Parameters
    ----------
    x, y : tensor or array
        The data, shape ``(N,)`` or ``(N, 1)``.
    predict : tensor or array, optional
        Predictions at ``x``, same length.
    ax : matplotlib.axes.Axes, optional
    label : str, optional
        Legend label of the prediction line.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If the lengths differ.
    """
    xs, ys = _to_numpy(x).reshape(-1), _to_numpy(y).reshape(-1)
    if xs.size != ys.size:
        raise ValueError(f"x and y must have the same length, got {xs.size} and {ys.size}")
    ax = _axes(ax)
    ax.scatter(xs, ys, s=10, alpha=0.6, label="data")
    if predict is not None:
        ps = _to_numpy(predict).reshape(-1)
        if ps.size != xs.size:
            raise ValueError(f"predict must have one value per point ({xs.size}), got {ps.size}")
        order = np.argsort(xs)
        ax.plot(xs[order], ps[order], color="C3", lw=2, label=label or "prediction")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend()
    return ax


def plot_functions(
    fns: Mapping[str, Callable[[torch.Tensor], torch.Tensor]],
    x: torch.Tensor | None = None,
    *,
    ax: Axes | None = None,
) -> Axes:
    """Plot functions of one tensor argument, e.g. activation functions.

    Parameters
    ----------
    fns : mapping of str to callable
        Name → function taking and returning a 1-D tensor.
    x : torch.Tensor, optional
        Where to evaluate them; by default 200 points in ``[-5, 5]``.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``fns`` is empty or ``x`` is not one-dimensional.
    """
    if not fns:
        raise ValueError("fns must name at least one function")
    if x is None:
        x = torch.linspace(-5, 5, 200)
    if x.dim() != 1:
        raise ValueError(f"x must be a 1-D tensor, got shape {tuple(x.shape)}")
    ax = _axes(ax)
    with torch.no_grad():
        for name, fn in fns.items():
            ax.plot(_to_numpy(x), _to_numpy(fn(x)), label=name)
    ax.axhline(0, color="0.6", lw=0.5)
    ax.axvline(0, color="0.6", lw=0.5)
    ax.set_xlabel("x")
    ax.legend()
    return ax

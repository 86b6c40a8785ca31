"""Small helpers used across the library and the examples: devices, seeds, shapes."""

from __future__ import annotations

import os
import random

import numpy as np
import torch
from torch import nn

__all__ = [
    "conv_output_size",
    "count_parameters",
    "get_device",
    "one_hot",
    "seed_everything",
]

_DEVICE_TYPES = ("cpu", "cuda")


def get_device(prefer: str | torch.device | None = None) -> torch.device:
    """Return the device to compute on: CUDA when available, else the CPU.

    Parameters
    ----------
    prefer : str or torch.device, optional
        ``"cpu"``, ``"cuda"`` or ``"cuda:N"`` to ask for a device explicitly. ``None`` picks
        CUDA when it is available and the CPU otherwise.

    Returns
    -------
    torch.device

    Raises
    ------
    ValueError
        If ``prefer`` is not a device name this library knows.
    RuntimeError
        If ``prefer`` asks for CUDA and no CUDA device is available.

    Examples
    --------
    >>> from deeplearn_notes import get_device
    >>> get_device("cpu")
    device(type='cpu')
    """
    if prefer is None:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if not isinstance(prefer, (str, torch.device)):  # torch.device(0) would mean cuda:0
        raise ValueError(f"prefer must be None, 'cpu', 'cuda' or 'cuda:N', got {prefer!r}")
    try:
        device = torch.device(prefer)
    except (RuntimeError, TypeError):
        raise ValueError(
            f"prefer must be None, 'cpu', 'cuda' or 'cuda:N', got {prefer!r}"
        ) from None
    if device.type not in _DEVICE_TYPES:
        raise ValueError(f"prefer must be None, 'cpu', 'cuda' or 'cuda:N', got {prefer!r}")
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise RuntimeError(f"prefer={prefer!r} asks for CUDA, but no CUDA device is available")
        if device.index is not None and device.index >= torch.cuda.device_count():
            raise RuntimeError(
                f"prefer={prefer!r} asks for CUDA device {device.index}, but only "
                f"{torch.cuda.device_count()} device(s) exist"
            )
    return device


def seed_everything(seed: int, *, deterministic: bool = False) -> None:
    """Seed Python's, NumPy's and PyTorch's random number generators.

    Parameters
    ----------
    seed : int
        A non-negative integer below 2**32.
    deterministic : bool, default False
        Also ask PyTorch for deterministic algorithms (``torch.use_deterministic_algorithms``) and
        cuDNN's deterministic mode. Slower on the GPU; an operation with no deterministic version
        then raises instead of silently varying.

    Raises
    ------
    TypeError
        If ``seed`` is not an integer.
    ValueError
        If ``seed`` is outside ``[0, 2**32)``.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int, got {type(seed).__name__} {seed!r}")
    if not 0 <= seed < 2**32:
        raise ValueError(f"seed must be in [0, 2**32), got {seed}")
    seed = int(seed)  # random.seed refuses NumPy integers
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 -- users' code draws from the global one
    torch.manual_seed(seed)  # seeds every CUDA device too
    if deterministic:
        # cuBLAS needs this workspace setting to be deterministic (PyTorch's reproducibility notes).
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    # The call imports torch._dynamo (seconds): make it only when it changes something.
    if deterministic != torch.are_deterministic_algorithms_enabled():
        torch.use_deterministic_algorithms(deterministic)
    torch.backends.cudnn.deterministic = deterministic
    torch.backends.cudnn.benchmark = False


def one_hot(labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    """Encode integer class labels as float one-hot rows.

    Parameters
    ----------
    labels : torch.Tensor
        Integer tensor of class indices, any shape, values in ``[0, num_classes)``.
    num_classes : int
        The number of classes (positive).

    Returns
    -------
    torch.Tensor
        ``float32`` tensor of shape ``(*labels.shape, num_classes)``.

    Raises
    ------
    TypeError
        If ``labels`` is not an integer tensor.
    ValueError
        If ``num_classes`` is not positive or a label is out of range.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes import one_hot
    >>> one_hot(torch.tensor([0, 2]), 3)
    tensor([[1., 0., 0.],
            [0., 0., 1.]])
    """
    if not isinstance(labels, torch.Tensor) or labels.is_floating_point() or labels.is_complex():
        got = labels.dtype if isinstance(labels, torch.Tensor) else type(labels).__name__
        raise TypeError(f"labels must be an integer tensor, got {got}")
    if not isinstance(num_classes, int) or num_classes < 1:
        raise ValueError(f"num_classes must be a positive int, got {num_classes!r}")
    if labels.numel() and (labels.min() < 0 or labels.max() >= num_classes):
        bad = labels[(labels < 0) | (labels >= num_classes)][0].item()
        raise ValueError(f"labels must be in [0, {num_classes}), got label {bad}")
    return nn.functional.one_hot(labels.long(), num_classes).float()


def conv_output_size(
    size: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1
) -> int:
    """Spatial size of a convolution's or pooling's output along one dimension.

    Implements :math:`N = (W - F + 2P) / S + 1`, with the dilated kernel size
    :math:`F = d (k - 1) + 1`.

    Parameters
    ----------
    size : int
        Input size ``W`` along the dimension.
    kernel_size : int
        Kernel size ``k``.
    stride : int, default 1
        Stride ``S``.
    padding : int, default 0
        Zero padding ``P`` added to each side.
    dilation : int, default 1
        Spacing between kernel elements.

    Returns
    -------
    int
        The output size ``N``.

    Raises
    ------
    ValueError
        If an argument is out of range, if the kernel does not tile the padded input exactly (a
        non-integer ``N``), or if the output would be smaller than 1.

    Examples
    --------
    >>> from deeplearn_notes import conv_output_size
    >>> conv_output_size(32, 5)  # LeNet-5's first convolution
    28
    >>> conv_output_size(28, 2, stride=2)  # a 2x2 max pool
    14
    """
    for name, value, minimum in (
        ("size", size, 1),
        ("kernel_size", kernel_size, 1),
        ("stride", stride, 1),
        ("padding", padding, 0),
        ("dilation", dilation, 1),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")
    effective = dilation * (kernel_size - 1) + 1
    span = size - effective + 2 * padding
    if span < 0:
        raise ValueError(
            f"the kernel (effective size {effective}) is larger than the padded input "
            f"({size} + 2*{padding} = {size + 2 * padding}): the output would be smaller than 1"
        )
    if span % stride:
        raise ValueError(
            f"(W - F + 2P) / S + 1 = ({size} - {effective} + 2*{padding}) / {stride} + 1 = "
            f"{span / stride + 1:g} is not an integer: the kernel does not tile the input exactly "
            "(PyTorch would floor it and drop the last rows/columns)"
        )
    return span // stride + 1


def count_parameters(model: nn.Module, *, trainable_only: bool = True) -> int:
    """Count a model's parameters (scalars, not tensors).

    Parameters
    ----------
    model : torch.nn.Module
    trainable_only : bool, default True
        Count only parameters with ``requires_grad=True``.

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If ``model`` is not an ``nn.Module``.

    Examples
    --------
    >>> from torch import nn
    >>> from deeplearn_notes import count_parameters
    >>> count_parameters(nn.Linear(3, 2))  # 3*2 weights + 2 biases
    8
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)

r"""
Creating tensors
================

This example shows the functions that create a tensor: from Python data, from a NumPy array, filled
with a constant, as a range of numbers, from random numbers, and with the same shape as another
tensor. For each new tensor we print its shape and its data type (``dtype``), the two properties to
check first when code fails.

The reference page :doc:`/tensors` explains what a tensor is and lists these functions.
"""

# %%
# Setup
# -----
#
# We fix the random seed so that the random tensors below are the same on every run, and we pick the
# device. A small helper prints the shape and the data type of a tensor on one line.
import torch

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")


def describe(name, t):
    print(f"{name:<34} shape={tuple(t.shape)!s:<14} dtype={t.dtype}")


# %%
# From Python data with ``torch.tensor``
# --------------------------------------
#
# ``torch.tensor`` copies a number or a (nested) list into a new tensor. It chooses the data type
# from the data: integers give ``torch.int64`` and any floating point number gives
# ``torch.float32``. The number of dimensions (``ndim``) is the number of nested levels; a scalar
# has zero dimensions and ``.item()`` returns its Python value.
scalar = torch.tensor(7)
vector = torch.tensor([7, 7])
matrix = torch.tensor([[1, 2.3], [4, 5]])
describe("torch.tensor(7)", scalar)
describe("torch.tensor([7, 7])", vector)
describe("torch.tensor([[1, 2.3], ...])", matrix)
print("ndim:", scalar.ndim, vector.ndim, matrix.ndim)
print("scalar.item():", scalar.item())

# Ask for a data type explicitly.
describe("dtype=torch.float32", torch.tensor([3, 2], dtype=torch.float32))

# %%
# The legacy constructor ``torch.FloatTensor``
# --------------------------------------------
#
# Old code uses the upper-case classes such as ``torch.FloatTensor``. They are confusing: integers
# are read as a *shape*, but a list is read as *data*. ``torch.FloatTensor(2, 3)`` does not fill the
# tensor with zeros either; its values are whatever was in memory. Use ``torch.tensor(data)`` for
# data and ``torch.zeros(shape)`` or ``torch.empty(shape)`` for a shape instead.
legacy_shape = torch.FloatTensor(2, 3)  # integers: a shape, values not initialised
legacy_data = torch.FloatTensor([2, 3])  # a list: the data
describe("torch.FloatTensor(2, 3)", legacy_shape)
describe("torch.FloatTensor([2, 3])", legacy_data)
print("legacy_data:", legacy_data)

# %%
# From a NumPy array
# ------------------
#
# ``torch.from_numpy`` wraps an existing NumPy array. It keeps the array's data type, and NumPy's
# default floating point type is ``float64``, not PyTorch's ``float32``. The example
# :ref:`sphx_glr_auto_examples_tensors_plot_dtypes_devices_numpy.py` shows that the two objects
# share memory.
import numpy as np

array = np.array([1, 2.3])
from_array = torch.from_numpy(array)
print("NumPy dtype:", array.dtype)
describe("torch.from_numpy(array)", from_array)

# %%
# Filled with a constant
# ----------------------
#
# ``zeros``, ``ones`` and ``full`` take a shape (as several integers, a tuple or a list). ``full``
# takes its data type from the fill value. ``eye`` makes an identity matrix. ``empty`` only reserves
# memory: its values are whatever was there before, so we print its shape and never its values.
describe("torch.zeros(2, 3)", torch.zeros(2, 3))
describe("torch.ones((2, 3))", torch.ones((2, 3)))
describe("torch.zeros(2, 3, dtype=long)", torch.zeros(2, 3, dtype=torch.long))
describe("torch.full([2, 3], 10)", torch.full([2, 3], 10))
describe("torch.full([2, 3], 10.0)", torch.full([2, 3], 10.0))
describe("torch.full([], 10.0)", torch.full([], 10.0))
describe("torch.eye(3)", torch.eye(3))
describe("torch.empty(5, 3)", torch.empty(5, 3))
print(torch.eye(3))

# %%
# Ranges of numbers
# -----------------
#
# ``arange(start, end, step)`` works like Python's ``range``: ``end`` is *not* included. The old
# ``torch.range`` included ``end``; it is deprecated, so do not use it.
# ``linspace(start, end, steps)`` returns ``steps`` evenly spaced values with both ends included,
# and ``logspace`` does the same for the exponents of 10.
print("arange(10):       ", torch.arange(10))
print("arange(0, 10, 2): ", torch.arange(0, 10, 2))
print("arange(10, 0, -1):", torch.arange(10, 0, -1))
print("linspace(0, 1, 5):", torch.linspace(0, 1, 5))
print("logspace(0, 1, 3):", torch.logspace(0, 1, 3))
describe("torch.arange(0, 4)", torch.arange(0, 4))
describe("torch.arange(1.0, 8.0)", torch.arange(1.0, 8.0))

# %%
# Random numbers
# --------------
#
# ``rand`` draws uniformly from :math:`[0, 1)`, ``randn`` from the standard normal distribution
# :math:`\mathcal{N}(0, 1)`, and ``randint(low, high, size)`` draws integers from ``low`` to
# ``high - 1``. ``normal(mean, std, size)`` draws from
# :math:`\mathcal{N}(\text{mean}, \text{std}^2)`; given tensors for ``mean`` and ``std`` it uses one
# mean and one standard deviation per element. ``randperm(n)`` returns a random order of
# ``0 … n-1``.
describe("torch.rand(2, 3, 4)", torch.rand(2, 3, 4))
describe("torch.randn(2, 3, 4)", torch.randn(2, 3, 4))
describe("torch.randint(10, 20, (2, 3))", torch.randint(10, 20, (2, 3)))
describe("torch.normal(10, 1, (2, 3, 4))", torch.normal(10.0, 1.0, size=(2, 3, 4)))
per_element = torch.normal(mean=torch.zeros(10), std=torch.arange(1.0, 0.0, -0.1))
describe("normal(mean=tensor, std=tensor)", per_element)
print("randint(10, 20, (2, 3)):", torch.randint(10, 20, (2, 3)))
print("randperm(10):", torch.randperm(10))

# %%
# The same seed gives the same numbers
# ------------------------------------
#
# Setting the seed fixes the *sequence* of random numbers. Two calls after one seed give two
# different tensors; to get the same tensor again, set the seed again before the second call.
torch.manual_seed(42)
c = torch.rand(3, 4)
d = torch.rand(3, 4)
torch.manual_seed(42)
e = torch.rand(3, 4)
print("c equals d:", torch.equal(c, d))
print("c equals e:", torch.equal(c, e))

# %%
# Tensors like another tensor
# ---------------------------
#
# The ``*_like`` functions create a tensor with the same shape, data type and device as an existing
# one. You can override the data type: ``rand_like`` needs a floating point type, so for an integer
# tensor we pass ``dtype=torch.float32``. The method ``new_ones`` (and ``new_zeros``, ``new_full``)
# takes a new shape but keeps the data type and device.
x = torch.tensor([[1, 2], [3, 4]])
describe("x", x)
describe("torch.zeros_like(x)", torch.zeros_like(x))
describe("torch.ones_like(x)", torch.ones_like(x))
describe("torch.full_like(x, 7)", torch.full_like(x, 7))
describe("torch.rand_like(x, dtype=float32)", torch.rand_like(x, dtype=torch.float32))
describe("torch.randn_like(x, dtype=float64)", torch.randn_like(x, dtype=torch.float64))
describe("x.new_ones(5, 3)", x.new_ones(5, 3))

# %%
# Creating a tensor on the device
# -------------------------------
#
# Every creation function accepts ``device=`` (and ``dtype=``). Creating a tensor directly on the
# device is faster than creating it on the CPU and moving it with ``.to(device)``.
on_device = torch.zeros(2, 3, device=device)
moved = torch.arange(6).to(device)
print(on_device.device, moved.device)

# %%
# Plot random samples
# -------------------
#
# We draw 10,000 samples from ``rand``, ``randn`` and ``normal(mean=2, std=0.5)`` and plot their
# histograms with the probability density they come from. The sample mean and standard deviation are
# close to the true values.
import math

import matplotlib.pyplot as plt

n = 10_000
samples = {
    "torch.rand: U[0, 1)": (torch.rand(n), lambda t: ((t >= 0) & (t < 1)).float()),
    "torch.randn: N(0, 1)": (
        torch.randn(n),
        lambda t: torch.exp(-(t**2) / 2) / math.sqrt(2 * math.pi),
    ),
    "torch.normal: N(2, 0.5²)": (
        torch.normal(2.0, 0.5, size=(n,)),
        lambda t: torch.exp(-(((t - 2) / 0.5) ** 2) / 2) / (0.5 * math.sqrt(2 * math.pi)),
    ),
}
fig, axes = plt.subplots(1, 3, figsize=(12, 3.5))
for ax, (title, (values, pdf)) in zip(axes, samples.items(), strict=True):
    ax.hist(values.numpy(), bins=50, density=True, alpha=0.6, label="samples")
    grid = torch.linspace(values.min().item() - 0.2, values.max().item() + 0.2, 400)
    ax.plot(grid.numpy(), pdf(grid).numpy(), color="black", label="density")
    ax.set_title(title)
    ax.set_xlabel("value")
    print(f"{title:<26} mean={values.mean().item():.4f}  std={values.std().item():.4f}")
axes[0].set_ylabel("density")
axes[0].legend()
fig.tight_layout()

# sphinx_gallery_start_ignore
assert abs(samples["torch.randn: N(0, 1)"][0].mean().item()) < 0.05
assert abs(samples["torch.normal: N(2, 0.5²)"][0].std().item() - 0.5) < 0.02
# sphinx_gallery_end_ignore

# %%
# Conclusion
# ----------
#
# Use ``torch.tensor`` for data, ``zeros``/``ones``/``full``/``empty`` for a shape,
# ``arange``/``linspace`` for ranges and ``rand``/``randn``/``randint``/``normal``/``randperm`` for
# random numbers, and always check the shape and the data type. Next,
# :ref:`sphx_glr_auto_examples_tensors_plot_dtypes_devices_numpy.py` looks at data types, devices
# and NumPy arrays in more detail. The reference page is :doc:`/tensors`.

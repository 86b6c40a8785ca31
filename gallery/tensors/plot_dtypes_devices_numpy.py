r"""
Data types, devices and NumPy
=============================

Every tensor has a data type (``dtype``) and lives on a device (the CPU or a GPU). This example
shows the default data types, how to convert between them, how to move a tensor to a device, and how
tensors and NumPy arrays share memory.

The reference pages are :doc:`/tensors` for data types and devices and :doc:`/numpy_bridge` for
NumPy.
"""

# %%
# Setup
# -----
#
# :func:`deeplearn_notes.get_device` returns a CUDA device when one is available and the CPU
# otherwise. All the code below works on both.
import torch

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

# %%
# Default data types
# ------------------
#
# PyTorch chooses the data type from the data. Integers give ``torch.int64``, booleans give
# ``torch.bool``, and floating point numbers give the *default* floating point type,
# ``torch.float32``. Neural networks use ``float32`` because it is fast and precise enough.
print("default dtype:", torch.get_default_dtype())
print("[1, 2]        ->", torch.tensor([1, 2]).dtype)
print("[1.0, 2]      ->", torch.tensor([1.0, 2]).dtype)
print("[True, False] ->", torch.tensor([True, False]).dtype)
print("arange(4)     ->", torch.arange(4).dtype)
print("arange(4.0)   ->", torch.arange(4.0).dtype)

# %%
# Converting between data types
# -----------------------------
#
# ``.to(dtype)`` returns a converted copy; ``.float()``, ``.double()`` and ``.long()`` are short
# forms. Converting floating point numbers to integers drops the fractional part (it rounds toward
# zero). Use ``.dtype`` to check the data type: ``.type()`` without arguments returns an old-style
# name such as ``'torch.FloatTensor'``.
x = torch.tensor([-1.7, -0.5, 0.5, 1.7])
print("x.long():          ", x.long())
print("x.to(float16):     ", x.to(torch.float16))
print("x.double().dtype:  ", x.double().dtype)
print("x.dtype, x.type(): ", x.dtype, x.type())
for dtype in (torch.float16, torch.float32, torch.float64, torch.int64):
    print(f"{dtype!s:<14} {torch.empty(0, dtype=dtype).element_size()} bytes per element")

# %%
# Mixing data types
# -----------------
#
# When an operation mixes data types, PyTorch *promotes* the result to a type that can hold both.
# Division of integers returns floating point numbers. Some functions refuse integer input: ``mean``
# needs a floating point tensor, so convert first.
ints = torch.tensor([1, 2, 3, 4])
print("int64 + float32 ->", (ints + torch.tensor([0.5])).dtype)
print("int64 / int     ->", ints / 2)
print("int64 // int    ->", ints // 2)
try:
    ints.mean()
except RuntimeError as err:
    print("ints.mean() fails:", str(err).splitlines()[0])
print("ints.float().mean():", ints.float().mean().item())

# %%
# Changing the default data type
# ------------------------------
#
# Some scientific code needs ``float64`` everywhere. ``torch.set_default_dtype`` changes the
# default; the older ``torch.set_default_tensor_type`` is deprecated. The setting is global, so we
# restore ``float32`` at once.
torch.set_default_dtype(torch.float64)
try:
    print("new default:", torch.tensor([1, 2.3]).dtype, torch.zeros(2).dtype)
finally:
    torch.set_default_dtype(torch.float32)
print("restored:   ", torch.tensor([1, 2.3]).dtype)

# %%
# Devices
# -------
#
# ``.device`` tells where a tensor lives. Creation functions accept ``device=``, and ``.to(device)``
# copies a tensor to a device (it returns the same tensor when it is already there). ``.to`` can
# change the device and the data type in one call. All tensors in one operation must be on the same
# device.
a = torch.ones(2, 3)
b = torch.ones(2, 3, device=device)
print("a.device:", a.device, "| b.device:", b.device)
a = a.to(device)
print("a + b on", (a + b).device)
print("to cpu and float64:", b.to("cpu", torch.float64).dtype)

# %%
# From NumPy: shared memory
# -------------------------
#
# ``torch.from_numpy`` does not copy: the tensor and the array use the same memory, so changing one
# changes the other. The tensor also keeps NumPy's data type, and NumPy's default floating point
# type is ``float64``.
import numpy as np

array = np.arange(1.0, 6.0)
t = torch.from_numpy(array)
print("array.dtype:", array.dtype, "| t.dtype:", t.dtype)
array[0] = 100.0
print("after array[0] = 100:", t)

# %%
# To NumPy: shared memory too
# ---------------------------
#
# ``.numpy()`` also shares memory with a CPU tensor. An in-place operation such as ``add_`` (the
# trailing ``_`` marks in-place methods) therefore changes the array. NumPy works only on the CPU,
# so a tensor that may be on a GPU needs ``.cpu()`` first; on the CPU, ``.cpu()`` returns the same
# tensor and nothing is copied.
t = torch.ones(5)
n = t.numpy()
t.add_(1)
print("after t.add_(1):", n)
result = torch.ones(3, device=device) * 2
print("back to NumPy:", result.cpu().numpy())

# %%
# ``torch.tensor`` copies
# -----------------------
#
# ``torch.tensor(array)`` always copies the data, so later changes to the array are not seen. To
# feed NumPy data to a model, convert it to ``float32``: ``torch.from_numpy(array).float()`` (this
# copy is made by ``.float()``).
array = np.arange(1.0, 6.0)
copied = torch.tensor(array)
for_model = torch.from_numpy(array).float()
array[0] = 100.0
print("copied:   ", copied)
print("for_model:", for_model)

# sphinx_gallery_start_ignore
assert copied[0].item() == 1.0 and for_model[0].item() == 1.0
assert torch.get_default_dtype() == torch.float32
# sphinx_gallery_end_ignore

# %%
# Tensors that require gradients
# ------------------------------
#
# ``.numpy()`` refuses a tensor that is part of an autograd graph. Call ``.detach()`` first; it
# returns a tensor that shares the data but is not tracked (see :doc:`/autograd`). The full pattern
# is ``.detach().cpu().numpy()``.
w = torch.ones(3, requires_grad=True, device=device)
try:
    w.numpy()
except RuntimeError as err:
    print("w.numpy() fails:", str(err).splitlines()[0])
print("w.detach().cpu().numpy():", w.detach().cpu().numpy())

# %%
# Plot the precision of each data type
# ------------------------------------
#
# Smaller floating point types save memory but store numbers less precisely. We convert numbers
# between 1 and 1000 to each type and back to ``float64``, and plot the relative rounding error.
# ``float32`` keeps about 7 decimal digits and ``float16`` about 3. ``bfloat16`` has the same range
# of values as ``float32`` but keeps only about 2 digits.
import matplotlib.pyplot as plt

values = torch.logspace(0, 3, 500, dtype=torch.float64)
fig, ax = plt.subplots(figsize=(7, 4))
for dtype in (torch.float16, torch.bfloat16, torch.float32):
    error = (values.to(dtype).double() - values).abs() / values
    # A zero error cannot be drawn on a log scale: leave a gap there.
    ax.plot(
        values.numpy(), error.masked_fill(error == 0, float("nan")).numpy(), label=str(dtype), lw=1
    )
    print(f"{dtype!s:<15} largest relative error: {error.max().item():.2e}")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_ylim(1e-11, 1e-1)
ax.set_xlabel("value")
ax.set_ylabel("relative rounding error")
ax.set_title("Rounding error when a float64 value is stored in a smaller type")
ax.legend()
fig.tight_layout()

# %%
# Conclusion
# ----------
#
# Check ``.dtype`` and ``.device`` when an operation fails, convert NumPy data to ``float32`` before
# it reaches a model, and remember that ``from_numpy`` and ``.numpy()`` share memory while
# ``torch.tensor`` copies. The next example, :ref:`sphx_glr_auto_examples_tensors_plot_indexing.py`,
# selects parts of a tensor. The reference page :doc:`/numpy_bridge` has more details.

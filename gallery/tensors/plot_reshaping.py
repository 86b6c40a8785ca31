r"""
Changing the shape of a tensor
==============================

Layers expect their input in a fixed shape, so code often has to change the shape of a tensor. This
example shows ``view`` and ``reshape`` (and why ``view`` sometimes fails), ``squeeze`` and
``unsqueeze``, ``transpose`` and ``permute``, ``expand`` and ``repeat``, and ``stack``. It also
shows a common mistake: using ``view`` when you mean ``transpose``.

The reference page :doc:`/reshaping` explains the rules.
"""

# %%
# Setup
# -----
#
# A small helper tells whether two tensors use the same memory, that is, whether an operation
# returned a *view* or a copy.
import torch

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")


def same_memory(a, b):
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


# %%
# ``view`` and ``reshape``
# ------------------------
#
# ``view`` gives the same elements, in the same order, a new shape; the number of elements must not
# change. One size can be ``-1``: PyTorch computes it from the others. A view shares memory with the
# original tensor, so changing one changes the other.
x = torch.arange(12, device=device)
print("x.view(3, 4):")
print(x.view(3, 4))
print("x.view(-1, 6):", tuple(x.view(-1, 6).shape))
print("x.view(2, -1, 3):", tuple(x.view(2, -1, 3).shape))
grid = x.view(3, 4)
grid[0, 0] = 100
print("x[0] after grid[0, 0] = 100:", x[0].item(), "| same memory:", same_memory(grid, x))
x[0] = 0

# %%
# Flatten a batch of images
# -------------------------
#
# A fully connected layer expects one row per sample. ``images.view(images.size(0), -1)`` keeps the
# batch dimension and puts all the other values of a sample in one row.
# ``torch.flatten(images, start_dim=1)`` does the same.
images = torch.rand(4, 1, 28, 28, device=device)
rows = images.view(images.size(0), -1)
print("images:", tuple(images.shape), "-> rows:", tuple(rows.shape))
print("flatten:", tuple(torch.flatten(images, start_dim=1).shape))

# %%
# Contiguous memory: when ``view`` fails
# --------------------------------------
#
# ``view`` only works when the elements are stored in memory in the order of the new shape. After a
# transpose they are not: the tensor is not *contiguous*. ``reshape`` then makes a copy, and
# ``.contiguous().view(...)`` does the same in two steps. ``stride`` shows how many elements to skip
# in memory to move one step along each dimension.
t = x.view(3, 4).t()
print("t.shape:", tuple(t.shape), "| stride:", t.stride(), "| contiguous:", t.is_contiguous())
try:
    t.view(12)
except RuntimeError as err:
    print("t.view(12) fails:", str(err).splitlines()[0])
flat = t.reshape(12)
print("t.reshape(12):", flat.tolist(), "| same memory:", same_memory(flat, t))
print("x.view(3, 4).reshape(12) shares memory:", same_memory(x.view(3, 4).reshape(12), x))

# %%
# ``squeeze`` and ``unsqueeze``
# -----------------------------
#
# ``unsqueeze(dim)`` inserts a dimension of size 1. ``squeeze()`` removes every dimension of size 1
# and ``squeeze(dim)`` only that one; other dimensions are never changed. A common use:
# ``nn.Linear`` expects the shape ``(N, features)``, so 100 values of shape ``(100,)`` become a
# column of shape ``(100, 1)``.
values = torch.linspace(-1, 1, 100, device=device)
column = values.unsqueeze(dim=1)
print("values:", tuple(values.shape), "| unsqueeze(dim=1):", tuple(column.shape))
print("unsqueeze(dim=0):", tuple(values.unsqueeze(0).shape))
a = torch.zeros(1, 3, 1, 5, device=device)
print(
    "a:",
    tuple(a.shape),
    "| squeeze():",
    tuple(a.squeeze().shape),
    "| squeeze(0):",
    tuple(a.squeeze(0).shape),
)
print("squeeze(1) keeps a size-3 dimension:", tuple(a.squeeze(1).shape))

# %%
# ``transpose`` and ``permute``
# -----------------------------
#
# ``transpose(d0, d1)`` swaps two dimensions (``.t()`` and ``.T`` do this for a matrix). ``permute``
# gives the new order of all dimensions: dimension ``i`` of the result is dimension ``dims[i]`` of
# the input. For example, ``permute(0, 2, 3, 1)`` turns PyTorch's ``(N, C, H, W)`` into
# ``(N, H, W, C)``, the order matplotlib uses.
batch = torch.rand(4, 3, 28, 32, device=device)
print("batch:", tuple(batch.shape))
print("transpose(1, 3):", tuple(batch.transpose(1, 3).shape))
print("permute(0, 2, 3, 1):", tuple(batch.permute(0, 2, 3, 1).shape))
hwc = torch.rand(224, 224, 3, device=device)
print("(224, 224, 3).permute(2, 0, 1):", tuple(hwc.permute(2, 0, 1).shape))
print("permute returns a view:", same_memory(hwc.permute(2, 0, 1), hwc))

# %%
# Common mistake: ``view`` is not ``transpose``
# ---------------------------------------------
#
# ``view(4, 3)`` and ``t()`` both turn a ``(3, 4)`` matrix into a ``(4, 3)`` matrix, but with
# different contents. ``view`` reads the elements in the stored order and cuts them into new rows;
# ``t()`` turns rows into columns. Use ``transpose`` or ``permute`` to reorder dimensions, and
# ``view`` or ``reshape`` only to regroup them.
m = torch.arange(12).view(3, 4)
print("m:")
print(m)
print("m.view(4, 3):")
print(m.view(4, 3))
print("m.t():")
print(m.t())

# %%
# ``expand`` and ``repeat``
# -------------------------
#
# ``expand`` makes a size-1 dimension look larger without copying: the new elements share memory
# (their stride is 0). ``-1`` keeps a size. ``repeat`` copies the data; its arguments are how many
# times to repeat each dimension, not the new sizes. Prefer ``expand``, or let broadcasting do it
# (see :ref:`sphx_glr_auto_examples_tensors_plot_broadcasting.py`).
bias = torch.tensor([1.0, 2.0, 3.0], device=device).view(1, 3, 1, 1)
expanded = bias.expand(4, -1, 28, 28)
repeated = bias.repeat(4, 1, 28, 28)
print(
    "expand:",
    tuple(expanded.shape),
    "stride",
    expanded.stride(),
    "| same memory:",
    same_memory(expanded, bias),
)
print(
    "repeat:",
    tuple(repeated.shape),
    "stride",
    repeated.stride(),
    "| same memory:",
    same_memory(repeated, bias),
)
print("equal values:", torch.equal(expanded, repeated))

# %%
# ``stack`` adds a new dimension
# ------------------------------
#
# ``torch.stack`` joins tensors of the *same* shape along a new dimension; ``dim`` says where the
# new dimension goes. Stacking four vectors of 9 values gives ``(4, 9)`` with ``dim=0`` and
# ``(9, 4)`` with ``dim=1``.
v = torch.arange(1.0, 10.0, device=device)
print("stack dim=0:", tuple(torch.stack([v, v, v, v], dim=0).shape))
print("stack dim=1:", tuple(torch.stack([v, v, v, v], dim=1).shape))
pictures = [torch.rand(3, 28, 28, device=device) for _ in range(4)]
print("stack of 4 images (3, 28, 28):", tuple(torch.stack(pictures).shape))

# sphinx_gallery_start_ignore
assert torch.equal(torch.stack([v, v], dim=1), torch.stack([v, v], dim=0).t())
assert not torch.equal(m.view(4, 3), m.t())
# sphinx_gallery_end_ignore

# %%
# Plot ``view`` against ``transpose``
# -----------------------------------
#
# Each cell shows one element of ``m`` and its value. The colour is the value, so you can follow
# each element. With ``view`` the values stay in reading order; with ``t()`` the first row of ``m``
# becomes the first column.
import matplotlib.pyplot as plt

panels = {
    "m (3, 4)": m,
    "m.view(4, 3)": m.view(4, 3),
    "m.t() (4, 3)": m.t(),
    "m.view(2, 6)": m.view(2, 6),
}
fig, axes = plt.subplots(1, 4, figsize=(12, 3.5), layout="constrained")
for ax, (title, tensor) in zip(axes, panels.items(), strict=True):
    ax.imshow(tensor.numpy(), cmap="viridis", vmin=0, vmax=11)
    for i, row in enumerate(tensor.tolist()):
        for j, value in enumerate(row):
            ax.text(j, i, value, ha="center", va="center", color="white" if value < 6 else "black")
    ax.set_title(title)
    ax.set_xticks(range(tensor.shape[1]))
    ax.set_yticks(range(tensor.shape[0]))
fig.suptitle("view regroups elements in reading order; t() turns rows into columns")

# %%
# Conclusion
# ----------
#
# ``view`` and ``reshape`` regroup elements, ``squeeze`` and ``unsqueeze`` remove and add size-1
# dimensions, ``transpose`` and ``permute`` reorder dimensions, ``expand`` enlarges size-1
# dimensions without a copy, and ``stack`` adds a dimension. Next,
# :ref:`sphx_glr_auto_examples_tensors_plot_broadcasting.py` combines tensors of different shapes.

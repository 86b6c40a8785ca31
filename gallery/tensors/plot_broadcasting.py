r"""
Broadcasting, joining and splitting
===================================

Element-wise operations such as ``+`` and ``*`` work on tensors of different shapes when the shapes
are *compatible*: PyTorch then repeats the smaller tensor without copying it. This is called
broadcasting. This example shows the rules, a common mistake, and how to join tensors with ``cat``
and ``stack`` and cut them with ``split`` and ``chunk``.

The reference page :doc:`/broadcasting` explains the rules in detail.
"""

# %%
# Setup
# -----
import torch

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

# %%
# The broadcasting rules
# ----------------------
#
# PyTorch compares the two shapes from the *last* dimension backwards. Two sizes are compatible when
# they are equal or when one of them is 1; a missing dimension counts as 1. The result takes the
# larger size in each dimension. ``torch.broadcast_shapes`` applies these rules to shapes without
# computing anything.
column = torch.tensor([[0.0], [10.0], [20.0]], device=device)  # (3, 1)
row = torch.tensor([[0.0, 1.0, 2.0, 3.0]], device=device)  # (1, 4)
table = column + row
print("(3, 1) + (1, 4) ->", tuple(table.shape))
print(table)
for a, b in [((2, 3), (3,)), ((4, 3, 28, 28), (3, 1, 1)), ((5, 1, 4), (3, 1)), ((2, 3), ())]:
    print(f"{a!s:<16} with {b!s:<10} -> {tuple(torch.broadcast_shapes(a, b))}")

# %%
# Incompatible shapes
# -------------------
#
# When two sizes differ and neither is 1, the operation fails. Aligning from the right matters:
# ``(3,)`` and ``(3, 4)`` are not compatible, because 3 is compared with 4. Add a dimension with
# ``unsqueeze`` to say which dimension you mean.
a3 = torch.ones(3, device=device)
b34 = torch.ones(3, 4, device=device)
try:
    a3 + b34
except RuntimeError as err:
    print("(3,) + (3, 4) fails:", err)
print("(3, 1) + (3, 4) ->", tuple((a3.unsqueeze(1) + b34).shape))

# %%
# A typical use: normalise each channel
# -------------------------------------
#
# A batch of images has the shape ``(N, C, H, W)``. The mean of each channel has the shape ``(C,)``;
# as ``(C, 1, 1)`` it broadcasts over the batch, the height and the width. One line normalises every
# channel of every image.
images = torch.rand(4, 3, 28, 28, device=device)
mean = images.mean(dim=(0, 2, 3))  # (3,)
std = images.std(dim=(0, 2, 3))  # (3,)
normalised = (images - mean.view(3, 1, 1)) / std.view(3, 1, 1)
print("mean:", tuple(mean.shape), "-> view(3, 1, 1):", tuple(mean.view(3, 1, 1).shape))
print("normalised:", tuple(normalised.shape))
print("new channel stds:", [f"{v:.4f}" for v in normalised.std(dim=(0, 2, 3)).tolist()])
print(
    "new channel means are 0:",
    torch.allclose(normalised.mean(dim=(0, 2, 3)), torch.zeros(3, device=device), atol=1e-5),
)

# %%
# Common mistake: ``(N, 1)`` minus ``(N,)``
# -----------------------------------------
#
# A model usually returns predictions of shape ``(N, 1)``, while targets are often stored as
# ``(N,)``. Their difference broadcasts to ``(N, N)`` without any error, and a loss computed from it
# is wrong. Make the shapes equal first, for example with ``targets.unsqueeze(1)`` or
# ``predictions.squeeze(1)``. Below, every prediction is 0.5 too high, so the right mean squared
# error is 0.25.
targets = torch.arange(5.0, device=device)  # (5,)
predictions = targets.view(5, 1) + 0.5  # (5, 1)
print("(5, 1) - (5,) ->", tuple((predictions - targets).shape), "- probably not what you wanted")
print("(5, 1) - (5, 1) ->", tuple((predictions - targets.unsqueeze(1)).shape))
wrong = ((predictions - targets) ** 2).mean().item()
right = ((predictions - targets.unsqueeze(1)) ** 2).mean().item()
print(f"mean squared error: wrong {wrong:.4f}, right {right:.4f}")

# %%
# Join tensors with ``cat``
# -------------------------
#
# ``torch.cat`` joins tensors along an *existing* dimension; all other sizes must be equal. Here we
# build a data set of two classes: 100 points around (2, 2) with label 0 and 100 points around (-2,
# -2) with label 1. Labels for a classification loss must be integers, so we convert them with
# ``.long()``.
n_data = torch.ones(100, 2, device=device)
x0 = torch.normal(2 * n_data, 1)  # class 0, (100, 2)
x1 = torch.normal(-2 * n_data, 1)  # class 1, (100, 2)
x = torch.cat([x0, x1], dim=0)
y = torch.cat([torch.zeros(100, device=device), torch.ones(100, device=device)]).long()
print("x:", tuple(x.shape), x.dtype, "| y:", tuple(y.shape), y.dtype)
print("cat along dim=1:", tuple(torch.cat([x0, x1], dim=1).shape))

# %%
# ``cat`` against ``stack``
# -------------------------
#
# ``torch.stack`` needs tensors of the same shape and adds a *new* dimension. Stacking the two
# classes gives ``(2, 100, 2)``: one entry per class, while ``cat`` gave ``(200, 2)``.
print("stack:", tuple(torch.stack([x0, x1]).shape))
print("cat:  ", tuple(torch.cat([x0, x1]).shape))

# %%
# Cut tensors with ``split`` and ``chunk``
# ----------------------------------------
#
# ``split`` takes the size of each piece (one size, or a list of sizes); ``chunk`` takes the
# *number* of pieces. When the size does not divide evenly, the last piece is smaller. Both return
# views.
parts = torch.split(x, 64)
print("split(x, 64):      ", [tuple(p.shape) for p in parts])
train, test = torch.split(x, [160, 40])
print("split(x, [160, 40]):", tuple(train.shape), tuple(test.shape))
print("chunk(x, 3):        ", [tuple(p.shape) for p in torch.chunk(x, 3)])
print("chunk(x, 2, dim=1): ", [tuple(p.shape) for p in torch.chunk(x, 2, dim=1)])

# sphinx_gallery_start_ignore
assert torch.equal(torch.cat(parts), x)
assert abs(right - 0.25) < 1e-6 and wrong > 1
# sphinx_gallery_end_ignore

# %%
# Plot the broadcast
# ------------------
#
# The top row shows the two inputs of ``(3, 1) + (1, 4)``. The bottom row shows what broadcasting
# does with them: each input is repeated along its size-1 dimension (the pale cells are repeated,
# not stored). The two ``(3, 4)`` grids are then added cell by cell, which gives the result on the
# right.
import matplotlib.pyplot as plt


def draw_grid(ax, values, title, colour, stored=None):
    values = values.cpu()
    stored = torch.ones_like(values, dtype=torch.bool) if stored is None else stored
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            alpha = 1.0 if stored[i, j] else 0.3
            ax.add_patch(
                plt.Rectangle((j, -i - 1), 1, 1, facecolor=colour, alpha=alpha, edgecolor="black")
            )
            ax.text(j + 0.5, -i - 0.5, f"{values[i, j].item():g}", ha="center", va="center")
    ax.set_xlim(-0.2, 4.2)
    ax.set_ylim(-3.2, 0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)


fig, axes = plt.subplot_mosaic(
    [["a", "b", "sum"], ["a_big", "b_big", "sum"]], figsize=(10, 5), layout="constrained"
)
first_column = torch.zeros(3, 4, dtype=torch.bool)
first_column[:, 0] = True
first_row = torch.zeros(3, 4, dtype=torch.bool)
first_row[0] = True
draw_grid(axes["a"], column, "column (3, 1)", "tab:blue")
draw_grid(axes["b"], row, "row (1, 4)", "tab:orange")
draw_grid(axes["a_big"], column.expand(3, 4), "column.expand(3, 4)", "tab:blue", first_column)
draw_grid(axes["b_big"], row.expand(3, 4), "row.expand(3, 4)", "tab:orange", first_row)
draw_grid(axes["sum"], table, "column + row (3, 4)", "tab:green")
fig.suptitle("Broadcasting (3, 1) + (1, 4) -> (3, 4)")

# %%
# Conclusion
# ----------
#
# Shapes are compared from the right, and a size of 1 is repeated to match the other tensor. Check
# shapes before you subtract predictions from targets. Use ``cat`` to join along an existing
# dimension, ``stack`` to add one, and ``split`` or ``chunk`` to cut a tensor into pieces. Next,
# :ref:`sphx_glr_auto_examples_tensors_plot_reductions.py` reduces tensors along a dimension.

r"""
Convolution and pooling by hand
===============================

A convolution slides a small filter (kernel) over an image and computes a weighted sum at each
position; pooling summarises each small window, for example by its maximum. This example checks
the output-size formula

.. math::

   N = \frac{W - F + 2P}{S} + 1

(input size :math:`W`, filter size :math:`F`, padding :math:`P`, stride :math:`S`) against
``torch.nn.Conv2d`` and ``torch.nn.MaxPool2d``, then applies hand-made edge filters to a
handwritten digit with ``torch.nn.functional.conv2d`` and shows the resulting feature maps.

See :doc:`/cnn` for the ideas and :func:`deeplearn_notes.conv_output_size` for the formula.
"""

# %%
# Output sizes: formula against PyTorch
# -------------------------------------
#
# For each setting we compute :math:`N` with :func:`deeplearn_notes.conv_output_size` and
# compare it with the shape that a real layer returns for a random input of size
# :math:`W \times W`.
import torch
from torch import nn

from deeplearn_notes import conv_output_size, get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

settings = [
    (32, 5, 0, 1),
    (28, 5, 2, 1),
    (28, 4, 1, 2),
    (13, 3, 1, 2),
    (14, 2, 0, 2),
    (227, 11, 0, 4),
]
print("  W   F  P  S | formula  Conv2d  MaxPool2d")
for size, kernel, pad, stride in settings:
    x = torch.randn(1, 1, size, size, device=device)
    n = conv_output_size(size, kernel, stride=stride, padding=pad)
    conv = nn.Conv2d(1, 1, kernel, stride=stride, padding=pad).to(device)
    pool = nn.MaxPool2d(kernel, stride=stride, padding=pad)
    conv_n, pool_n = conv(x).shape[-1], pool(x).shape[-1]
    print(f"{size:3d} {kernel:3d} {pad:2d} {stride:2d} | {n:7d} {conv_n:7d} {pool_n:10d}")
    # sphinx_gallery_start_ignore
    assert n == conv_n == pool_n
    # sphinx_gallery_end_ignore

# %%
# When the filter does not fit exactly
# ------------------------------------
#
# With :math:`W = 28`, :math:`F = 5`, :math:`P = 0` and :math:`S = 2` the formula gives
# :math:`23 / 2 + 1 = 12.5`. PyTorch silently rounds down and ignores the last row and column of
# the input. :func:`deeplearn_notes.conv_output_size` raises an error instead, so that the
# mistake is noticed.
x = torch.randn(1, 1, 28, 28, device=device)
print("Conv2d output:", tuple(nn.Conv2d(1, 1, 5, stride=2).to(device)(x).shape))
try:
    conv_output_size(28, 5, stride=2)
except ValueError as error:
    print(f"ValueError: {error}")

# %%
# A digit to filter
# -----------------
#
# We take one 28×28 test image from :func:`deeplearn_notes.load_digits` and rescale it to
# :math:`[0, 1]`, so that the background is 0 like the zero padding around it. Its shape follows
# PyTorch's convention ``(N, C, H, W)``: a batch of one image with one channel.
from deeplearn_notes import load_digits

_, test_set = load_digits(size=28, seed=0)
digit, label = test_set[11]
digit = (digit - digit.min()) / (digit.max() - digit.min())
digit = digit.unsqueeze(0).to(device)
print(f"label: {label.item()}, input shape: {tuple(digit.shape)}")

# %%
# Hand-made edge filters
# ----------------------
#
# The Sobel filters respond to changes of brightness: the first one to vertical edges (left to
# right), the second one, its transpose, to horizontal edges. We stack four 3×3 filters into a
# weight tensor of shape ``(out_channels, in_channels, 3, 3) = (4, 1, 3, 3)``; padding 1 keeps
# the 28×28 size (:math:`N = (28 - 3 + 2) / 1 + 1 = 28`).
import torch.nn.functional as F

sobel_x = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
filters = {
    "vertical edges": sobel_x,
    "horizontal edges": sobel_x.T,
    "blur": torch.full((3, 3), 1.0 / 9.0),
    "outline": torch.tensor([[0.0, -1.0, 0.0], [-1.0, 4.0, -1.0], [0.0, -1.0, 0.0]]),
}
weight = torch.stack(list(filters.values())).unsqueeze(1).to(device)  # (4, 1, 3, 3)
feature_maps = F.conv2d(digit, weight, padding=1)
print(f"weight shape: {tuple(weight.shape)}, feature maps: {tuple(feature_maps.shape)}")

# %%
# Activation and pooling
# ----------------------
#
# A convolutional layer is usually followed by a ReLU and a 2×2 max pooling with stride 2, which
# halves the height and width (:math:`(28 - 2) / 2 + 1 = 14`) and keeps the strongest response
# of each window. Pooling has no weights to learn.
pooled = F.max_pool2d(F.relu(feature_maps), kernel_size=2, stride=2)
print(f"after ReLU and max pooling: {tuple(pooled.shape)}")

# %%
# The feature maps
# ----------------
#
# The top row shows the filters, the middle row the feature maps of the convolution (red for
# positive, blue for negative values), the bottom row the maps after ReLU and pooling. Each
# filter highlights a different part of the digit.
import matplotlib.pyplot as plt

maps = feature_maps[0].cpu().numpy()
small = pooled[0].cpu().numpy()
fig, axes = plt.subplots(3, 5, figsize=(10, 6.5))
axes[0, 0].imshow(digit[0, 0].cpu().numpy(), cmap="gray")
axes[0, 0].set_title(f"input (label {label.item()})")
for i, (name, kernel) in enumerate(filters.items(), start=1):
    k = kernel.abs().max().item()
    axes[0, i].imshow(kernel.numpy(), cmap="RdBu_r", vmin=-k, vmax=k)
    axes[0, i].set_title(f"filter: {name}", fontsize=9)
    m = abs(maps[i - 1]).max()
    axes[1, i].imshow(maps[i - 1], cmap="RdBu_r", vmin=-m, vmax=m)
    axes[1, i].set_title("conv 28×28", fontsize=9)
    axes[2, i].imshow(small[i - 1], cmap="gray")
    axes[2, i].set_title("ReLU + max pool 14×14", fontsize=9)
for ax in axes.flat:
    ax.set_axis_off()
fig.suptitle("Hand-made 3×3 filters applied to a digit")
fig.tight_layout()
plt.show()

# %%
# Conclusion
# ----------
#
# The formula :math:`N = (W - F + 2P) / S + 1` predicts the output size of both convolution and
# pooling. In a convolutional network the filters are not made by hand: they are weights, learned
# by gradient descent like any other parameter. The next example,
# :ref:`sphx_glr_auto_examples_cnn_plot_lenet5_digits.py`, trains such a network.

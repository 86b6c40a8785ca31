r"""
Indexing a batch of images
==========================

A batch of colour images is a 4-dimensional tensor of shape ``(N, C, H, W)``: the number of images,
the colour channels, the height and the width. This example selects parts of such a batch with
integers, slices, ``...``, ``index_select``, boolean masks and ``take``, and shuffles images and
labels together with ``randperm``.

The reference page :doc:`/indexing` explains the rules.
"""

# %%
# A batch of four images
# ----------------------
#
# We draw four small RGB images of 28 × 28 pixels: a coloured disc at a different place in each
# image, plus a little noise. The pixel values are between 0 and 1, and the batch has the shape
# ``(4, 3, 28, 28)``.
import torch

from deeplearn_notes import get_device, seed_everything

seed_everything(2)
device = get_device()
print(f"device: {device}")

coords = torch.linspace(-1, 1, 28, device=device)
ys, xs = torch.meshgrid(coords, coords, indexing="ij")  # two (28, 28) grids
centres = [(-0.4, -0.4), (0.4, -0.4), (-0.4, 0.4), (0.4, 0.4)]
colours = [[1.0, 0.2, 0.2], [0.2, 0.8, 0.2], [0.2, 0.4, 1.0], [1.0, 0.8, 0.1]]  # RGB
images = torch.zeros(4, 3, 28, 28, device=device)
for i, ((cx, cy), colour) in enumerate(zip(centres, colours, strict=True)):
    disc = (xs - cx) ** 2 + (ys - cy) ** 2 < 0.25  # True inside the disc
    images[i] = disc * torch.tensor(colour, device=device).view(3, 1, 1)
images = (images + 0.15 * torch.rand(images.shape, device=device)).clamp(0, 1)
labels = torch.tensor([0, 1, 2, 3], device=device)
print("images:", tuple(images.shape), images.dtype)

# %%
# Integers select along the first dimensions
# ------------------------------------------
#
# Each integer index removes one dimension. One index gives one image, two give one channel of one
# image, and four give a single pixel, a 0-dimensional tensor whose value we read with ``.item()``.
print("images[0]:         ", tuple(images[0].shape), "- one colour image")
print("images[0, 0]:      ", tuple(images[0, 0].shape), "- its red channel")
print("images[0, 0, 2, 4]:", tuple(images[0, 0, 2, 4].shape), "- one pixel")
print(f"pixel value: {images[0, 0, 2, 4].item():.4f}")

# %%
# Slices keep the dimension
# -------------------------
#
# A slice ``start:end:step`` keeps the dimension and selects a range; ``end`` is not included and
# negative indices count from the end. A step of 2 keeps every second row and column, which halves
# the resolution. Slicing returns a *view*: it shares memory with the original tensor and copies
# nothing.
print("images[:2]:               ", tuple(images[:2].shape), "- the first two images")
print("images[:2, -1]:           ", tuple(images[:2, -1].shape), "- their last (blue) channel")
print(
    "images[:2, -1:]:          ", tuple(images[:2, -1:].shape), "- the same, channel dimension kept"
)
print("images[:, :, 0:28:2, ::2]:", tuple(images[:, :, 0:28:2, ::2].shape), "- every second pixel")
small = images[:, :, ::2, ::2]
print("shares memory:", small.untyped_storage().data_ptr() == images.untyped_storage().data_ptr())

# %%
# The ellipsis ``...``
# --------------------
#
# ``...`` stands for "all the remaining dimensions", so you do not have to write ``:`` for each of
# them. ``images[..., 0]`` takes the first column of pixels of every channel of every image.
print("images[...]:      ", tuple(images[...].shape))
print("images[0, ...]:   ", tuple(images[0, ...].shape))
print("images[:, 1, ...]:", tuple(images[:, 1, ...].shape), "- the green channel of all images")
print("images[..., 0]:   ", tuple(images[..., 0].shape))

# %%
# Select by a list of indices
# ---------------------------
#
# ``index_select(dim, index)`` picks the given positions along one dimension; the other dimensions
# are unchanged. Indexing with a tensor of indices, such as ``images[[0, 2]]``, does the same along
# the first dimension. Unlike slices, both make a copy.
index = torch.tensor([0, 2], device=device)
print("index_select(0, [0, 2]):   ", tuple(images.index_select(0, index).shape), "- images 0 and 2")
print(
    "index_select(1, [0, 2]):   ",
    tuple(images.index_select(1, index).shape),
    "- red and blue channels",
)
print(
    "index_select(2, arange(8)):",
    tuple(images.index_select(2, torch.arange(8, device=device)).shape),
)
print("images[[0, 2]]:            ", tuple(images[[0, 2]].shape))
print("same values:", torch.equal(images[[0, 2]], images.index_select(0, index)))

# %%
# Boolean masks
# -------------
#
# A comparison such as ``x.ge(0.5)`` (the same as ``x >= 0.5``) returns a boolean *mask* with the
# shape of ``x``. ``torch.masked_select(x, mask)`` and ``x[mask]`` return the selected values as a
# 1-dimensional tensor, because the selected elements do not form a rectangle. A mask can also set
# values, here the negative ones to 0.
x = torch.randn(3, 4, device=device).round(decimals=2)
mask = x.ge(0.5)
print(x)
print(mask)
print("masked_select:", torch.masked_select(x, mask))
print("x[mask]:      ", x[mask])
x[x < 0] = 0.0
print("negatives set to 0:")
print(x)

# %%
# ``take`` uses indices of the flattened tensor
# ---------------------------------------------
#
# ``torch.take`` treats the tensor as if it were 1-dimensional, in row order. In ``src`` below,
# index 5 is the last element of the second row.
src = torch.tensor([[4, 3, 5], [6, 7, 8]], device=device)
print(torch.take(src, torch.tensor([0, 2, 5], device=device)))

# %%
# Shuffle images and labels together
# ----------------------------------
#
# Before training, the samples are often shuffled. The images and the labels must be shuffled with
# the *same* order, otherwise each image gets a wrong label. ``torch.randperm(n)`` gives one random
# order, and we use it to index both tensors.
perm = torch.randperm(len(images), device=device)
shuffled_images, shuffled_labels = images[perm], labels[perm]
print("order:", perm.tolist())
print("labels after shuffle:", shuffled_labels.tolist())

# sphinx_gallery_start_ignore
for i, j in enumerate(perm.tolist()):
    assert torch.equal(shuffled_images[i], images[j]) and shuffled_labels[i] == labels[j]
# sphinx_gallery_end_ignore

# %%
# Plot the selections
# -------------------
#
# matplotlib expects an image as ``(H, W, C)``, so we reorder the dimensions of each image with
# ``permute(1, 2, 0)`` (see :doc:`/reshaping`) and move the tensor to the CPU. The top row is the
# batch; the bottom row shows a channel, a subsampled image, a mask and the shuffled batch with its
# labels.
import matplotlib.pyplot as plt


def to_numpy_image(image):
    return image.permute(1, 2, 0).cpu().numpy()


fig, axes = plt.subplots(2, 4, figsize=(10, 6), layout="constrained")
for i, ax in enumerate(axes[0]):
    ax.imshow(to_numpy_image(images[i]))
    ax.set_title(f"images[{i}], label {labels[i].item()}")
axes[1, 0].imshow(images[0, 0].cpu().numpy(), cmap="gray")
axes[1, 0].set_title("images[0, 0] (red channel)")
axes[1, 1].imshow(to_numpy_image(images[1, :, ::2, ::2]))
axes[1, 1].set_title("images[1, :, ::2, ::2]")
axes[1, 2].imshow(images[2, 2].ge(0.5).cpu().numpy(), cmap="gray")
axes[1, 2].set_title("images[2, 2].ge(0.5)")
side_by_side = torch.cat(list(shuffled_images), dim=2)  # (3, 28, 4 * 28)
axes[1, 3].imshow(to_numpy_image(side_by_side))
axes[1, 3].set_title(f"shuffled, labels {shuffled_labels.tolist()}")
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("Selecting parts of a (4, 3, 28, 28) batch")

# %%
# Conclusion
# ----------
#
# Integers remove a dimension, slices keep it and return views, ``index_select`` and lists of
# indices copy the chosen positions, and masks return a 1-dimensional tensor of the selected values.
# Shuffle data and labels with one ``randperm``. Next,
# :ref:`sphx_glr_auto_examples_tensors_plot_reshaping.py` changes the shape of a tensor.

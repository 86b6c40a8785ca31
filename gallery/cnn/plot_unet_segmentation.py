r"""
Image segmentation with U-Net
=============================

Segmentation labels every pixel of an image: here, whether the pixel belongs to a shape or to
the background. U-Net (Ronneberger et al., 2015) does this with an encoder that shrinks the image
into coarse features, a decoder that grows them back to full size, and skip connections that
pass the fine details from each encoder level to the decoder level of the same size.

This example trains :class:`deeplearn_notes.UNet` on generated images of discs and rectangles,
then measures the Dice score and the pixel accuracy on images it has not seen. See :doc:`/cnn`
for convolutions and pooling.
"""

# %%
# Generate the data
# -----------------
#
# :func:`deeplearn_notes.make_segmentation_shapes` draws random discs and rectangles on a noisy
# background and returns the images with their masks (1 inside a shape, 0 outside). To keep the
# example fast on a CPU, the images are only 32×32 pixels and there are only 192 training images.
# We keep 32 more images apart as a test set.
import torch
from torch.utils.data import DataLoader, TensorDataset

from deeplearn_notes import get_device, make_segmentation_shapes, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

images, masks = make_segmentation_shapes(n=224, size=32, seed=0)
train_set = TensorDataset(images[:192], masks[:192])
test_set = TensorDataset(images[192:], masks[192:])
train_loader = DataLoader(
    train_set, batch_size=16, shuffle=True, generator=torch.Generator().manual_seed(0)
)
test_loader = DataLoader(test_set, batch_size=32)
print(f"images: {tuple(images.shape)} {images.dtype}, masks: {tuple(masks.shape)} {masks.dtype}")
print(f"share of shape pixels: {masks.mean().item():.3f}")

# %%
# A small U-Net
# -------------
#
# The source notes used the paper's channel sizes ``(64, 128, 256, 512)``, about 31 million
# parameters. For 32×32 images with plain shapes, 8 times fewer channels per level are enough
# and train in seconds. With four levels, the 32×32 input is pooled down to 2×2 at the
# bottleneck. The output has one channel: a logit per pixel.
from deeplearn_notes import UNet, count_parameters

model = UNet(in_channels=3, out_channels=1, features=(8, 16, 32, 64)).to(device)
print(f"parameters: {count_parameters(model):,}")
print(f"paper-sized U-Net: {count_parameters(UNet(in_channels=3, out_channels=1)):,}")
with torch.inference_mode():
    print(f"output shape: {tuple(model(images[:2].to(device)).shape)}")

# %%
# Train
# -----
#
# ``torch.nn.BCEWithLogitsLoss`` is the binary cross-entropy of each pixel, computed from the
# logits (it applies the sigmoid itself, in a numerically stable way) and averaged over all
# pixels. :func:`deeplearn_notes.fit` runs the training loop. Four epochs are enough here; real
# images need many more.
from torch import nn

from deeplearn_notes import fit

optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
history = fit(
    model,
    train_loader,
    loss_fn=nn.BCEWithLogitsLoss(),
    optimizer=optimizer,
    epochs=4,
    val_loader=test_loader,
    device=device,
)
for epoch, (train_loss, test_loss) in enumerate(
    zip(history.train_loss, history.val_loss, strict=True), 1
):
    print(f"epoch {epoch}: train loss {train_loss:.4f}, test loss {test_loss:.4f}")

# %%
# Dice score and pixel accuracy
# -----------------------------
#
# A pixel is predicted as "shape" when its probability (the sigmoid of its logit) is above 0.5.
# Pixel accuracy is the share of correct pixels; it looks good even for a model that predicts
# only background when shapes are small. The Dice score measures the overlap between the
# predicted mask :math:`P` and the true mask :math:`T`:
#
# .. math::
#
#    \text{Dice} = \frac{2 |P \cap T|}{|P| + |T|}
#
# It is 1 for a perfect prediction and 0 when they do not overlap.
model.eval()
with torch.inference_mode():
    test_images, test_masks = test_set.tensors
    predicted = (model(test_images.to(device)).sigmoid() > 0.5).float().cpu()
pixel_accuracy = (predicted == test_masks).float().mean().item()
intersection = (predicted * test_masks).sum(dim=(1, 2, 3))
dice = 2 * intersection / (predicted.sum(dim=(1, 2, 3)) + test_masks.sum(dim=(1, 2, 3)) + 1e-8)
print(f"pixel accuracy: {100 * pixel_accuracy:.2f}%")
print(f"background-only baseline: {100 * (1 - test_masks.mean().item()):.2f}%")
print(f"mean Dice score: {dice.mean().item():.4f}")

# sphinx_gallery_start_ignore
assert dice.mean().item() > 0.9, dice.mean().item()
# sphinx_gallery_end_ignore

# %%
# Look at the predictions
# -----------------------
#
# Each column shows a test image, its true mask and the predicted mask, with the Dice score of
# that image.
import matplotlib.pyplot as plt

fig, axes = plt.subplots(3, 6, figsize=(10, 5.5))
for col in range(6):
    axes[0, col].imshow(test_images[col].permute(1, 2, 0).numpy())
    axes[1, col].imshow(test_masks[col, 0].numpy(), cmap="gray", vmin=0, vmax=1)
    axes[2, col].imshow(predicted[col, 0].numpy(), cmap="gray", vmin=0, vmax=1)
    axes[2, col].set_xlabel(f"Dice {dice[col].item():.3f}", fontsize=9)
for row, name in enumerate(["image", "true mask", "predicted"]):
    axes[row, 0].set_ylabel(name)
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("U-Net on held-out test images")
fig.tight_layout()
plt.show()

# %%
# Training curves
# ---------------
#
# The training and test losses fall together: on this simple task the small model does not
# overfit within four epochs.
fig, ax = plt.subplots(figsize=(6, 4))
history.plot(ax=ax)
ax.set_title("U-Net training (binary cross-entropy per pixel)")
plt.show()

# sphinx_gallery_thumbnail_number = 1

# %%
# Conclusion
# ----------
#
# A U-Net with about half a million parameters segments these generated shapes almost perfectly
# after a few seconds of training: the shapes are brighter than the background, so the task is
# easy. Real images need the larger paper-sized channels, more data, data
# augmentation and a GPU; the code stays the same. See :doc:`/gpu` for running it on a GPU.

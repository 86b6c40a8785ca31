r"""
Data augmentation with transforms v2
====================================

Data augmentation shows the network a slightly different version of each training image in
every epoch: cropped, flipped, rotated, with other colours. The label stays the same, so the
network learns that these changes do not matter. This helps most when there are few training
images.

This example applies the transforms of ``torchvision.transforms.v2`` to a photo, computes the
per-channel statistics for ``Normalize`` on a training set, and then trains a small CNN on only
five images per digit, with and without augmentation, to measure what augmentation does to the
test accuracy. The reference page is :doc:`/transforms`.
"""

# %%
# A photo as a tensor
# -------------------
#
# scikit-learn ships two photos, so this example runs offline. ``v2.ToImage`` turns a
# ``(H, W, C)`` NumPy array into a ``(C, H, W)`` tensor and keeps the ``uint8`` values. We make
# the photo half as large, so that the transforms below run faster.
import torch
from sklearn.datasets import load_sample_images
from torchvision.transforms import v2

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

# Two (427, 640, 3) uint8 arrays, copied because torch warns about read-only NumPy arrays.
photos = [photo.copy() for photo in load_sample_images().images]
flower = v2.Resize(214)(v2.ToImage()(photos[1]))  # the shorter side becomes 214 pixels
print(f"photo: {photos[1].shape} {photos[1].dtype} -> tensor {tuple(flower.shape)} {flower.dtype}")

# %%
# One photo, many versions
# ------------------------
#
# Each random transform draws new parameters every time it is called. ``RandomResizedCrop``
# cuts out a random part and resizes it to a fixed size, ``RandomHorizontalFlip`` mirrors the
# image with probability ``p``, ``RandomRotation`` turns it by a random angle, and
# ``ColorJitter`` changes brightness, contrast, saturation and hue. ``Compose`` chains them
# into one training pipeline.
size = tuple(flower.shape[-2:])
crop = v2.RandomResizedCrop(size, scale=(0.2, 1.0))
rotate = v2.RandomRotation(degrees=30)
jitter = v2.ColorJitter(brightness=0.5, contrast=0.5, saturation=0.5, hue=0.1)
pipeline = v2.Compose([crop, v2.RandomHorizontalFlip(p=0.5), rotate, jitter])
examples = [
    ("Original", v2.Identity()),
    ("Random resized crop", crop),
    ("Horizontal flip", v2.RandomHorizontalFlip(p=1.0)),
    ("Random rotation", rotate),
    ("Colour jitter", jitter),
] + [("Training pipeline", pipeline)] * 3
augmented = [(title, transform(flower)) for title, transform in examples]
for title, image in augmented[:5]:
    print(f"{title:20s} {tuple(image.shape)} {image.dtype}")

# %%
# Plot the versions
# -----------------
#
# The last three panels each call the whole pipeline once: every call gives another picture of
# the same flower, and the label "flower" fits all of them.
import matplotlib.pyplot as plt

fig, axes = plt.subplots(2, 4, figsize=(11, 4.4))
for ax, (title, image) in zip(axes.flat, augmented, strict=True):
    ax.imshow(image.permute(1, 2, 0).numpy())
    ax.set_title(title)
    ax.set_axis_off()
fig.tight_layout()
plt.show()

# %%
# Few training digits
# -------------------
#
# Now a measurement. We take scikit-learn's 8×8 digits, scale them to :math:`[0, 1]`, enlarge
# them to 16×16 and split them as :func:`deeplearn_notes.load_digits` does. From the 1,438
# training images we keep only five per digit: 50 images. The test set keeps all 359 images.
from sklearn.datasets import load_digits
from torch.nn import functional as F

from deeplearn_notes import train_test_split

digits = load_digits()
images = torch.from_numpy(digits.images).float().div(16).unsqueeze(1)  # (1797, 1, 8, 8)
images = F.interpolate(images, size=(16, 16), mode="bilinear", align_corners=False)
labels = torch.from_numpy(digits.target).long()
x_train, x_test, y_train, y_test = train_test_split(images, labels, test_fraction=0.2, seed=0)
keep = torch.cat([(y_train == digit).nonzero().flatten()[:5] for digit in range(10)])
x_few, y_few = x_train[keep], y_train[keep]
print(f"training images: {tuple(x_few.shape)}, test images: {tuple(x_test.shape)}")
print(f"training images per digit: {torch.bincount(y_few).tolist()}")

# %%
# Normalize with the training statistics
# --------------------------------------
#
# ``v2.Normalize(mean, std)`` computes :math:`(x - \text{mean}) / \text{std}` for each channel.
# The mean and standard deviation come from the training images only, averaged over the batch,
# height and width dimensions: one value per channel. The digits have one channel; the same
# line gives three values for the two RGB photos. The test set is normalised with the training
# values, never with its own.
mean = x_few.mean(dim=(0, 2, 3))
std = x_few.std(dim=(0, 2, 3))
print(f"digits {tuple(x_few.shape)}: mean {mean.item():.4f}, std {std.item():.4f}")

to_float = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
rgb = torch.stack([to_float(photo) for photo in photos])  # (2, 3, 427, 640)
rgb_mean = ", ".join(f"{m:.3f}" for m in rgb.mean(dim=(0, 2, 3)).tolist())
rgb_std = ", ".join(f"{s:.3f}" for s in rgb.std(dim=(0, 2, 3)).tolist())
print(f"photos {tuple(rgb.shape)}: mean (R, G, B) = ({rgb_mean}), std = ({rgb_std})")

# %%
# Training and evaluation pipelines
# ---------------------------------
#
# The training pipeline first moves each digit a little: ``RandomAffine`` rotates it by up to
# 15 degrees, shifts it by up to 10% of the image size and scales it by 0.9 to 1.1. It fills
# the new corners with 0, the background, so it must come before ``Normalize``. A horizontal
# flip would be wrong here: a mirrored 2 or 3 is no longer a digit. The evaluation pipeline
# only normalises: test images are measured as they are. With the training statistics, the test
# images end up close to, but not exactly at, mean 0 and standard deviation 1.
train_transform = v2.Compose(
    [
        v2.RandomAffine(
            degrees=15,
            translate=(0.1, 0.1),
            scale=(0.9, 1.1),
            interpolation=v2.InterpolationMode.BILINEAR,
        ),
        v2.Normalize(mean.tolist(), std.tolist()),
    ]
)
eval_transform = v2.Normalize(mean.tolist(), std.tolist())
print(train_transform)
x_test_normalised = eval_transform(x_test)
print(
    f"test images after Normalize: mean {x_test_normalised.mean().item():.3f}, "
    f"std {x_test_normalised.std().item():.3f}"
)

# %%
# One random draw per image
# -------------------------
#
# A random transform called on a batch ``(N, C, H, W)`` draws one set of parameters for the
# whole batch. To give every image its own rotation and shift, we apply the transform in the
# dataset's ``__getitem__``, once per image, as ``torchvision.datasets`` do. The evaluation
# transform has no randomness, so we apply it once to whole tensors: to the test images, and to
# the training images for the run without augmentation.
from torch.utils.data import Dataset, TensorDataset


class TransformedTensors(Dataset):
    """Images and labels in tensors; ``transform`` is applied to each image when it is read."""

    def __init__(self, images, labels, transform):
        self.images, self.labels, self.transform = images, labels, transform

    def __len__(self):
        return len(self.images)

    def __getitem__(self, index):
        return self.transform(self.images[index]), self.labels[index]


train_plain = TensorDataset(eval_transform(x_few), y_few)
train_augmented = TransformedTensors(x_few, y_few, train_transform)
test_set = TensorDataset(x_test_normalised, y_test)
image, label = train_augmented[0]
print(f"one training sample: {tuple(image.shape)} {image.dtype}, label {label.item()}")

# %%
# What the network sees
# ---------------------
#
# The top row shows the first training image of each digit; the rows below show what the
# augmented dataset returns for the same images in three epochs.
from deeplearn_notes import plot_images

first = range(0, 50, 5)  # the training images are sorted by digit, five of each
rows = [torch.stack([train_plain[i][0] for i in first])]
rows += [torch.stack([train_augmented[i][0] for i in first]) for _ in range(3)]
fig, ax = plt.subplots(figsize=(7, 3.2))
plot_images(torch.cat(rows), ncols=10, ax=ax)
ax.set_title("Top row: training images. Below: augmented versions")
plt.show()

# %%
# A small CNN
# -----------
#
# Two convolution and pooling stages and one linear layer: 16×16 inputs become 4×4 feature maps
# after two 2×2 poolings. The model is small so that the six training runs below take only a
# few seconds on a CPU.
from torch import nn

from deeplearn_notes import count_parameters


def small_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 8, kernel_size=3, padding=1),  # (N, 8, 16, 16)
        nn.ReLU(),
        nn.MaxPool2d(2),  # (N, 8, 8, 8)
        nn.Conv2d(8, 16, kernel_size=3, padding=1),  # (N, 16, 8, 8)
        nn.ReLU(),
        nn.MaxPool2d(2),  # (N, 16, 4, 4)
        nn.Flatten(),
        nn.Linear(16 * 4 * 4, 10),  # logits
    )


print(f"parameters: {count_parameters(small_cnn()):,}")

# %%
# Train with and without augmentation
# -----------------------------------
#
# With 50 training images, one result depends a lot on luck: the random start weights and the
# random batches. We therefore train both ways with three seeds and compare the averages. Each
# run takes 50 epochs of Adam, with a learning rate that decreases along a cosine curve. The
# test set is only watched after each epoch; nothing is chosen from it.
from torch.utils.data import DataLoader

from deeplearn_notes import fit

epochs = 50
test_loader = DataLoader(test_set, batch_size=len(test_set))  # one batch: fast to evaluate
curves = {"without augmentation": [], "with augmentation": []}
for seed in range(3):
    for name, train_set in zip(curves, (train_plain, train_augmented), strict=True):
        seed_everything(seed)
        model = small_cnn().to(device)
        generator = torch.Generator().manual_seed(seed)
        train_loader = DataLoader(train_set, batch_size=10, shuffle=True, generator=generator)
        optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
        history = fit(
            model,
            train_loader,
            loss_fn=nn.CrossEntropyLoss(),
            optimizer=optimizer,
            epochs=epochs,
            val_loader=test_loader,
            scheduler=scheduler,
            device=device,
        )
        curves[name].append(history.val_accuracy)
        print(f"seed {seed}, {name:21s}: test accuracy {history.val_accuracy[-1]:.2%}")

# %%
# Test accuracy
# -------------
#
# The final test accuracy on all 359 test images, averaged over the three seeds.
mean_curves = {name: torch.tensor(runs).mean(dim=0) for name, runs in curves.items()}
for name, curve in mean_curves.items():
    print(f"{name:21s}: mean test accuracy {curve[-1].item():.2%}")
gain = mean_curves["with augmentation"][-1] - mean_curves["without augmentation"][-1]
print(f"gain from augmentation: {100 * gain.item():.1f} percentage points")

# sphinx_gallery_start_ignore
assert gain > 0.01, gain
# sphinx_gallery_end_ignore

# %%
# Test accuracy per epoch
# -----------------------
#
# The lines show the mean over the seeds, the shaded bands the lowest and highest run. Without
# augmentation the network soon knows its 50 images by heart and the test accuracy stops
# rising. With augmentation it learns more slowly, because every epoch brings new versions of
# the images, but it ends higher.
fig, ax = plt.subplots(figsize=(6.5, 4))
epoch_numbers = range(1, epochs + 1)
for name, runs in curves.items():
    runs = torch.tensor(runs)
    ax.plot(epoch_numbers, runs.mean(dim=0), label=name)
    ax.fill_between(epoch_numbers, runs.min(dim=0).values, runs.max(dim=0).values, alpha=0.2)
ax.set_xlabel("epoch")
ax.set_ylabel("test accuracy")
ax.set_title("Five training images per digit")
ax.legend()
plt.show()

# %%
# Conclusion
# ----------
#
# Random transforms give the network new versions of the same images in every epoch. With
# only 50 training images, this raised the mean test accuracy by about two percentage points.
# Use augmentation only in the training pipeline, choose transforms that keep the label (no
# flips for digits or text), and normalise every split with the training set's statistics.
# :ref:`sphx_glr_auto_examples_networks_plot_image_folder_dataset.py` shows how to read images
# from files with the same transforms, and :doc:`/transforms` sums up the transforms and the
# common mistakes.

r"""
A dataset from image files
==========================

Real image data usually arrives as files on disk, not as tensors. This example writes
scikit-learn's digits as PNG files into a temporary folder and reads them back in three ways:
with ``torchvision.datasets.ImageFolder`` (one folder per class), with a hand-written
``Dataset`` that takes its labels from a CSV file, and as image and mask pairs for segmentation,
like the car photos and masks of the Carvana challenge in the source notes. At the end, a
``DataLoader`` reads the files with two worker processes.

The reference pages are :doc:`/data_loading` and :doc:`/transforms`.
"""

# %%
# Write the digits as PNG files
# -----------------------------
#
# ``ImageFolder`` expects one subfolder per class: ``digits/0/``, ``digits/1/``, and so on.
# We save the 1,797 digits of scikit-learn as 8×8 grey-level PNG files there. Everything goes
# into a ``tempfile.TemporaryDirectory``, which we delete at the end.
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image
from sklearn.datasets import load_digits

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

tmp = tempfile.TemporaryDirectory()
root = Path(tmp.name)
digits = load_digits()
pixels = (digits.images * 255 / 16).round().astype(np.uint8)  # values 0..16 -> 0..255
for index, (image, label) in enumerate(zip(pixels, digits.target, strict=True)):
    folder = root / "digits" / str(label)
    folder.mkdir(parents=True, exist_ok=True)
    Image.fromarray(image).save(folder / f"{index:04d}.png")
files = sorted((root / "digits").rglob("*.png"))
print(f"files written: {len(files)}, e.g. {files[0].relative_to(root).as_posix()}")

# %%
# Read them with ImageFolder
# --------------------------
#
# ``ImageFolder`` numbers the class folders in sorted order and opens each file with PIL as an
# RGB image. The v2 transforms then turn it into a grey-level ``(1, H, W)`` tensor, resize it
# to 16×16 and scale the ``uint8`` values to ``float32`` in :math:`[0, 1]`. ``Resize`` matters
# for real photos: images of different sizes cannot be stacked into one batch.
import torch
from torchvision import datasets
from torchvision.transforms import v2

to_tensor = v2.Compose(
    [
        v2.ToImage(),  # PIL image -> (3, 8, 8) uint8 tensor
        v2.Grayscale(),  # (1, 8, 8)
        v2.Resize((16, 16)),  # (1, 16, 16)
        v2.ToDtype(torch.float32, scale=True),  # values 0..255 -> 0.0..1.0
    ]
)
folder = datasets.ImageFolder(root / "digits", transform=to_tensor)
print(f"images: {len(folder)}, classes: {folder.classes}")
image, label = folder[0]
print(f"first sample: {Path(folder.samples[0][0]).name}, label {label}")
print(f"image: {tuple(image.shape)} {image.dtype}, values {image.min():.2f} to {image.max():.2f}")

# %%
# Labels from a CSV file
# ----------------------
#
# Often the images lie in one folder and a CSV file lists each file with its label. We write
# such a file and read it with our own ``Dataset``: ``__init__`` reads the list,
# ``__len__`` returns its length, and ``__getitem__`` loads one image with
# ``torchvision.io.decode_image``, which returns a ``uint8`` tensor.
import csv

from torch.utils.data import Dataset
from torchvision.io import ImageReadMode, decode_image

with open(root / "labels.csv", "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["file", "label"])
    for path in files:
        writer.writerow([path.relative_to(root).as_posix(), path.parent.name])


class CSVImageDataset(Dataset):
    """Grey-level images listed in a CSV file with the columns ``file`` and ``label``."""

    def __init__(self, csv_file, transform=None):
        self.root = Path(csv_file).parent
        with open(csv_file, newline="") as f:
            self.rows = [(row["file"], int(row["label"])) for row in csv.DictReader(f)]
        self.transform = transform

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        file, label = self.rows[index]
        image = decode_image(str(self.root / file), mode=ImageReadMode.GRAY)  # (1, H, W) uint8
        if self.transform is not None:
            image = self.transform(image)
        return image, label


table = CSVImageDataset(root / "labels.csv", transform=v2.ToDtype(torch.float32, scale=True))
image, label = table[0]
print(f"rows: {len(table)}, first row: {table.rows[0]}")
print(f"image: {tuple(image.shape)} {image.dtype}, label {label}")
counts = torch.bincount(torch.tensor([label for _, label in table.rows]))
print(f"images per class: {counts.tolist()}")

# sphinx_gallery_start_ignore
assert len(table) == len(folder) == 1797
assert counts.tolist() == torch.bincount(torch.tensor(folder.targets)).tolist()
# sphinx_gallery_end_ignore

# %%
# Image and mask pairs
# --------------------
#
# For segmentation, every image has a mask of the same size that gives the class of each
# pixel. We draw 8 images with a disc and a square, save them as ``images/000.png``, and their
# masks as ``masks/000_mask.png`` with the pixel values 0 (background), 1 (disc) and 2
# (square). The masks look black in an image viewer: their pixels hold class indices, not grey
# levels.
from PIL import ImageDraw

rng = np.random.default_rng(0)


def random_box():
    """A 13×13 box [left, top, right, bottom] inside the 32×32 image."""
    left, top = rng.integers(2, 18, 2).tolist()
    return [left, top, left + 12, top + 12]


def random_colour(low, high):
    return tuple(rng.integers(low, high, 3).tolist())


for sub in ("images", "masks"):
    (root / sub).mkdir()
for i in range(8):
    image = Image.new("RGB", (32, 32), random_colour(0, 90))  # a dark background
    mask = Image.new("L", (32, 32), 0)  # class 0 everywhere
    draw_image, draw_mask = ImageDraw.Draw(image), ImageDraw.Draw(mask)
    disc, square = random_box(), random_box()
    draw_image.ellipse(disc, fill=random_colour(120, 256))
    draw_mask.ellipse(disc, fill=1)
    draw_image.rectangle(square, fill=random_colour(120, 256))
    draw_mask.rectangle(square, fill=2)
    image.save(root / "images" / f"{i:03d}.png")
    mask.save(root / "masks" / f"{i:03d}_mask.png")
print(f"images: {sorted(p.name for p in (root / 'images').iterdir())[:3]} ...")
print(f"masks:  {sorted(p.name for p in (root / 'masks').iterdir())[:3]} ...")

# %%
# A dataset of pairs
# ------------------
#
# The dataset sorts the file names (``iterdir`` and ``os.listdir`` return them in no particular
# order) and finds each mask from its image's name. It returns the image as a ``float32``
# ``(3, H, W)`` tensor and the mask as an ``int64`` ``(H, W)`` tensor of class indices, which is
# what ``nn.CrossEntropyLoss`` expects as the target for ``(N, 3, H, W)`` logits. A random
# transform gets both as ``tv_tensors``, so a flip or rotation moves the image and its mask
# together (see :doc:`/transforms`).
from torchvision import tv_tensors


class SegmentationPairs(Dataset):
    """``images/NAME.png`` with ``masks/NAME_mask.png``; the mask holds class indices."""

    def __init__(self, root, transform=None):
        self.root = Path(root)
        self.names = sorted(p.name for p in (self.root / "images").glob("*.png"))
        self.transform = transform

    def __len__(self):
        return len(self.names)

    def __getitem__(self, index):
        name = self.names[index]
        image = decode_image(str(self.root / "images" / name), mode=ImageReadMode.RGB)
        mask_file = self.root / "masks" / name.replace(".png", "_mask.png")
        mask = decode_image(str(mask_file), mode=ImageReadMode.GRAY)[0]  # (H, W) uint8
        image, mask = tv_tensors.Image(image), tv_tensors.Mask(mask.long())
        if self.transform is not None:
            image, mask = self.transform(image, mask)
        # Plain tensors again: values in [0, 1] for the image, class indices for the mask.
        return image.float() / 255, mask.as_subclass(torch.Tensor)


flip_and_rotate = v2.Compose([v2.RandomHorizontalFlip(), v2.RandomRotation(degrees=20)])
pairs = SegmentationPairs(root, transform=flip_and_rotate)
image, mask = pairs[0]
print(f"pairs: {len(pairs)}")
print(f"image: {tuple(image.shape)} {image.dtype}, mask: {tuple(mask.shape)} {mask.dtype}")
print(f"classes in the mask: {mask.unique().tolist()}")

# %%
# A batch of pairs
# ----------------
#
# The ``DataLoader`` stacks the pairs into a batch. The cross-entropy of all-zero logits is
# :math:`\ln 3 \approx 1.0986` for three classes, which confirms that the shapes and the dtype of
# the masks are what the loss expects.
from torch import nn
from torch.utils.data import DataLoader

pair_loader = DataLoader(
    pairs, batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(0)
)
images, masks = next(iter(pair_loader))
print(
    f"batch: images {tuple(images.shape)} {images.dtype}, masks {tuple(masks.shape)} {masks.dtype}"
)
logits = torch.zeros(4, 3, 32, 32)  # what a segmentation model with 3 classes would return
print(f"cross-entropy of zero logits: {nn.CrossEntropyLoss()(logits, masks).item():.4f}")

# %%
# Worker processes
# ----------------
#
# With ``num_workers=2``, two background processes read and decode the files while the main
# process trains. On Windows and macOS, and on Linux from Python 3.14, these processes are
# started with ``spawn`` or ``forkserver``: each one starts a fresh Python interpreter and
# imports this file again, under the name ``__mp_main__`` instead of ``__main__``. The
# ``if __name__ == "__main__":`` guard keeps that import from running the guarded code, which
# would start workers of its own. It does not stop the unguarded code above from running again
# in each worker: run this file with ``python`` on Windows or macOS, and its first lines of output
# appear three times. A training script should therefore put all its work in a ``main()``
# function that it calls under the guard.
#
# With ``spawn`` and ``forkserver``, the dataset is sent to the workers with ``pickle``, and a
# worker must import the class of every object it receives. In a notebook, or when this example
# is run by Sphinx-Gallery, it cannot import the classes defined in the example. So we give the
# workers the ``ImageFolder`` dataset: its class and its v2 transforms come from torchvision,
# which any process can import. In your own projects, put dataset classes in a module.
if __name__ == "__main__":
    loader = DataLoader(
        folder,
        batch_size=128,
        shuffle=True,
        num_workers=2,
        generator=torch.Generator().manual_seed(0),
    )
    seen = 0
    for step, (images, labels) in enumerate(loader):
        if step == 0:
            print(f"first batch: images {tuple(images.shape)}, labels {tuple(labels.shape)}")
            print(f"first labels: {labels[:10].tolist()}")
        seen += len(labels)
    print(f"batches per epoch: {len(loader)}, images seen: {seen}")

# %%
# Look at the samples
# -------------------
#
# The top row shows four images as the pair dataset returns them, flipped and rotated at
# random; the bottom row shows their masks, which moved with them. The figure is drawn under the
# guard too, so that a worker that imports this file does not open it again.
if __name__ == "__main__":
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 4, figsize=(8, 4.4))
    for i in range(4):
        image, mask = pairs[i]  # one call: the image and its mask get the same transform
        axes[0, i].imshow(image.permute(1, 2, 0).numpy())
        axes[0, i].set_title("Image")
        axes[1, i].imshow(mask.numpy(), cmap="viridis", vmin=0, vmax=2)
        axes[1, i].set_title("Mask")
    for ax in axes.flat:
        ax.set_axis_off()
    fig.tight_layout()
    plt.show()

# %%
# Clean up
# --------
#
# Deleting the temporary folder removes every file this example wrote.
tmp.cleanup()
print(f"folder deleted: {not root.exists()}")

# %%
# Conclusion
# ----------
#
# ``ImageFolder`` turns a folder per class into a dataset in one line; a CSV file of names and
# labels needs a small ``Dataset`` of your own, with ``__len__`` and ``__getitem__``. For
# segmentation, a dataset returns the image with its mask, the mask as ``int64`` class
# indices, and passes both through the same random transform. Worker processes speed up
# reading files; they need the ``__main__`` guard and a dataset that they can import.
# :ref:`sphx_glr_auto_examples_cnn_plot_transforms_augmentation.py` shows what random transforms
# do to the test accuracy, and :ref:`sphx_glr_auto_examples_cnn_plot_unet_segmentation.py`
# trains a segmentation model.

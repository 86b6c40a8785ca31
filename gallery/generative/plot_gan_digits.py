r"""
A GAN generates handwritten digits
==================================

The training loop of :ref:`sphx_glr_auto_examples_generative_plot_gan_2d.py`, unchanged,
learns images as well as points: only the size of the generator's output and the data differ.
This example trains a small fully connected GAN on scikit-learn's 8×8 digits, shows the
generated digits during training, plots both losses, and checks two things that a good-looking
grid of samples can hide: whether all ten digits appear, and whether the generator only copies
its training images.

See :doc:`/gans` for the ideas, and :class:`deeplearn_notes.Generator` and
:class:`deeplearn_notes.Discriminator` for the networks.
"""

# %%
# Load the digits and scale them to [-1, 1]
# -----------------------------------------
#
# The generator ends with ``tanh``, whose outputs lie in :math:`[-1, 1]`, so the real images
# are scaled to the same range (scikit-learn stores the pixels as 0 to 16). Otherwise the
# discriminator could tell real from fake by the range of the values alone. The images are
# flattened to 64 numbers, since both networks are multilayer perceptrons.
import torch
from sklearn.datasets import load_digits

from deeplearn_notes import get_device, seed_everything, train_test_split

seed_everything(0)
device = get_device()
print(f"device: {device}")

digits = load_digits()
images = torch.from_numpy(digits.images).float().div(8.0).sub(1.0).flatten(1)  # (1797, 64)
labels = torch.from_numpy(digits.target).long()
x_train, x_test, y_train, y_test = train_test_split(images, labels, test_fraction=0.2, seed=0)
x_train = x_train.to(device)
low, high = x_train.min().item(), x_train.max().item()
print(f"training images: {tuple(x_train.shape)}, pixel range [{low:.0f}, {high:.0f}]")

# %%
# The two networks
# ----------------
#
# The generator maps 16 random numbers to 64 pixels through two hidden layers; the
# discriminator maps 64 pixels to one logit. Both are small enough to train on a CPU in
# seconds.
from torch import nn

from deeplearn_notes import Discriminator, Generator, count_parameters

latent_size = 16
generator = Generator(latent_size, 64, hidden_sizes=(128, 128), output_activation=nn.Tanh)
generator = generator.to(device)
discriminator = Discriminator(64, hidden_sizes=(128, 128)).to(device)
print(
    f"parameters: generator {count_parameters(generator):,}, "
    f"discriminator {count_parameters(discriminator):,}"
)

# %%
# One training step
# -----------------
#
# Each step draws a random batch of 64 real images and 64 noise vectors, then updates the
# discriminator (``detach()`` keeps the generator out of its step) and the generator (label 1
# on its fakes), exactly as in the 2-D example.
from deeplearn_notes import discriminator_loss, generator_loss

adam = {"lr": 2e-3, "betas": (0.5, 0.999)}
d_optimizer = torch.optim.Adam(discriminator.parameters(), **adam)
g_optimizer = torch.optim.Adam(generator.parameters(), **adam)


def train_step(batch_size=64):
    real = x_train[torch.randint(len(x_train), (batch_size,), device=device)]
    fake = generator(torch.randn(batch_size, latent_size, device=device))
    d_loss = discriminator_loss(discriminator(real), discriminator(fake.detach()))
    d_optimizer.zero_grad()
    d_loss.backward()
    d_optimizer.step()
    g_loss = generator_loss(discriminator(fake))
    g_optimizer.zero_grad()
    g_loss.backward()
    g_optimizer.step()
    return d_loss.detach(), g_loss.detach()


# %%
# Train
# -----
#
# We keep the generator's output for a fixed batch of noise at five moments, so that the same
# noise vectors can be followed through training. 3,000 steps take a few seconds on a CPU; a
# GAN on real image sets trains for much longer.
fixed_noise = torch.randn(12, latent_size, device=device)
num_steps, snapshot_steps = 3000, [0, 250, 1000, 2000, 3000]
d_losses, g_losses, snapshots = [], [], {}
for step in range(num_steps + 1):
    if step in snapshot_steps:
        with torch.no_grad():
            snapshots[step] = generator(fixed_noise).cpu()
    if step < num_steps:
        d_loss, g_loss = train_step()
        d_losses.append(d_loss)
        g_losses.append(g_loss)
print(f"last step: discriminator loss {d_losses[-1].item():.3f}, ", end="")
print(f"generator loss {g_losses[-1].item():.3f}")

# %%
# Generated digits during training
# --------------------------------
#
# Each row shows what the generator makes of the same 12 noise vectors; the number on the
# left of a row is the training step. At step 0 the untrained generator outputs noise. At
# step 250 every noise vector gives nearly the same image: a complete mode collapse. The
# discriminator learns to reject that one image, and by step 1,000 the generator has spread
# out into different digits. The digits stay rough: the networks are small and trained for
# seconds.
import matplotlib.pyplot as plt

from deeplearn_notes import plot_images

fig, axes = plt.subplots(len(snapshot_steps), 1, figsize=(7, 1.1 * len(snapshot_steps)))
for ax, step in zip(axes, snapshot_steps, strict=True):
    plot_images(snapshots[step].reshape(-1, 1, 8, 8), ncols=12, ax=ax)
    ax.set_axis_on()
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_ylabel(f"{step}", rotation=0, ha="right", va="center")
fig.suptitle("Generated digits for fixed noise, by training step")
fig.tight_layout()
plt.show()

# %%
# The two losses
# --------------
#
# During the collapse the discriminator wins easily: its loss is low and the generator's is
# high. Once the generator makes varied digits, both losses settle near the dotted lines, the
# values at which the discriminator cannot tell real from fake (:math:`2 \log 2` and
# :math:`\log 2`). A moving average over 100 steps smooths the curves.
import math

kernel = torch.ones(1, 1, 100) / 100
fig, ax = plt.subplots(figsize=(7, 3.8))
for losses, label, colour in (
    (d_losses, "discriminator loss", "C0"),
    (g_losses, "generator loss", "C1"),
):
    smooth = nn.functional.conv1d(torch.stack(losses).cpu().view(1, 1, -1), kernel).flatten()
    ax.plot(range(100, num_steps + 1), smooth, label=label, color=colour)
ax.axhline(2 * math.log(2), color="C0", linestyle=":")
ax.axhline(math.log(2), color="C1", linestyle=":")
ax.set_xlabel("training step")
ax.set_ylabel("loss")
ax.set_title("GAN losses during training")
ax.legend()
fig.tight_layout()
plt.show()

# %%
# Are all ten digits there?
# -------------------------
#
# Mode collapse on digits means that some digits are never generated. We label 1,000 generated
# images with the digit of their nearest training image (in pixel space) and count the
# labels. A generator without collapse gives each digit about a tenth of the samples.
with torch.no_grad():
    samples = generator(torch.randn(1000, latent_size, device=device))
distances = torch.cdist(samples, x_train)  # (1000, 1438)
nearest_distance, nearest = distances.min(dim=1)
counts = torch.bincount(y_train.to(device)[nearest], minlength=10)
for digit in range(10):
    print(f"digit {digit}: {counts[digit].item():4d} samples")
print(f"digits with at least 2% of the samples: {(counts >= 20).sum().item()} of 10")

# sphinx_gallery_start_ignore
assert (counts >= 20).sum().item() >= 8, counts
# sphinx_gallery_end_ignore

# %%
# Copies or new images?
# ---------------------
#
# A generator could fool the discriminator by memorising training images. We compare the
# distance from each generated image to its nearest training image with the same distance for
# the test images, which are real digits the generator never saw. If the generated images were
# copies, their distances would be close to zero.
test_distance = torch.cdist(x_test.to(device), x_train).min(dim=1).values
print(
    f"median distance to the nearest training image: generated {nearest_distance.median():.2f}, "
    f"test images {test_distance.median():.2f}"
)

# sphinx_gallery_start_ignore
assert nearest_distance.median() > 0.5 * test_distance.median()
# sphinx_gallery_end_ignore

# %%
# The generated digits and their nearest training images
# ------------------------------------------------------
#
# The top row shows twelve generated digits, the bottom row the training image closest to
# each. Similar, but not the same: the generator has learned what digits look like rather
# than a list of them.
fig, (ax_fake, ax_near) = plt.subplots(2, 1, figsize=(7, 2.6))
plot_images(samples[:12].cpu().reshape(-1, 1, 8, 8), ncols=12, ax=ax_fake)
ax_fake.set_title("Generated digits")
plot_images(x_train[nearest[:12]].cpu().reshape(-1, 1, 8, 8), ncols=12, ax=ax_near)
ax_near.set_title("Nearest training images")
fig.tight_layout()
plt.show()

# %%
# Conclusion
# ----------
#
# The same two-step loop that learned eight points on a ring learns to draw digits. Early in
# training it collapsed onto a single image and recovered. The final samples are rough, but
# they are new images, and all ten digits appear, though not equally often. Checking the spread
# over classes and the distance to the training set is as important as looking at a grid of
# samples. For real images, DCGAN's convolutional generator and discriminator (see
# :doc:`/gans`) replace these perceptrons, and training needs a GPU. A variational
# autoencoder, in :ref:`sphx_glr_auto_examples_generative_plot_autoencoder_digits.py`, is
# the other way to generate digits.

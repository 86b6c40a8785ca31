r"""
A GAN learns eight Gaussians on a ring
======================================

A generative adversarial network (GAN) trains two networks against each other. The generator
turns random noise into samples; the discriminator sees real data and generated samples and
learns to tell them apart; the generator learns to fool it. This example writes the
alternating training loop by hand on a toy problem where we can see everything: the data are
points in the plane, drawn from eight Gaussians placed on a ring. We watch the samples move
onto the ring during training, plot both losses, and count how many of the eight modes the
generator covers, the measure that shows mode collapse.

See :doc:`/gans` for the ideas, and :class:`deeplearn_notes.Generator` and
:class:`deeplearn_notes.Discriminator` for the networks.
"""

# %%
# The data: eight modes on a ring
# -------------------------------
#
# Each real point is one of eight centres on a circle of radius 2, plus Gaussian noise with a
# standard deviation :math:`\sigma = 0.05`. A distribution with several separate peaks is
# called multimodal, and each peak is a mode. Real points are drawn afresh for every batch.
import math

import torch

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

num_modes, radius, sigma = 8, 2.0, 0.05
angles = torch.arange(num_modes) * 2 * math.pi / num_modes
centres = radius * torch.stack((angles.cos(), angles.sin()), dim=1).to(device)  # (8, 2)


def real_batch(n):
    modes = torch.randint(num_modes, (n,), device=device)
    return centres[modes] + sigma * torch.randn(n, 2, device=device)  # (n, 2)


print(f"a real batch: {tuple(real_batch(128).shape)}")

# %%
# The generator and the discriminator
# -----------------------------------
#
# Both are small multilayer perceptrons. The generator maps a noise vector
# :math:`z \sim \mathcal{N}(0, I)` of 8 numbers to a point in the plane; its output has no
# activation, since the points can lie anywhere. The discriminator maps a point to one
# logit: positive means "real", negative means "fake".
from deeplearn_notes import Discriminator, Generator, count_parameters

latent_size = 8
generator = Generator(latent_size, output_size=2, hidden_sizes=(64, 64)).to(device)
discriminator = Discriminator(input_size=2, hidden_sizes=(64, 64)).to(device)
z = torch.randn(5, latent_size, device=device)
print(f"noise {tuple(z.shape)} -> fake points {tuple(generator(z).shape)}")
print(f"fake points -> logits {tuple(discriminator(generator(z)).shape)}")
print(
    f"parameters: generator {count_parameters(generator):,}, "
    f"discriminator {count_parameters(discriminator):,}"
)

# %%
# One training step
# -----------------
#
# Each step has two updates. The discriminator step uses binary cross-entropy with label 1
# for real points and label 0 for fakes; the fakes are ``detach()``-ed so that this step
# leaves the generator alone. The generator step uses the non-saturating loss: the same
# cross-entropy with label 1 on the fakes, which asks the discriminator to call them real.
# :func:`~deeplearn_notes.discriminator_loss` and
# :func:`~deeplearn_notes.generator_loss` hold these two lines each. Adam with
# :math:`\beta_1 = 0.5`, as in DCGAN, reacts faster to the opponent's changes.
from deeplearn_notes import discriminator_loss, generator_loss

batch_size = 128
adam = {"lr": 1e-3, "betas": (0.5, 0.999)}
d_optimizer = torch.optim.Adam(discriminator.parameters(), **adam)
g_optimizer = torch.optim.Adam(generator.parameters(), **adam)


def train_step():
    fake = generator(torch.randn(batch_size, latent_size, device=device))
    d_loss = discriminator_loss(discriminator(real_batch(batch_size)), discriminator(fake.detach()))
    d_optimizer.zero_grad()
    d_loss.backward()
    d_optimizer.step()
    g_loss = generator_loss(discriminator(fake))  # the updated discriminator judges the fakes
    g_optimizer.zero_grad()
    g_loss.backward()
    g_optimizer.step()
    return d_loss.detach(), g_loss.detach()


# %%
# Measuring mode coverage
# -----------------------
#
# We call a generated point high-quality when it lies within :math:`3\sigma` of a centre, and
# count a mode as covered when it receives at least 1% of the samples. A generator that
# suffers from mode collapse puts all its samples on a few modes: its high-quality share can
# be high while its coverage is low. We measure both on 2,000 points from a fixed noise batch.
fixed_noise = torch.randn(2000, latent_size, device=device)


def coverage(samples):
    distance, nearest = torch.cdist(samples, centres).min(dim=1)  # to the closest centre
    good = distance < 3 * sigma
    shares = torch.bincount(nearest[good], minlength=num_modes) / len(samples)
    return (shares >= 0.01).sum().item(), good.float().mean().item(), shares


# %%
# Train
# -----
#
# 3,000 alternating steps take a few seconds on a CPU. We keep both losses of every step and
# the generator's samples at six moments of training.
num_steps = 3000
snapshot_steps = [0, 250, 500, 1000, 2000, 3000]
d_losses, g_losses, snapshots = [], [], {}
for step in range(num_steps + 1):
    if step in snapshot_steps:
        with torch.no_grad():
            snapshots[step] = generator(fixed_noise).cpu()
        modes, quality, _ = coverage(snapshots[step].to(device))
        print(
            f"step {step:4d}: modes covered {modes}/{num_modes}, high-quality samples {quality:.1%}"
        )
    if step < num_steps:
        d_loss, g_loss = train_step()
        d_losses.append(d_loss)
        g_losses.append(g_loss)

# %%
# The samples during training
# ---------------------------
#
# At step 0 the untrained generator maps all the noise to a small blob. In this run the blob
# first swings to one side of the ring, then spreads over the whole square, then gathers on the
# ring, and finally concentrates on the eight modes, with a few points left on the arcs
# between them. The number above each panel is the training step.
import matplotlib.pyplot as plt

real = real_batch(2000).cpu()
fig, axes = plt.subplots(2, 3, figsize=(10, 6.8), sharex=True, sharey=True)
for ax, step in zip(axes.flat, snapshot_steps, strict=True):
    ax.scatter(real[:, 0], real[:, 1], s=2, color="0.75", label="real data")
    ax.scatter(snapshots[step][:, 0], snapshots[step][:, 1], s=2, color="C1", label="generated")
    ax.set_title(f"{step}")
    ax.set_aspect("equal")
axes[0, 0].set_xlim(-3, 3)
axes[0, 0].set_ylim(-3, 3)
axes[0, 0].legend(loc="upper left", markerscale=4, fontsize=8)
fig.suptitle("Real data and generated samples after each number of training steps")
fig.tight_layout()
plt.show()

# %%
# The two losses
# --------------
#
# The losses do not go to zero: each network's loss rises when the other one improves. The
# dotted lines mark the values when the discriminator cannot tell real from fake and
# outputs :math:`D = 1/2` everywhere: :math:`2 \log 2 \approx 1.39` for the discriminator
# (real and fake halves together) and :math:`\log 2 \approx 0.69` for the generator. A
# moving average over 50 steps smooths the curves.
kernel = torch.ones(1, 1, 50) / 50
fig, ax = plt.subplots(figsize=(7, 3.8))
for losses, label, colour in (
    (d_losses, "discriminator loss", "C0"),
    (g_losses, "generator loss", "C1"),
):
    smooth = torch.nn.functional.conv1d(torch.stack(losses).cpu().view(1, 1, -1), kernel).flatten()
    ax.plot(range(50, num_steps + 1), smooth, label=label, color=colour)
ax.axhline(2 * math.log(2), color="C0", linestyle=":")
ax.axhline(math.log(2), color="C1", linestyle=":")
ax.set_xlabel("training step")
ax.set_ylabel("loss")
ax.set_title("GAN losses during training")
ax.legend()
fig.tight_layout()
plt.show()

# %%
# Mode coverage at the end
# ------------------------
#
# The share of the 2,000 samples that land on each mode shows how evenly the generator
# spreads its samples. A perfect generator gives each mode :math:`1/8 = 12.5\%`.
modes, quality, shares = coverage(snapshots[num_steps].to(device))
print(f"modes covered: {modes} of {num_modes}")
print(f"high-quality samples (within 3 sigma of a centre): {quality:.1%}")
print("share of the samples on each mode: " + ", ".join(f"{s:.1%}" for s in shares.tolist()))

# sphinx_gallery_start_ignore
assert modes == num_modes, shares
assert quality > 0.7, quality
# sphinx_gallery_end_ignore

# %%
# Conclusion
# ----------
#
# In this run the generator covers all eight modes by the end: about 86% of its samples lie
# within :math:`3\sigma` of a centre, and each mode receives roughly 8% to 13% of them, close
# to the even 12.5%. There is no mode collapse at the end, but the route there was not smooth:
# after 500 steps the samples were spread over the whole square and no mode was covered, and
# the losses swung up and down before settling. The losses do not say how many modes are
# covered; a coverage measure, or simply looking at samples, does. With other seeds, learning
# rates or network sizes the same loop can end with fewer modes, or oscillate. For example,
# with ``"lr": 5e-3`` in ``adam`` and the coverage printed every 250 steps, our run dropped
# from eight modes to six twice before recovering. :doc:`/gans` lists the usual remedies. The
# same loop trains a generator of images in
# :ref:`sphx_glr_auto_examples_generative_plot_gan_digits.py`.

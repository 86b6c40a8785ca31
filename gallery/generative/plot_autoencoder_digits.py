r"""
Autoencoders on handwritten digits
==================================

An autoencoder learns to copy its input through a narrow bottleneck: the encoder compresses
each image into a few numbers, the code, and the decoder rebuilds the image from the code. This
example trains three small autoencoders on scikit-learn's 8×8 digits: one with a 2-D code, whose
latent space we can plot; a denoising autoencoder, which learns to remove noise; and a
variational autoencoder (VAE), whose latent space is regular enough to decode new digits from
any point of it.

See :doc:`/autoencoders` for the ideas, and :class:`deeplearn_notes.Autoencoder`
and :class:`deeplearn_notes.VAE` for the models.
"""

# %%
# Load the digits as pixels in [0, 1]
# -----------------------------------
#
# An autoencoder needs no labels: the target is the input itself. We keep the pixels in
# :math:`[0, 1]` (scikit-learn stores them as 0 to 16), so that the decoder's outputs can be
# read as logits of pixel intensities and trained with the binary cross-entropy. The labels
# are used only to colour the plots. The split is the one :func:`deeplearn_notes.load_digits`
# uses.
import torch
from sklearn.datasets import load_digits
from torch.utils.data import DataLoader, TensorDataset

from deeplearn_notes import get_device, seed_everything, train_test_split

seed_everything(0)
device = get_device()
print(f"device: {device}")

digits = load_digits()
images = torch.from_numpy(digits.images).float().div(16.0).unsqueeze(1)  # (1797, 1, 8, 8)
labels = torch.from_numpy(digits.target).long()
x_train, x_test, y_train, y_test = train_test_split(images, labels, test_fraction=0.2, seed=0)
train_loader = DataLoader(
    TensorDataset(x_train), batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0)
)
x_test = x_test.to(device)
print(f"train images: {tuple(x_train.shape)}, test images: {tuple(x_test.shape)}")

# %%
# An autoencoder with a 2-D code
# ------------------------------
#
# :class:`~deeplearn_notes.Autoencoder` flattens each image to 64 numbers, encodes
# them through hidden layers of 128 and 32 units into a code of 2 numbers, and decodes the
# code back to 64 logits. A 2-D code cannot hold everything about an image, so the network has
# to keep what matters most.
from deeplearn_notes import Autoencoder, count_parameters

autoencoder = Autoencoder(input_size=64, latent_size=2, hidden_sizes=(128, 32)).to(device)
with torch.no_grad():
    code = autoencoder.encode(x_test[:5])
    output = autoencoder.decode(code)
print(
    f"images {tuple(x_test[:5].shape)} -> codes {tuple(code.shape)} -> logits {tuple(output.shape)}"
)
print(f"parameters: {count_parameters(autoencoder):,}")

# %%
# A training loop for all three models
# ------------------------------------
#
# The three models differ only in how the loss of a batch is computed, so one short loop
# trains them all: it takes a function ``batch_loss(model, clean_images)``. Adam with a
# learning rate of :math:`2 \times 10^{-3}` for 40 epochs takes a few seconds on a CPU.
from torch import nn


def train(model, batch_loss, epochs=40, lr=2e-3):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for _ in range(epochs):
        for (clean,) in train_loader:
            loss = batch_loss(model, clean.to(device))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return model.eval()


# %%
# Train the 2-D autoencoder
# -------------------------
#
# The loss is the binary cross-entropy between the decoder's logits and the input pixels.
# To compare models we report the mean squared error between the reconstructed pixels
# (the sigmoid of the logits) and the clean test images: unlike the cross-entropy, it is zero
# for a perfect reconstruction.
bce = nn.BCEWithLogitsLoss()
train(autoencoder, lambda model, x: bce(model(x), x))


def reconstruction_mse(model, inputs):
    """Mean squared error between the reconstructed pixels and the clean test images."""
    with torch.no_grad():
        output = model(inputs)
        logits = output[0] if isinstance(output, tuple) else output  # a VAE also returns mu, logvar
        return nn.functional.mse_loss(torch.sigmoid(logits), x_test).item()


autoencoder_mse = reconstruction_mse(autoencoder, x_test)
print(f"2-D autoencoder, test reconstruction MSE: {autoencoder_mse:.4f}")

# %%
# Compare with PCA
# ----------------
#
# A linear autoencoder trained with the mean squared error learns the same subspace as
# principal component analysis (PCA). Projecting the test images on the first two principal
# components of the training images gives the best linear 2-D reconstruction; the
# autoencoder's non-linear layers should do better.
mean = x_train.flatten(1).mean(dim=0)
_, _, components = torch.linalg.svd(x_train.flatten(1) - mean, full_matrices=False)
top2 = components[:2]  # (2, 64): the first two principal directions
flat = x_test.cpu().flatten(1) - mean
pca_reconstruction = (flat @ top2.T @ top2 + mean).reshape(x_test.shape)
pca_mse = nn.functional.mse_loss(pca_reconstruction, x_test.cpu()).item()
print(f"PCA with 2 components, test reconstruction MSE: {pca_mse:.4f}")

# sphinx_gallery_start_ignore
assert autoencoder_mse < pca_mse, (autoencoder_mse, pca_mse)
# sphinx_gallery_end_ignore

# %%
# Originals and reconstructions
# -----------------------------
#
# The top row shows ten test images, the bottom row what the autoencoder rebuilds from their
# two numbers. The reconstructions are blurred but mostly show the right digit.
import matplotlib.pyplot as plt

from deeplearn_notes import plot_images

with torch.no_grad():
    reconstructions = torch.sigmoid(autoencoder(x_test[:10])).cpu()
fig, (ax_in, ax_out) = plt.subplots(2, 1, figsize=(7, 2.4))
plot_images(x_test[:10].cpu(), ncols=10, ax=ax_in)
ax_in.set_title("Test images")
plot_images(reconstructions, ncols=10, ax=ax_out)
ax_out.set_title("Reconstructions from a 2-D code")
fig.tight_layout()
plt.show()

# %%
# The latent space
# ----------------
#
# Each test image becomes one point in the plane. The encoder never saw a label, yet images
# of the same digit land close together: the code captures what the digits look like.
# Digits that are often written alike overlap, such as 3 and 9, or 5 and 8 near the centre.
with torch.no_grad():
    codes = autoencoder.encode(x_test).cpu()
fig, ax = plt.subplots(figsize=(6, 5))
points = ax.scatter(codes[:, 0], codes[:, 1], c=y_test, cmap="tab10", s=12, vmin=-0.5, vmax=9.5)
colorbar = fig.colorbar(points, ax=ax, ticks=range(10))
colorbar.set_label("digit")
ax.set_xlabel("code 1")
ax.set_ylabel("code 2")
ax.set_title("Test images in the 2-D latent space")
plt.show()

# %%
# A denoising autoencoder
# -----------------------
#
# A denoising autoencoder receives a corrupted image and is trained to output the clean one.
# Here the corruption is Gaussian noise with a standard deviation of 0.3, clipped to
# :math:`[0, 1]`, drawn afresh for every batch. With a 16-number code it has room to keep the
# details of each digit, while the noise, which it must not copy, is removed.
noise_std = 0.3


def add_noise(x, generator=None):
    noise = torch.randn(x.shape, generator=generator, device=x.device)
    return (x + noise_std * noise).clamp(0, 1)


denoiser = Autoencoder(input_size=64, latent_size=16, hidden_sizes=(128,)).to(device)
train(denoiser, lambda model, x: bce(model(add_noise(x)), x))
noisy_test = add_noise(x_test.cpu(), torch.Generator().manual_seed(1)).to(device)
noisy_mse = nn.functional.mse_loss(noisy_test, x_test).item()
print(f"noisy test images, MSE to the clean images: {noisy_mse:.4f}")
denoised_mse = reconstruction_mse(denoiser, noisy_test)
print(f"denoising autoencoder, test MSE on noisy inputs: {denoised_mse:.4f}")
print(
    f"denoising autoencoder, test MSE on clean inputs: {reconstruction_mse(denoiser, x_test):.4f}"
)

# sphinx_gallery_start_ignore
assert denoised_mse < 0.5 * noisy_mse, (denoised_mse, noisy_mse)
# sphinx_gallery_end_ignore

# %%
# Noisy inputs and their reconstructions
# --------------------------------------
#
# The middle row is what the denoising autoencoder receives; the bottom row is its output.
with torch.no_grad():
    denoised = torch.sigmoid(denoiser(noisy_test[:10])).cpu()
fig, axes = plt.subplots(3, 1, figsize=(7, 3.6))
for ax, batch, title in zip(
    axes,
    (x_test[:10].cpu(), noisy_test[:10].cpu(), denoised),
    ("Clean test images", "Noisy inputs", "Outputs of the denoising autoencoder"),
    strict=True,
):
    plot_images(batch, ncols=10, ax=ax)
    ax.set_title(title)
fig.tight_layout()
plt.show()

# %%
# A variational autoencoder
# -------------------------
#
# The latent space above has gaps and no fixed scale: a point between the clusters may decode
# to nothing that looks like a digit. A :class:`~deeplearn_notes.VAE` encodes each
# image as a Gaussian with mean :math:`\mu` and variance :math:`\sigma^2`, draws the code from
# it, and adds to the reconstruction loss a KL term that pulls every Gaussian towards
# :math:`\mathcal{N}(0, I)`. :func:`~deeplearn_notes.vae_loss` sums both terms.
from deeplearn_notes import VAE, kl_standard_normal, vae_loss

vae = VAE(input_size=64, latent_size=2, hidden_sizes=(128, 32)).to(device)


def vae_batch_loss(model, x):
    logits, mu, logvar = model(x)  # in training mode the code is sampled
    return vae_loss(logits, x, mu, logvar)


train(vae, vae_batch_loss)
with torch.no_grad():
    logits, mu, logvar = vae(x_test)
    kl = kl_standard_normal(mu, logvar).mean().item()
    total = vae_loss(logits, x_test, mu, logvar).item()
print(f"VAE, test loss per image: {total:.2f} = reconstruction {total - kl:.2f} + KL {kl:.2f}")
print(f"VAE, test reconstruction MSE: {reconstruction_mse(vae, x_test):.4f}")

# %%
# Decode a grid of latent points
# ------------------------------
#
# Because the KL term keeps the codes close to :math:`\mathcal{N}(0, I)`, every point of the
# square :math:`[-2, 2]^2` decodes to a plausible digit, and neighbouring points decode to
# similar digits. Moving across the grid morphs one digit into another. Drawing
# :math:`z \sim \mathcal{N}(0, I)` and decoding it (``VAE.sample``)
# makes new digits the same way.
steps = torch.linspace(-2, 2, 12)
grid = torch.cartesian_prod(steps.flip(0), steps).flip(1)  # (144, 2): rows from top to bottom
with torch.no_grad():
    decoded = torch.sigmoid(vae.decode(grid.to(device))).cpu().reshape(12, 12, 8, 8)
tiles = nn.functional.pad(decoded, (1, 1, 1, 1), value=1.0)  # a white frame around each digit
mosaic = tiles.permute(0, 2, 1, 3).reshape(120, 120)  # (row, y, column, x) -> one image
half = 2 + 2 / 11  # the tiles are 4 / 11 wide and centred on the latent points
fig, ax = plt.subplots(figsize=(5.5, 5.5))
ax.imshow(mosaic, cmap="gray", extent=(-half, half, -half, half))
ax.set_xlabel("code 1")
ax.set_ylabel("code 2")
ax.set_title("Digits decoded from a grid of latent points")
plt.show()

# sphinx_gallery_thumbnail_number = 2

# %%
# Conclusion
# ----------
#
# An autoencoder learns a compact code without labels, and with a 2-D code it beats PCA
# because its layers are non-linear. Training on corrupted inputs turns it into a denoiser.
# A VAE trades a little reconstruction quality for a smooth latent space from which new
# digits can be decoded. The GAN examples, starting with
# :ref:`sphx_glr_auto_examples_generative_plot_gan_2d.py`, generate data without an encoder:
# a second network judges whether the samples look real. Read :doc:`/gans` next.

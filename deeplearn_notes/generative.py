"""Generative models: autoencoders, a variational autoencoder, and a GAN's two networks.

All the networks here are multilayer perceptrons, small enough to train on a CPU in seconds.
Images are flattened on the way in. Decoders and generators return raw outputs: logits for
pixels in ``[0, 1]`` (apply ``torch.sigmoid`` to see the image, or train with
``nn.BCEWithLogitsLoss``), unless an output activation such as ``nn.Tanh`` is asked for. The
discriminator returns one logit per example. The losses live outside the models:
:func:`vae_loss`, :func:`discriminator_loss` and :func:`generator_loss`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

import torch
from torch import nn
from torch.nn import functional as F

from .models import _check_positive_int

__all__ = [
    "VAE",
    "Autoencoder",
    "Discriminator",
    "Generator",
    "discriminator_loss",
    "generator_loss",
    "kl_standard_normal",
    "vae_loss",
]


def _check_hidden_sizes(hidden_sizes: object) -> tuple[int, ...]:
    if isinstance(hidden_sizes, (str, bytes)) or not isinstance(hidden_sizes, Sequence):
        raise TypeError(
            f"hidden_sizes must be a sequence of ints such as (128, 64), got {hidden_sizes!r}"
        )
    for size in hidden_sizes:
        _check_positive_int("every hidden size", size)
    return tuple(hidden_sizes)


def _check_activation(activation: object) -> Callable[[], nn.Module]:
    if not callable(activation):
        raise TypeError(f"activation must be a callable such as nn.ReLU, got {activation!r}")
    return activation


def _mlp(
    sizes: Sequence[int], activation: Callable[[], nn.Module], *, last_activation: bool = False
) -> nn.Sequential:
    """Linear layers between consecutive ``sizes``, an activation after each but the last."""
    layers: list[nn.Module] = []
    for i, (width_in, width_out) in enumerate(pairwise(sizes)):
        layers.append(nn.Linear(width_in, width_out))
        if last_activation or i < len(sizes) - 2:
            layers.append(activation())
    return nn.Sequential(*layers)


def _flatten_input(name: str, x: torch.Tensor, size: int) -> torch.Tensor:
    """Flatten ``x`` to ``(N, size)``, or raise an error that shows the shape received."""
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} expects a torch.Tensor, got {type(x).__name__}")
    if x.dim() < 2 or x[0].numel() != size:
        raise ValueError(
            f"{name} expects input of shape (N, {size}) or (N, ...) with {size} values per "
            f"example, got {tuple(x.shape)}"
        )
    return torch.flatten(x, start_dim=1)


def _check_latent(name: str, z: torch.Tensor, size: int) -> None:
    if not isinstance(z, torch.Tensor):
        raise TypeError(f"{name} expects a torch.Tensor, got {type(z).__name__}")
    if z.dim() != 2 or z.shape[1] != size:
        raise ValueError(f"{name} expects latent codes of shape (N, {size}), got {tuple(z.shape)}")


class Autoencoder(nn.Module):
    """A fully connected autoencoder: encoder → bottleneck (the code) → decoder.

    The encoder maps each flattened input through ``hidden_sizes`` to ``latent_size`` numbers;
    the decoder mirrors it back to ``input_size``. The code and the output have no activation.
    With ``hidden_sizes=()`` both halves are single linear layers: a linear autoencoder, which
    trained with the MSE learns the subspace of principal component analysis (PCA).

    Parameters
    ----------
    input_size : int
        Values per example after flattening (``64`` for 8×8 images).
    latent_size : int
        Size of the code in the bottleneck (2 gives a latent space that can be plotted).
    hidden_sizes : sequence of int, default (128,)
        Widths of the encoder's hidden layers; the decoder uses them in reverse order.
    activation : callable returning an nn.Module, default nn.ReLU
        Called once per hidden layer to make its activation.

    Raises
    ------
    ValueError
        In ``encode`` and ``forward``, for an input without ``input_size`` values per example;
        in ``decode``, for codes whose shape is not ``(N, latent_size)``.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes.generative import Autoencoder
    >>> model = Autoencoder(input_size=64, latent_size=2, hidden_sizes=(32, 16))
    >>> x = torch.rand(5, 1, 8, 8)
    >>> model.encode(x).shape
    torch.Size([5, 2])
    >>> model(x).shape
    torch.Size([5, 1, 8, 8])
    """

    def __init__(
        self,
        input_size: int,
        latent_size: int,
        hidden_sizes: Sequence[int] = (128,),
        *,
        activation: Callable[[], nn.Module] = nn.ReLU,
    ) -> None:
        super().__init__()
        self.input_size = _check_positive_int("input_size", input_size)
        self.latent_size = _check_positive_int("latent_size", latent_size)
        hidden = _check_hidden_sizes(hidden_sizes)
        _check_activation(activation)
        self.encoder = _mlp((input_size, *hidden, latent_size), activation)
        self.decoder = _mlp((latent_size, *reversed(hidden), input_size), activation)

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """Map inputs of shape ``(N, ...)`` to codes of shape ``(N, latent_size)``."""
        x = _flatten_input("Autoencoder", x, self.input_size)  # (N, input_size)
        return self.encoder(x)  # (N, latent_size)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Map codes of shape ``(N, latent_size)`` to raw outputs of shape ``(N, input_size)``."""
        _check_latent("Autoencoder.decode", z, self.latent_size)
        return self.decoder(z)  # (N, input_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        z = self.encode(x)  # (N, latent_size)
        return self.decode(z).reshape(x.shape)  # (N, ...): the input's shape


class VAE(nn.Module):
    """A fully connected variational autoencoder (Kingma and Welling, 2014).

    The encoder returns, for each input, the mean ``mu`` and the log-variance ``logvar`` of a
    Gaussian over the latent space. In training mode ``forward`` draws a code from it with the
    reparameterization trick, ``z = mu + exp(logvar / 2) * eps``; in eval mode it uses
    ``z = mu``, so reconstructions are deterministic. New examples are decoded from codes drawn
    from the prior, a standard normal distribution (``VAE.sample``).

    Parameters
    ----------
    input_size : int
        Values per example after flattening.
    latent_size : int
        Dimension of the latent space.
    hidden_sizes : sequence of int, default (128,)
        Widths of the encoder's hidden layers; the decoder uses them in reverse order.
    activation : callable returning an nn.Module, default nn.ReLU

    Raises
    ------
    ValueError
        In ``encode`` and ``forward``, for an input without ``input_size`` values per example;
        in ``decode``, for codes whose shape is not ``(N, latent_size)``.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes.generative import VAE
    >>> model = VAE(input_size=64, latent_size=2, hidden_sizes=(32,))
    >>> logits, mu, logvar = model(torch.rand(5, 1, 8, 8))
    >>> logits.shape, mu.shape, logvar.shape
    (torch.Size([5, 1, 8, 8]), torch.Size([5, 2]), torch.Size([5, 2]))
    >>> model.sample(3).shape
    torch.Size([3, 64])
    """

    def __init__(
        self,
        input_size: int,
        latent_size: int,
        hidden_sizes: Sequence[int] = (128,),
        *,
        activation: Callable[[], nn.Module] = nn.ReLU,
    ) -> None:
        super().__init__()
        self.input_size = _check_positive_int("input_size", input_size)
        self.latent_size = _check_positive_int("latent_size", latent_size)
        hidden = _check_hidden_sizes(hidden_sizes)
        _check_activation(activation)
        width = hidden[-1] if hidden else input_size
        self.encoder = _mlp((input_size, *hidden), activation, last_activation=True)
        self.mu = nn.Linear(width, latent_size)
        self.logvar = nn.Linear(width, latent_size)
        self.decoder = _mlp((latent_size, *reversed(hidden), input_size), activation)

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Return ``mu`` and ``logvar``, each of shape ``(N, latent_size)``."""
        x = _flatten_input("VAE", x, self.input_size)  # (N, input_size)
        h = self.encoder(x)  # (N, hidden_sizes[-1])
        return self.mu(h), self.logvar(h)  # (N, latent_size) each

    @staticmethod
    def reparameterize(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
        """Draw ``z = mu + sigma * eps`` with ``eps ~ N(0, I)``: differentiable in mu and logvar."""
        eps = torch.randn_like(mu)  # the randomness sits outside the network's parameters
        return mu + torch.exp(0.5 * logvar) * eps  # (N, latent_size)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Map codes of shape ``(N, latent_size)`` to logits of shape ``(N, input_size)``."""
        _check_latent("VAE.decode", z, self.latent_size)
        return self.decoder(z)  # (N, input_size)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        mu, logvar = self.encode(x)  # (N, latent_size) each
        z = self.reparameterize(mu, logvar) if self.training else mu  # (N, latent_size)
        return self.decode(z).reshape(x.shape), mu, logvar  # logits in the input's shape

    def sample(self, num_samples: int) -> torch.Tensor:
        """Decode ``num_samples`` codes drawn from the prior N(0, I); returns logits."""
        _check_positive_int("num_samples", num_samples)
        device = self.mu.weight.device
        z = torch.randn(num_samples, self.latent_size, device=device)  # (num_samples, latent)
        return self.decode(z)  # (num_samples, input_size)


def kl_standard_normal(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """KL divergence from N(mu, diag(exp(logvar))) to N(0, I), one value per example.

    .. math:: \\mathrm{KL} = -\\tfrac12 \\sum_j \\left(1 + \\log\\sigma_j^2 - \\mu_j^2
              - \\sigma_j^2\\right)

    Parameters
    ----------
    mu, logvar : torch.Tensor
        Shape ``(N, latent_size)``, as returned by ``VAE.encode``.

    Returns
    -------
    torch.Tensor
        Shape ``(N,)``, non-negative; zero where ``mu = 0`` and ``logvar = 0``.

    Raises
    ------
    ValueError
        If the two shapes differ or are not ``(N, latent_size)``.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes.generative import kl_standard_normal
    >>> kl_standard_normal(torch.tensor([[0.0, 0.0], [2.0, 0.0]]), torch.zeros(2, 2))
    tensor([0., 2.])
    """
    if mu.shape != logvar.shape or mu.dim() != 2:
        raise ValueError(
            "mu and logvar must have the same shape (N, latent_size), "
            f"got {tuple(mu.shape)} and {tuple(logvar.shape)}"
        )
    # The same as -0.5 * sum(1 + logvar - mu^2 - sigma^2), written so that 0 prints as 0, not -0.
    return 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(dim=1)  # (N,)


def vae_loss(
    logits: torch.Tensor,
    target: torch.Tensor,
    mu: torch.Tensor,
    logvar: torch.Tensor,
    *,
    beta: float = 1.0,
) -> torch.Tensor:
    """The VAE loss: reconstruction + ``beta`` × KL, summed per example, averaged over the batch.

    The reconstruction term is the binary cross-entropy between the decoder's logits and the
    target pixels in ``[0, 1]``, summed over the pixels of each example (the negative
    log-likelihood of a Bernoulli decoder). Summing, not averaging, over pixels keeps the two
    terms on the scale of the evidence lower bound (ELBO).

    Parameters
    ----------
    logits : torch.Tensor
        Decoder output, shape ``(N, ...)``.
    target : torch.Tensor
        Pixels in ``[0, 1]``, the same shape as ``logits``.
    mu, logvar : torch.Tensor
        Shape ``(N, latent_size)``.
    beta : float, default 1.0
        Weight of the KL term (1 gives the ELBO; other values give a beta-VAE).

    Returns
    -------
    torch.Tensor
        A scalar.

    Raises
    ------
    ValueError
        If ``logits`` and ``target`` have different shapes, or ``beta`` is negative.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes.generative import vae_loss
    >>> logits = torch.zeros(2, 1, 2, 2)     # every pixel predicted as 0.5
    >>> mu, logvar = torch.zeros(2, 3), torch.zeros(2, 3)     # the prior: KL = 0
    >>> round(vae_loss(logits, torch.ones(2, 1, 2, 2), mu, logvar).item(), 4)     # 4 * log 2
    2.7726
    """
    if logits.shape != target.shape:
        raise ValueError(
            f"logits and target must have the same shape, got {tuple(logits.shape)} "
            f"and {tuple(target.shape)}"
        )
    if isinstance(beta, bool) or not isinstance(beta, (int, float)) or beta < 0:
        raise ValueError(f"beta must be a non-negative float, got {beta!r}")
    reconstruction = F.binary_cross_entropy_with_logits(logits, target, reduction="none")
    reconstruction = reconstruction.flatten(start_dim=1).sum(dim=1)  # (N,)
    return (reconstruction + beta * kl_standard_normal(mu, logvar)).mean()


class Generator(nn.Module):
    """A GAN generator: an MLP from latent noise ``z`` to a fake example.

    Parameters
    ----------
    latent_size : int
        Size of the noise vector ``z``.
    output_size : int
        Values per generated example (2 for points in the plane, 64 for 8×8 images).
    hidden_sizes : sequence of int, default (128, 128)
    activation : callable returning an nn.Module, default nn.ReLU
        The hidden layers' activation.
    output_activation : callable returning an nn.Module, optional
        Applied to the output, e.g. ``nn.Tanh`` for images scaled to ``[-1, 1]``; ``None``
        leaves the output unbounded (for points in the plane).

    Raises
    ------
    ValueError
        In ``forward``, for noise whose shape is not ``(N, latent_size)``.

    Examples
    --------
    >>> import torch
    >>> from torch import nn
    >>> from deeplearn_notes.generative import Generator
    >>> generator = Generator(latent_size=16, output_size=64, output_activation=nn.Tanh)
    >>> fake = generator(torch.randn(5, 16))
    >>> fake.shape, bool(fake.abs().max() <= 1)
    (torch.Size([5, 64]), True)
    """

    def __init__(
        self,
        latent_size: int,
        output_size: int,
        hidden_sizes: Sequence[int] = (128, 128),
        *,
        activation: Callable[[], nn.Module] = nn.ReLU,
        output_activation: Callable[[], nn.Module] | None = None,
    ) -> None:
        super().__init__()
        self.latent_size = _check_positive_int("latent_size", latent_size)
        self.output_size = _check_positive_int("output_size", output_size)
        hidden = _check_hidden_sizes(hidden_sizes)
        _check_activation(activation)
        self.layers = _mlp((latent_size, *hidden, output_size), activation)
        if output_activation is not None:
            if not callable(output_activation):
                raise TypeError(
                    "output_activation must be None or a callable such as nn.Tanh, "
                    f"got {output_activation!r}"
                )
            self.layers.append(output_activation())

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        _check_latent("Generator", z, self.latent_size)
        return self.layers(z)  # (N, output_size)


class Discriminator(nn.Module):
    """A GAN discriminator: an MLP with LeakyReLU that returns one logit per example.

    A positive logit means "real", a negative one "fake"; train it with
    :func:`discriminator_loss`. LeakyReLU (as in DCGAN) keeps a gradient for negative inputs,
    so the generator still learns from examples the discriminator rejects firmly.

    Parameters
    ----------
    input_size : int
        Values per example after flattening.
    hidden_sizes : sequence of int, default (128, 128)
    negative_slope : float, default 0.2
        Slope of LeakyReLU for negative inputs.

    Raises
    ------
    ValueError
        In ``forward``, for an input without ``input_size`` values per example.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes.generative import Discriminator
    >>> Discriminator(input_size=64)(torch.rand(5, 1, 8, 8)).shape
    torch.Size([5, 1])
    """

    def __init__(
        self,
        input_size: int,
        hidden_sizes: Sequence[int] = (128, 128),
        *,
        negative_slope: float = 0.2,
    ) -> None:
        super().__init__()
        self.input_size = _check_positive_int("input_size", input_size)
        hidden = _check_hidden_sizes(hidden_sizes)
        if (
            isinstance(negative_slope, bool)
            or not isinstance(negative_slope, (int, float))
            or not 0 <= negative_slope < 1
        ):
            raise ValueError(f"negative_slope must be a float in [0, 1), got {negative_slope!r}")
        self.layers = _mlp((input_size, *hidden, 1), lambda: nn.LeakyReLU(negative_slope))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = _flatten_input("Discriminator", x, self.input_size)  # (N, input_size)
        return self.layers(x)  # (N, 1) logits


def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """The discriminator's loss: binary cross-entropy with label 1 for real, 0 for fake.

    Minimising it maximises :math:`\\mathbb{E}[\\log D(x)] + \\mathbb{E}[\\log(1 - D(G(z)))]`.
    Compute ``fake_logits`` from ``generator(z).detach()`` so that this loss does not send
    gradients into the generator. A discriminator that cannot tell the two apart
    (every logit 0, ``D = 1/2``) has the loss :math:`2 \\log 2 \\approx 1.386`.

    Parameters
    ----------
    real_logits, fake_logits : torch.Tensor
        The discriminator's logits for a batch of real and of generated examples.

    Returns
    -------
    torch.Tensor
        A scalar: the mean loss on the real batch plus the mean loss on the fake batch.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes.generative import discriminator_loss
    >>> round(discriminator_loss(torch.zeros(4, 1), torch.zeros(4, 1)).item(), 4)
    1.3863
    """
    real_loss = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
    fake_loss = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    return real_loss + fake_loss


def generator_loss(fake_logits: torch.Tensor) -> torch.Tensor:
    """The non-saturating generator loss: binary cross-entropy with label 1 on fakes.

    Instead of minimising :math:`\\log(1 - D(G(z)))`, whose gradient vanishes while the
    discriminator rejects the fakes confidently, the generator minimises
    :math:`-\\log D(G(z))` (Goodfellow et al., 2014). At ``D = 1/2`` it equals
    :math:`\\log 2 \\approx 0.693`.

    Parameters
    ----------
    fake_logits : torch.Tensor
        The discriminator's logits for generated examples (not detached).

    Returns
    -------
    torch.Tensor
        A scalar.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes.generative import generator_loss
    >>> round(generator_loss(torch.zeros(4, 1)).item(), 4)
    0.6931
    """
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))

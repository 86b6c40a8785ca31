"""Tests for deeplearn_notes.generative: autoencoders, the VAE, the GAN networks and losses."""

import math
import re

import pytest
import torch
from torch import nn
from torch.distributions import Normal, kl_divergence
from torch.nn import functional as F

from deeplearn_notes.generative import (
    VAE,
    Autoencoder,
    Discriminator,
    Generator,
    discriminator_loss,
    generator_loss,
    kl_standard_normal,
    vae_loss,
)


def _randn(*shape: int, seed: int = 0) -> torch.Tensor:
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed))


def _rand(*shape: int, seed: int = 0) -> torch.Tensor:
    return torch.rand(shape, generator=torch.Generator().manual_seed(seed))


# (id, factory, input shape, loss of the output) for the checks every model must pass.
MODELS = [
    (
        "autoencoder",
        lambda: Autoencoder(64, 2, (16, 8)),
        (4, 1, 8, 8),
        lambda out: out.pow(2).mean(),
    ),
    ("autoencoder-linear", lambda: Autoencoder(6, 3, ()), (4, 6), lambda out: out.pow(2).mean()),
    ("vae", lambda: VAE(64, 2, (16,)), (4, 1, 8, 8), lambda out: sum(t.pow(2).mean() for t in out)),
    ("vae-no-hidden", lambda: VAE(6, 2, ()), (4, 6), lambda out: sum(t.pow(2).mean() for t in out)),
    ("generator", lambda: Generator(5, 3, (8,)), (4, 5), lambda out: out.pow(2).mean()),
    (
        "generator-tanh",
        lambda: Generator(5, 64, (8, 8), output_activation=nn.Tanh),
        (4, 5),
        lambda out: out.pow(2).mean(),
    ),
    (
        "discriminator",
        lambda: Discriminator(64, (8, 4)),
        (4, 1, 8, 8),
        lambda out: out.pow(2).mean(),
    ),
]
MODEL_IDS = [m[0] for m in MODELS]


# ---------------------------------------------------------------------------------------------
# Shapes


@pytest.mark.parametrize("batch", [1, 7])
@pytest.mark.parametrize("input_shape", [(64,), (1, 8, 8), (4, 4, 4)])
@pytest.mark.parametrize("latent_size", [1, 2, 5])
@pytest.mark.parametrize("hidden_sizes", [(), (16,), [32, 8]])
def test_autoencoder_shapes(batch, input_shape, latent_size, hidden_sizes):
    model = Autoencoder(64, latent_size, hidden_sizes)
    x = torch.zeros(batch, *input_shape)
    assert model.encode(x).shape == (batch, latent_size)
    assert model.decode(torch.zeros(batch, latent_size)).shape == (batch, 64)
    assert model(x).shape == x.shape


@pytest.mark.parametrize("hidden_sizes", [(), (16,), (32, 8)])
def test_autoencoder_decoder_mirrors_encoder(hidden_sizes):
    model = Autoencoder(64, 3, hidden_sizes)
    encoder = [m.out_features for m in model.encoder if isinstance(m, nn.Linear)]
    decoder = [m.out_features for m in model.decoder if isinstance(m, nn.Linear)]
    assert encoder == [*hidden_sizes, 3]
    assert decoder == [*reversed(hidden_sizes), 64]
    # The code and the output are raw: no activation after the last linear layer of each half.
    assert isinstance(model.encoder[-1], nn.Linear)
    assert isinstance(model.decoder[-1], nn.Linear)


def test_autoencoder_activation_is_used():
    model = Autoencoder(10, 2, (6, 4), activation=nn.Tanh)
    assert sum(isinstance(m, nn.Tanh) for m in model.modules()) == 4
    assert not any(isinstance(m, nn.ReLU) for m in model.modules())


@pytest.mark.parametrize("batch", [1, 6])
@pytest.mark.parametrize("input_shape", [(64,), (1, 8, 8)])
@pytest.mark.parametrize("latent_size", [1, 4])
@pytest.mark.parametrize("hidden_sizes", [(), (16,), (32, 8)])
def test_vae_shapes(batch, input_shape, latent_size, hidden_sizes):
    model = VAE(64, latent_size, hidden_sizes)
    x = torch.zeros(batch, *input_shape)
    mu, logvar = model.encode(x)
    assert mu.shape == logvar.shape == (batch, latent_size)
    logits, mu, logvar = model(x)
    assert logits.shape == x.shape
    assert mu.shape == logvar.shape == (batch, latent_size)
    assert model.decode(torch.zeros(batch, latent_size)).shape == (batch, 64)
    assert model.sample(batch).shape == (batch, 64)


@pytest.mark.parametrize("batch", [1, 5])
@pytest.mark.parametrize(("latent_size", "output_size"), [(1, 2), (16, 64)])
@pytest.mark.parametrize("hidden_sizes", [(), (8,), (8, 4)])
def test_generator_shape(batch, latent_size, output_size, hidden_sizes):
    model = Generator(latent_size, output_size, hidden_sizes)
    assert model(torch.zeros(batch, latent_size)).shape == (batch, output_size)


@pytest.mark.parametrize("batch", [1, 5])
@pytest.mark.parametrize("input_shape", [(2,), (1, 8, 8)])
@pytest.mark.parametrize("hidden_sizes", [(), (8,), (8, 4)])
def test_discriminator_shape(batch, input_shape, hidden_sizes):
    model = Discriminator(math.prod(input_shape), hidden_sizes)
    assert model(torch.zeros(batch, *input_shape)).shape == (batch, 1)


def test_generator_output_activation():
    z = 10 * _randn(50, 4)
    unbounded = Generator(4, 3, (16,))
    bounded = Generator(4, 3, (16,), output_activation=nn.Tanh)
    assert isinstance(bounded.layers[-1], nn.Tanh)
    assert bounded(z).abs().max() <= 1
    assert isinstance(unbounded.layers[-1], nn.Linear)


def test_discriminator_uses_leaky_relu():
    model = Discriminator(4, (8, 8), negative_slope=0.1)
    slopes = [m.negative_slope for m in model.modules() if isinstance(m, nn.LeakyReLU)]
    assert slopes == [0.1, 0.1]


# ---------------------------------------------------------------------------------------------
# The VAE's sampling


def test_vae_eval_uses_the_mean_and_train_samples():
    torch.manual_seed(0)
    model = VAE(8, 2, (16,))
    x = _rand(4, 8)
    model.eval()
    logits, mu, _ = model(x)
    assert torch.equal(logits, model.decode(mu))
    assert torch.equal(logits, model(x)[0])
    model.train()
    assert not torch.equal(model(x)[0], model(x)[0])


def test_reparameterize_has_the_right_distribution_and_gradients():
    torch.manual_seed(0)
    mu = torch.full((20000, 1), 1.5, requires_grad=True)
    logvar = torch.full((20000, 1), math.log(0.25), requires_grad=True)
    z = VAE.reparameterize(mu, logvar)
    assert abs(z.mean().item() - 1.5) < 0.02
    assert abs(z.std().item() - 0.5) < 0.02
    z.sum().backward()
    assert torch.all(mu.grad == 1)
    # dz/dlogvar = 0.5 * sigma * eps = 0.5 * (z - mu)
    assert torch.allclose(logvar.grad, 0.5 * (z - mu).detach(), atol=1e-6)


# ---------------------------------------------------------------------------------------------
# Losses


def test_kl_standard_normal_matches_torch_distributions():
    mu, logvar = _randn(5, 3), _randn(5, 3, seed=1)
    expected = kl_divergence(Normal(mu, torch.exp(0.5 * logvar)), Normal(0.0, 1.0)).sum(dim=1)
    result = kl_standard_normal(mu, logvar)
    assert result.shape == (5,)
    assert torch.allclose(result, expected, atol=1e-5)
    assert (result >= 0).all()


def test_kl_standard_normal_is_zero_for_the_prior():
    assert torch.equal(kl_standard_normal(torch.zeros(3, 4), torch.zeros(3, 4)), torch.zeros(3))


def test_vae_loss_is_summed_per_example_and_averaged_over_the_batch():
    logits, target = _randn(4, 1, 2, 3), _rand(4, 1, 2, 3, seed=1)
    mu, logvar = _randn(4, 2, seed=2), _randn(4, 2, seed=3)
    bce = F.binary_cross_entropy_with_logits(logits, target, reduction="sum") / 4
    kl = kl_standard_normal(mu, logvar).mean()
    assert torch.allclose(vae_loss(logits, target, mu, logvar), bce + kl)
    assert torch.allclose(vae_loss(logits, target, mu, logvar, beta=0), bce)
    assert torch.allclose(vae_loss(logits, target, mu, logvar, beta=2.5), bce + 2.5 * kl)


def test_gan_losses_match_bce_with_logits():
    real, fake = _randn(6, 1), _randn(6, 1, seed=1)
    bce = nn.BCEWithLogitsLoss()
    expected_d = bce(real, torch.ones_like(real)) + bce(fake, torch.zeros_like(fake))
    assert torch.allclose(discriminator_loss(real, fake), expected_d)
    assert torch.allclose(generator_loss(fake), bce(fake, torch.ones_like(fake)))


def test_gan_losses_at_equilibrium():
    zeros = torch.zeros(8, 1)
    assert discriminator_loss(zeros, zeros).item() == pytest.approx(2 * math.log(2))
    assert generator_loss(zeros).item() == pytest.approx(math.log(2))


def test_generator_loss_does_not_saturate():
    # A fake rejected with confidence (logit -8) still gives the generator a strong gradient.
    logit = torch.tensor([[-8.0]], requires_grad=True)
    generator_loss(logit).backward()
    assert logit.grad.item() < -0.99


def test_detached_fakes_leave_the_generator_alone():
    torch.manual_seed(0)
    generator, discriminator = Generator(4, 2, (8,)), Discriminator(2, (8,))
    fake = generator(torch.randn(5, 4))
    discriminator_loss(discriminator(torch.randn(5, 2)), discriminator(fake.detach())).backward()
    assert all(p.grad is None for p in generator.parameters())
    assert all(p.grad is not None for p in discriminator.parameters())
    generator_loss(discriminator(fake)).backward()
    assert all(p.grad is not None and torch.isfinite(p.grad).all() for p in generator.parameters())


# ---------------------------------------------------------------------------------------------
# Gradients, overfitting, determinism, state dicts


@pytest.mark.parametrize(("factory", "shape", "loss_of"), [m[1:] for m in MODELS], ids=MODEL_IDS)
def test_every_parameter_gets_a_finite_gradient(factory, shape, loss_of):
    torch.manual_seed(0)
    model = factory().train()
    loss_of(model(_randn(*shape))).backward()
    params = [(name, p) for name, p in model.named_parameters() if p.requires_grad]
    assert params
    for name, p in params:
        assert p.grad is not None, name
        assert torch.isfinite(p.grad).all(), name
        assert p.grad.abs().sum() > 0, name


def test_autoencoder_overfits_eight_images():
    torch.manual_seed(0)
    x = _rand(8, 1, 8, 8)
    model = Autoencoder(64, 8, (64,))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(300):
        loss = F.mse_loss(model(x), x)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert F.mse_loss(model(x), x).item() < 1e-3


def test_vae_loss_falls_on_a_tiny_batch():
    torch.manual_seed(0)
    x = (_rand(8, 16) > 0.5).float()
    model = VAE(16, 2, (32,))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    losses = []
    for _ in range(200):
        logits, mu, logvar = model(x)
        loss = vae_loss(logits, x, mu, logvar)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < 0.6 * losses[0]


def test_linear_autoencoder_reaches_the_pca_error():
    torch.manual_seed(0)
    x = (torch.randn(300, 4) * torch.tensor([2.0, 1.0, 0.3, 0.1])) + 1.0
    model = Autoencoder(4, 2, ())
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(400):
        loss = F.mse_loss(model(x), x)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    centred = x - x.mean(dim=0)
    _, _, vh = torch.linalg.svd(centred, full_matrices=False)
    pca_error = F.mse_loss(centred @ vh[:2].T @ vh[:2], centred).item()
    assert F.mse_loss(model(x), x).item() == pytest.approx(pca_error, rel=0.01)


@pytest.mark.parametrize(("factory", "shape", "loss_of"), [m[1:] for m in MODELS], ids=MODEL_IDS)
def test_same_seed_gives_identical_outputs(factory, shape, loss_of):
    outputs = []
    for _ in range(2):
        torch.manual_seed(123)
        out = factory()(_randn(*shape))  # train mode: the VAE's sample comes from the seed too
        outputs.append(out if isinstance(out, tuple) else (out,))
    assert all(torch.equal(a, b) for a, b in zip(*outputs, strict=True))
    torch.manual_seed(124)
    other = factory()(_randn(*shape))
    other = other if isinstance(other, tuple) else (other,)
    assert not torch.equal(other[0], outputs[0][0])


def test_vae_sample_is_reproducible():
    torch.manual_seed(0)
    model = VAE(8, 2, (4,))
    torch.manual_seed(1)
    first = model.sample(3)
    torch.manual_seed(1)
    assert torch.equal(first, model.sample(3))


@pytest.mark.parametrize(("factory", "shape", "loss_of"), [m[1:] for m in MODELS], ids=MODEL_IDS)
def test_state_dict_round_trip(factory, shape, loss_of):
    torch.manual_seed(0)
    source = factory().eval()
    torch.manual_seed(1)
    target = factory().eval()
    target.load_state_dict(source.state_dict())
    x = _randn(*shape, seed=2)
    out_source, out_target = source(x), target(x)
    if isinstance(out_source, tuple):
        assert all(torch.equal(a, b) for a, b in zip(out_source, out_target, strict=True))
    else:
        assert torch.equal(out_source, out_target)


# ---------------------------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize("cls", [Autoencoder, VAE])
@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"input_size": 0}, ValueError, r"input_size must be a positive int, got 0"),
        ({"input_size": 64.0}, ValueError, r"input_size must be a positive int, got 64\.0"),
        ({"latent_size": -2}, ValueError, r"latent_size must be a positive int, got -2"),
        ({"latent_size": True}, ValueError, r"latent_size must be a positive int, got True"),
        ({"hidden_sizes": 16}, TypeError, r"hidden_sizes must be a sequence of ints.*got 16"),
        ({"hidden_sizes": "16"}, TypeError, r"hidden_sizes must be a sequence of ints.*got '16'"),
        ({"hidden_sizes": (16, 0)}, ValueError, r"every hidden size must be a positive int, got 0"),
        ({"activation": "relu"}, TypeError, r"activation must be a callable.*got 'relu'"),
    ],
)
def test_autoencoders_reject_bad_arguments(cls, kwargs, error, match):
    args = {"input_size": 64, "latent_size": 2, **kwargs}
    with pytest.raises(error, match=match):
        cls(**args)


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: Generator(0, 2), ValueError, r"latent_size must be a positive int, got 0"),
        (lambda: Generator(2, "2"), ValueError, r"output_size must be a positive int, got '2'"),
        (lambda: Generator(2, 2, [4, -1]), ValueError, r"every hidden size.*got -1"),
        (
            lambda: Generator(2, 2, output_activation="tanh"),
            TypeError,
            r"output_activation must be None or a callable.*got 'tanh'",
        ),
        (lambda: Discriminator(0), ValueError, r"input_size must be a positive int, got 0"),
        (lambda: Discriminator(2, None), TypeError, r"hidden_sizes must be a sequence.*got None"),
        (
            lambda: Discriminator(2, negative_slope=1.5),
            ValueError,
            r"negative_slope must be a float in \[0, 1\), got 1\.5",
        ),
        (lambda: Discriminator(2, negative_slope=True), ValueError, r"negative_slope.*got True"),
    ],
)
def test_gan_networks_reject_bad_arguments(make, error, match):
    with pytest.raises(error, match=match):
        make()


@pytest.mark.parametrize("cls", [Autoencoder, VAE])
@pytest.mark.parametrize("shape", [(2, 1, 28, 28), (64,), (3, 63)])
def test_autoencoders_reject_bad_input_shapes(cls, shape):
    model = cls(64, 2)
    match = rf"{cls.__name__} expects input of shape \(N, 64\).*got {re.escape(str(shape))}"
    with pytest.raises(ValueError, match=match):
        model(torch.zeros(shape))
    with pytest.raises(ValueError, match=match):
        model.encode(torch.zeros(shape))


@pytest.mark.parametrize("cls", [Autoencoder, VAE])
@pytest.mark.parametrize("shape", [(4, 3), (4,), (4, 2, 1)])
def test_decode_rejects_bad_codes(cls, shape):
    model = cls(64, 2)
    with pytest.raises(
        ValueError,
        match=rf"decode expects latent codes of shape \(N, 2\), got {re.escape(str(shape))}",
    ):
        model.decode(torch.zeros(shape))


def test_gan_networks_reject_bad_inputs():
    with pytest.raises(
        ValueError, match=r"Generator expects latent codes of shape \(N, 8\), got \(4, 2\)"
    ):
        Generator(8, 2)(torch.zeros(4, 2))
    with pytest.raises(
        ValueError, match=r"Discriminator expects input of shape \(N, 64\).*got \(64,\)"
    ):
        Discriminator(64)(torch.zeros(64))
    with pytest.raises(TypeError, match=r"Discriminator expects a torch.Tensor, got list"):
        Discriminator(2)([[0.0, 1.0]])
    with pytest.raises(TypeError, match=r"Generator expects a torch.Tensor, got ndarray"):
        Generator(2, 2)(torch.zeros(1, 2).numpy())


def test_loss_and_sample_errors():
    with pytest.raises(
        ValueError, match=r"mu and logvar must have the same shape.*\(3, 2\) and \(3, 4\)"
    ):
        kl_standard_normal(torch.zeros(3, 2), torch.zeros(3, 4))
    with pytest.raises(ValueError, match=r"logits and target must have the same shape"):
        vae_loss(torch.zeros(2, 64), torch.zeros(2, 1, 8, 8), torch.zeros(2, 2), torch.zeros(2, 2))
    with pytest.raises(ValueError, match=r"beta must be a non-negative float, got -1"):
        vae_loss(
            torch.zeros(2, 4), torch.zeros(2, 4), torch.zeros(2, 2), torch.zeros(2, 2), beta=-1
        )
    with pytest.raises(ValueError, match=r"num_samples must be a positive int, got 0"):
        VAE(4, 2).sample(0)

"""Tests for deeplearn_notes.models: shapes, gradients, overfitting, determinism, modes."""

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from deeplearn_notes import (
    MLP,
    DoubleConv,
    LeNet5,
    LinearRegression,
    SoftmaxRegression,
    UNet,
    count_parameters,
)
from deeplearn_notes.models import ResidualBlock, SmallResNet

# (id, factory, input shape) for the checks every model must pass. Small sizes keep them fast.
MODELS = [
    ("linear", lambda: LinearRegression(3, 2), (4, 3)),
    ("softmax", lambda: SoftmaxRegression(64, 10), (4, 1, 8, 8)),
    ("mlp", lambda: MLP(6, (8, 5), 3), (4, 6)),
    ("mlp-dropout", lambda: MLP(6, (8,), 3, dropout=0.3), (4, 6)),
    ("mlp-linear", lambda: MLP(6, (), 3), (4, 6)),
    ("lenet5", lambda: LeNet5(), (2, 1, 28, 28)),
    ("lenet5-rgb", lambda: LeNet5(in_channels=3, num_classes=4), (2, 3, 32, 32)),
    ("doubleconv", lambda: DoubleConv(3, 4), (2, 3, 9, 7)),
    ("unet", lambda: UNet(features=(4, 8)), (2, 3, 17, 23)),
    ("residual-block", lambda: ResidualBlock(3, 3), (2, 3, 9, 7)),
    ("residual-block-projection", lambda: ResidualBlock(3, 6, stride=2), (2, 3, 9, 7)),
    ("plain-block", lambda: ResidualBlock(3, 6, stride=2, residual=False), (2, 3, 9, 7)),
    ("small-resnet", lambda: SmallResNet(1, 10, channels=(4, 8), num_blocks=1), (2, 1, 8, 8)),
    (
        "small-resnet-plain",
        lambda: SmallResNet(3, 5, channels=(4, 8), num_blocks=2, residual=False),
        (2, 3, 12, 12),
    ),
]
MODEL_IDS = [name for name, _, _ in MODELS]


def _input(shape: tuple[int, ...], seed: int = 0) -> torch.Tensor:
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed))


# ---------------------------------------------------------------------------------------------
# Output shapes


@pytest.mark.parametrize("batch", [1, 5])
@pytest.mark.parametrize(("in_features", "out_features"), [(1, 1), (3, 2)])
def test_linear_regression_shape(batch, in_features, out_features):
    model = LinearRegression(in_features, out_features)
    assert model(torch.zeros(batch, in_features)).shape == (batch, out_features)


@pytest.mark.parametrize("batch", [1, 6])
@pytest.mark.parametrize("input_shape", [(64,), (1, 8, 8), (4, 4, 4)])
def test_softmax_regression_flattens(batch, input_shape):
    model = SoftmaxRegression(64, 10)
    assert model(torch.zeros(batch, *input_shape)).shape == (batch, 10)


@pytest.mark.parametrize("batch", [1, 7])
@pytest.mark.parametrize("hidden_sizes", [(), (4,), (8, 4), [3, 3, 3]])
def test_mlp_shape(batch, hidden_sizes):
    model = MLP(12, hidden_sizes, 5)
    assert model(torch.zeros(batch, 3, 4)).shape == (batch, 5)
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    assert [m.out_features for m in linears] == [*hidden_sizes, 5]


def test_mlp_activation_and_dropout_layers():
    model = MLP(2, (4, 4), 1, activation=nn.Tanh, dropout=0.2)
    assert sum(isinstance(m, nn.Tanh) for m in model.modules()) == 2
    assert sum(isinstance(m, nn.Dropout) for m in model.modules()) == 2
    assert not any(isinstance(m, nn.Dropout) for m in MLP(2, (4, 4), 1).modules())


@pytest.mark.parametrize("batch", [1, 3])
@pytest.mark.parametrize("size", [28, 32])
@pytest.mark.parametrize(("in_channels", "num_classes"), [(1, 10), (3, 10), (3, 2)])
def test_lenet5_shape(batch, size, in_channels, num_classes):
    model = LeNet5(in_channels=in_channels, num_classes=num_classes)
    assert model(torch.zeros(batch, in_channels, size, size)).shape == (batch, num_classes)


def test_lenet5_pads_28_to_32():
    model = LeNet5().eval()
    x = _input((2, 1, 28, 28))
    assert torch.equal(model(x), model(F.pad(x, (2, 2, 2, 2))))


@pytest.mark.parametrize(("in_channels", "num_classes"), [(1, 10), (3, 10), (3, 5)])
def test_lenet5_parameter_count(in_channels, num_classes):
    # C1, C3 (5x5 kernels with biases), then the 400-120-84-classes head.
    expected = (
        (in_channels * 25 + 1) * 6
        + (6 * 25 + 1) * 16
        + (400 + 1) * 120
        + (120 + 1) * 84
        + (84 + 1) * num_classes
    )
    assert count_parameters(LeNet5(in_channels, num_classes)) == expected


def test_lenet5_parameter_count_paper_value():
    assert count_parameters(LeNet5()) == 61_706


@pytest.mark.parametrize("batch", [1, 2])
@pytest.mark.parametrize("hw", [(17, 23), (30, 45), (16, 16), (32, 48), (4, 4), (5, 9)])
@pytest.mark.parametrize("out_channels", [1, 2])
def test_unet_keeps_height_and_width(batch, hw, out_channels):
    model = UNet(in_channels=3, out_channels=out_channels, features=(4, 8)).eval()
    assert model(torch.zeros(batch, 3, *hw)).shape == (batch, out_channels, *hw)


@pytest.mark.parametrize("hw", [(8, 8), (17, 23), (31, 33)])
def test_unet_three_levels(hw):
    model = UNet(in_channels=1, features=(2, 4, 8)).eval()
    assert model(torch.zeros(1, 1, *hw)).shape == (1, 1, *hw)


@pytest.mark.parametrize("hw", [(5, 5), (7, 9), (16, 16)])
@pytest.mark.parametrize(("c_in", "c_out"), [(1, 4), (3, 2)])
def test_double_conv_keeps_height_and_width(hw, c_in, c_out):
    assert DoubleConv(c_in, c_out)(torch.zeros(2, c_in, *hw)).shape == (2, c_out, *hw)


@pytest.mark.parametrize("hw", [(8, 8), (9, 7), (16, 16)])
@pytest.mark.parametrize(("c_in", "c_out", "stride"), [(4, 4, 1), (3, 8, 1), (4, 8, 2), (4, 4, 2)])
@pytest.mark.parametrize("residual", [True, False])
def test_residual_block_shape(hw, c_in, c_out, stride, residual):
    block = ResidualBlock(c_in, c_out, stride=stride, residual=residual)
    expected = tuple((s - 1) // stride + 1 for s in hw)  # 3x3 conv, padding 1: ceil(s / stride)
    assert block(torch.zeros(2, c_in, *hw)).shape == (2, c_out, *expected)


@pytest.mark.parametrize(
    ("c_in", "c_out", "stride", "projection"),
    [(4, 4, 1, False), (4, 8, 1, True), (4, 4, 2, True), (4, 8, 2, True)],
)
def test_residual_block_projects_only_when_the_shape_changes(c_in, c_out, stride, projection):
    block = ResidualBlock(c_in, c_out, stride=stride)
    assert isinstance(block.shortcut, nn.Sequential) is projection
    assert isinstance(block.shortcut, nn.Identity) is not projection
    plain = ResidualBlock(c_in, c_out, stride=stride, residual=False)
    assert isinstance(plain.shortcut, nn.Identity)
    assert count_parameters(plain) == count_parameters(block) - projection * (
        c_in * c_out + 2 * c_out
    )


def test_residual_block_convolutions_have_no_bias():
    block = ResidualBlock(4, 8, stride=2)
    assert all(m.bias is None for m in block.modules() if isinstance(m, nn.Conv2d))


def test_residual_block_with_a_silent_main_path_is_relu_of_its_input():
    # With the last BatchNorm's gamma (and beta) at zero the main path outputs zeros, so the
    # block computes ReLU(0 + x): the skip connection passes x through unchanged.
    x = _input((4, 3, 6, 6))
    block = ResidualBlock(3, 3)
    nn.init.zeros_(block.bn2.weight)
    assert torch.equal(block(x), torch.relu(x))
    plain = ResidualBlock(3, 3, residual=False)
    nn.init.zeros_(plain.bn2.weight)
    assert torch.equal(plain(x), torch.zeros_like(x))


@pytest.mark.parametrize("batch", [1, 3])
@pytest.mark.parametrize("size", [8, 9, 16, 28])
@pytest.mark.parametrize(
    ("in_channels", "num_classes", "channels", "num_blocks"),
    [(1, 10, (4, 8), 1), (3, 5, (4, 8, 16), 2), (1, 2, (6,), 3)],
)
@pytest.mark.parametrize("residual", [True, False])
def test_small_resnet_shape(batch, size, in_channels, num_classes, channels, num_blocks, residual):
    model = SmallResNet(
        in_channels, num_classes, channels=channels, num_blocks=num_blocks, residual=residual
    ).eval()  # eval mode: a batch of one is fine for BatchNorm
    assert model(torch.zeros(batch, in_channels, size, size)).shape == (batch, num_classes)


@pytest.mark.parametrize(("channels", "num_blocks"), [((16, 32, 64), 3), ((4, 8), 1), ((8,), 5)])
@pytest.mark.parametrize("residual", [True, False])
def test_small_resnet_depth(channels, num_blocks, residual):
    model = SmallResNet(channels=channels, num_blocks=num_blocks, residual=residual)
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    assert sum(c.kernel_size == (3, 3) for c in convs) == 2 * num_blocks * len(channels) + 1
    # A projection where each later stage starts (more channels, half the size).
    projections = (len(channels) - 1) if residual else 0
    assert sum(c.kernel_size == (1, 1) for c in convs) == projections
    assert model.fc.in_features == channels[-1]


def test_small_resnet_default_is_resnet20():
    model = SmallResNet()
    layers = [m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    assert len([m for m in layers if getattr(m, "kernel_size", None) != (1, 1)]) == 20


# ---------------------------------------------------------------------------------------------
# Gradients, overfitting, determinism


@pytest.mark.parametrize(("factory", "shape"), [m[1:] for m in MODELS], ids=MODEL_IDS)
def test_every_parameter_gets_a_finite_gradient(factory, shape):
    torch.manual_seed(0)
    model = factory().train()
    loss = model(_input(shape)).pow(2).mean()
    loss.backward()
    params = [(name, p) for name, p in model.named_parameters() if p.requires_grad]
    assert params
    for name, p in params:
        assert p.grad is not None, name
        assert torch.isfinite(p.grad).all(), name
    assert any(p.grad.abs().sum() > 0 for _, p in params)


def _overfit(model: nn.Module, x: torch.Tensor, y: torch.Tensor, steps: int, lr: float) -> float:
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(steps):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    return loss.item()


def test_mlp_overfits_eight_points():
    torch.manual_seed(0)
    x = torch.randn(8, 2)
    y = torch.tensor([0, 1, 1, 0, 1, 0, 0, 1])  # arbitrary labels: only memorising fits them
    model = MLP(2, (32, 32), 2)
    loss = _overfit(model, x, y, steps=300, lr=0.01)
    assert loss < 0.05
    assert torch.equal(model(x).argmax(1), y)


def test_lenet5_overfits_eight_images():
    torch.manual_seed(0)
    x = torch.randn(8, 1, 28, 28)
    y = torch.arange(8)
    model = LeNet5()
    loss = _overfit(model, x, y, steps=60, lr=3e-3)
    assert loss < 0.05
    assert torch.equal(model.eval()(x).argmax(1), y)


def test_unet_fits_a_tiny_segmentation_batch():
    from deeplearn_notes import make_segmentation_shapes

    torch.manual_seed(0)
    images, masks = make_segmentation_shapes(4, size=16, seed=0)
    model = UNet(features=(4, 8))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    loss_fn = nn.BCEWithLogitsLoss()
    losses = []
    for _ in range(40):
        optimizer.zero_grad()
        loss = loss_fn(model(images), masks)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0]


@pytest.mark.parametrize("residual", [True, False])
def test_small_resnet_overfits_eight_images(residual):
    torch.manual_seed(0)
    x = torch.randn(8, 1, 8, 8)
    y = torch.arange(8)
    model = SmallResNet(1, 8, channels=(8, 16), num_blocks=1, residual=residual)
    loss = _overfit(model, x, y, steps=60, lr=0.01)
    assert loss < 0.05
    assert torch.equal(model.eval()(x).argmax(1), y)


@pytest.mark.parametrize(("factory", "shape"), [m[1:] for m in MODELS], ids=MODEL_IDS)
def test_same_seed_gives_identical_outputs(factory, shape):
    outputs = []
    for _ in range(2):
        torch.manual_seed(123)
        model = factory()
        outputs.append(model(_input(shape)))  # train mode: dropout masks come from the seed too
    assert torch.equal(outputs[0], outputs[1])
    torch.manual_seed(124)
    assert not torch.equal(factory()(_input(shape)), outputs[0])


@pytest.mark.parametrize(("factory", "shape"), [m[1:] for m in MODELS], ids=MODEL_IDS)
def test_state_dict_round_trip(factory, shape):
    torch.manual_seed(0)
    source = factory()
    source(_input(shape, seed=1))  # a train-mode pass updates BatchNorm's running statistics
    torch.manual_seed(1)
    target = factory()
    target.load_state_dict(source.state_dict())
    source.eval()
    target.eval()
    x = _input(shape, seed=2)
    assert torch.equal(source(x), target(x))


def test_dropout_differs_between_train_and_eval():
    torch.manual_seed(0)
    model = MLP(16, (64,), 4, dropout=0.5)
    x = torch.randn(8, 16)
    model.train()
    assert not torch.equal(model(x), model(x))
    model.eval()
    first = model(x)
    assert torch.equal(first, model(x))
    # In eval mode dropout is the identity: Linear -> ReLU -> Linear by hand.
    hidden, output = model.layers[0], model.layers[-1]
    assert torch.equal(first, output(torch.relu(hidden(x))))


@pytest.mark.parametrize("residual", [True, False])
def test_batchnorm_differs_between_train_and_eval(residual):
    torch.manual_seed(0)
    model = SmallResNet(1, 4, channels=(4, 8), num_blocks=1, residual=residual)
    x = 2.0 + 3.0 * torch.randn(8, 1, 8, 8)
    bn = model.stem[1]
    # Training mode: each example's output depends on the rest of the batch (batch statistics),
    # and every forward pass moves the running averages.
    model.train()
    before = bn.running_mean.clone()
    assert not torch.allclose(model(x)[:2], model(x[:2]), atol=1e-5)
    assert not torch.equal(bn.running_mean, before)
    assert bn.num_batches_tracked.item() == 2
    # Evaluation mode: the running averages are used and left alone; examples are independent.
    model.eval()
    frozen = bn.running_mean.clone()
    assert torch.allclose(model(x)[:2], model(x[:2]), atol=1e-5)
    assert torch.equal(bn.running_mean, frozen)


@pytest.mark.parametrize(
    ("factory", "error", "match"),
    [
        (lambda: ResidualBlock(0, 4), ValueError, r"in_channels must be a positive int, got 0"),
        (lambda: ResidualBlock(4, 2.0), ValueError, r"out_channels .* got 2\.0"),
        (lambda: ResidualBlock(4, 4, stride=0), ValueError, r"stride .* got 0"),
        (
            lambda: ResidualBlock(4, 4, residual=1),
            TypeError,
            r"residual must be True or False, got 1",
        ),
        (
            lambda: ResidualBlock(3, 4)(torch.zeros(2, 4, 8, 8)),
            ValueError,
            r"ResidualBlock expects input of shape \(N, 3, H, W\), got \(2, 4, 8, 8\)",
        ),
        (lambda: ResidualBlock(3, 4)(torch.zeros(3, 8, 8)), ValueError, r"got \(3, 8, 8\)"),
        (lambda: SmallResNet(in_channels=0), ValueError, r"in_channels .* got 0"),
        (lambda: SmallResNet(num_classes=-1), ValueError, r"num_classes .* got -1"),
        (lambda: SmallResNet(channels=()), ValueError, r"channels must be .* got \(\)"),
        (lambda: SmallResNet(channels="16"), ValueError, r"got '16'"),
        (lambda: SmallResNet(channels=(8, 0)), ValueError, r"channels .* got 0"),
        (lambda: SmallResNet(num_blocks=0), ValueError, r"num_blocks .* got 0"),
        (lambda: SmallResNet(residual="no"), TypeError, r"residual .* got 'no'"),
        (
            lambda: SmallResNet(in_channels=1)(torch.zeros(2, 3, 8, 8)),
            ValueError,
            r"SmallResNet expects input of shape \(N, 1, H, W\), got \(2, 3, 8, 8\)",
        ),
    ],
)
def test_residual_models_reject_bad_arguments(factory, error, match):
    with pytest.raises(error, match=match):
        factory()

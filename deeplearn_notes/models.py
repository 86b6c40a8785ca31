"""The models the examples train: linear and softmax regression, an MLP, LeNet-5, ResNet, U-Net.

Every model returns raw outputs (logits for classifiers); the loss lives outside the model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
from torch import nn
from torch.nn import functional as F

__all__ = [
    "MLP",
    "DoubleConv",
    "LeNet5",
    "LinearRegression",
    "ResidualBlock",
    "SmallResNet",
    "SoftmaxRegression",
    "UNet",
]


def _check_positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return value


def _check_widths(name: str, value: object) -> tuple[int, ...]:
    """A non-empty sequence of positive ints, such as a network's channel counts."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or not value:
        raise ValueError(f"{name} must be a non-empty sequence of ints, got {value!r}")
    for width in value:
        _check_positive_int(f"every entry of {name}", width)
    return tuple(value)


class LinearRegression(nn.Module):
    """Linear regression, :math:`\\hat y = x W^T + b`.

    Parameters
    ----------
    in_features : int, default 1
        Number of input features.
    out_features : int, default 1
        Number of outputs.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes import LinearRegression
    >>> LinearRegression(3)(torch.zeros(5, 3)).shape
    torch.Size([5, 1])
    """

    def __init__(self, in_features: int = 1, out_features: int = 1) -> None:
        super().__init__()
        self.linear = nn.Linear(
            _check_positive_int("in_features", in_features),
            _check_positive_int("out_features", out_features),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x)  # (N, out_features)


class SoftmaxRegression(nn.Module):
    """Softmax (multinomial logistic) regression: one linear layer producing class logits.

    The input is flattened, so images of shape ``(N, C, H, W)`` work as they are. Apply
    ``torch.nn.CrossEntropyLoss`` to the logits; it contains the softmax.

    Parameters
    ----------
    in_features : int
        Number of input features after flattening (e.g. ``28 * 28``).
    num_classes : int
        Number of classes.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes import SoftmaxRegression
    >>> SoftmaxRegression(64, 10)(torch.zeros(2, 1, 8, 8)).shape
    torch.Size([2, 10])
    """

    def __init__(self, in_features: int, num_classes: int) -> None:
        super().__init__()
        self.linear = nn.Linear(
            _check_positive_int("in_features", in_features),
            _check_positive_int("num_classes", num_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = torch.flatten(x, start_dim=1)  # (N, in_features)
        return self.linear(x)  # (N, num_classes)


class MLP(nn.Module):
    """A multilayer perceptron: Linear → activation (→ Dropout) for each hidden layer, then Linear.

    The input is flattened, so images work as they are.

    Parameters
    ----------
    in_features : int
        Number of input features after flattening.
    hidden_sizes : sequence of int
        Width of each hidden layer, e.g. ``(128, 64)``; empty for a linear model.
    out_features : int
        Number of outputs (classes for a classifier).
    activation : callable returning an nn.Module, default nn.ReLU
        Called once per hidden layer to make its activation.
    dropout : float, default 0.0
        Dropout probability after each hidden activation; 0 disables it.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes import MLP
    >>> model = MLP(2, (10,), 2)
    >>> model(torch.zeros(4, 2)).shape
    torch.Size([4, 2])
    """

    def __init__(
        self,
        in_features: int,
        hidden_sizes: Sequence[int],
        out_features: int,
        *,
        activation: Callable[[], nn.Module] = nn.ReLU,
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        _check_positive_int("in_features", in_features)
        _check_positive_int("out_features", out_features)
        if isinstance(hidden_sizes, (str, bytes)) or not isinstance(hidden_sizes, Sequence):
            raise TypeError(
                f"hidden_sizes must be a sequence of ints such as (64, 32), got {hidden_sizes!r}"
            )
        for size in hidden_sizes:
            _check_positive_int("every hidden size", size)
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)):
            raise TypeError(f"dropout must be a float in [0, 1), got {dropout!r}")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {dropout!r}")
        if not callable(activation):
            raise TypeError(f"activation must be a callable such as nn.ReLU, got {activation!r}")

        layers: list[nn.Module] = []
        width = in_features
        for size in hidden_sizes:
            layers += [nn.Linear(width, size), activation()]
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            width = size
        layers.append(nn.Linear(width, out_features))
        self.layers = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = torch.flatten(x, start_dim=1)  # (N, in_features)
        return self.layers(x)  # (N, out_features)


class LeNet5(nn.Module):
    """LeNet-5 (LeCun et al., 1998): two convolution + pooling stages and a 120-84-classes head.

    The paper's network takes 32×32 images; MNIST-sized 28×28 inputs are zero-padded by two
    pixels on each side, as the paper did for its digits. Modern choices replace the paper's
    scaled tanh and trainable subsampling with ReLU and max pooling.

    Parameters
    ----------
    in_channels : int, default 1
        Channels of the input images.
    num_classes : int, default 10
        Number of classes.

    Raises
    ------
    ValueError
        In ``forward``, for an input whose shape is not ``(N, in_channels, 32, 32)`` or
        ``(N, in_channels, 28, 28)``.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes import LeNet5
    >>> LeNet5()(torch.zeros(2, 1, 28, 28)).shape
    torch.Size([2, 10])
    """

    input_sizes = (28, 32)

    def __init__(self, in_channels: int = 1, num_classes: int = 10) -> None:
        super().__init__()
        self.in_channels = _check_positive_int("in_channels", in_channels)
        _check_positive_int("num_classes", num_classes)
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, 6, kernel_size=5),  # C1
            nn.ReLU(),
            nn.MaxPool2d(2),  # S2
            nn.Conv2d(6, 16, kernel_size=5),  # C3
            nn.ReLU(),
            nn.MaxPool2d(2),  # S4
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120),  # C5
            nn.ReLU(),
            nn.Linear(120, 84),  # F6
            nn.ReLU(),
            nn.Linear(84, num_classes),  # output
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if (
            x.dim() != 4
            or x.shape[1] != self.in_channels
            or x.shape[2] != x.shape[3]
            or x.shape[2] not in self.input_sizes
        ):
            c = self.in_channels
            raise ValueError(
                f"LeNet5 expects input of shape (N, {c}, 28, 28) or (N, {c}, 32, 32), "
                f"got {tuple(x.shape)}"
            )
        if x.shape[-1] == 28:
            x = F.pad(x, (2, 2, 2, 2))  # (N, C, 32, 32)
        x = self.features(x)  # (N, 16, 5, 5)
        return self.classifier(x)  # (N, num_classes)


class ResidualBlock(nn.Module):
    """ResNet's basic block (He et al., 2016): two 3×3 convolutions with a skip connection.

    The main path is convolution → BatchNorm → ReLU → convolution → BatchNorm; the block adds its
    input to the result and applies a last ReLU, :math:`y = \\mathrm{ReLU}(\\mathcal{F}(x) + x)`.
    When the shape changes (``stride > 1`` or ``in_channels != out_channels``) the skip
    connection is a 1×1 convolution with the same stride, followed by BatchNorm (the paper's
    "projection shortcut"); otherwise it is the identity. The convolutions have no bias because
    the BatchNorm after each of them subtracts the mean, which would cancel a bias.

    Parameters
    ----------
    in_channels : int
        Channels of the input.
    out_channels : int
        Channels of the output.
    stride : int, default 1
        Stride of the first convolution and of the projection; 2 halves the height and width.
    residual : bool, default True
        ``False`` drops the skip connection, leaving the "plain" block that He et al. compare
        against: the same layers without the addition.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes.models import ResidualBlock
    >>> block = ResidualBlock(16, 16)
    >>> block(torch.zeros(2, 16, 8, 8)).shape
    torch.Size([2, 16, 8, 8])
    >>> type(block.shortcut).__name__
    'Identity'
    >>> down = ResidualBlock(16, 32, stride=2)
    >>> down(torch.zeros(2, 16, 8, 8)).shape
    torch.Size([2, 32, 4, 4])
    >>> down.shortcut[0]  # the projection, followed by BatchNorm2d(32)
    Conv2d(16, 32, kernel_size=(1, 1), stride=(2, 2), bias=False)
    """

    def __init__(
        self, in_channels: int, out_channels: int, stride: int = 1, *, residual: bool = True
    ) -> None:
        super().__init__()
        self.in_channels = _check_positive_int("in_channels", in_channels)
        _check_positive_int("out_channels", out_channels)
        _check_positive_int("stride", stride)
        if not isinstance(residual, bool):
            raise TypeError(f"residual must be True or False, got {residual!r}")
        self.residual = residual
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.shortcut: nn.Module = nn.Identity()
        if residual and (stride != 1 or in_channels != out_channels):
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 4 or x.shape[1] != self.in_channels:
            raise ValueError(
                f"ResidualBlock expects input of shape (N, {self.in_channels}, H, W), "
                f"got {tuple(x.shape)}"
            )
        out = F.relu(self.bn1(self.conv1(x)))  # (N, C_out, H / stride, W / stride)
        out = self.bn2(self.conv2(out))  # (N, C_out, H / stride, W / stride)
        if self.residual:
            out = out + self.shortcut(x)  # the skip connection: same shape as out
        return F.relu(out)


class SmallResNet(nn.Module):
    """A small ResNet for small images, as in the CIFAR experiments of He et al. (2016).

    A 3×3 convolution with BatchNorm and ReLU (the stem) is followed by one stage per entry of
    ``channels``; each stage stacks ``num_blocks`` :class:`ResidualBlock` s, and every stage after
    the first halves the height and width in its first block. Global average pooling and a linear
    layer give the logits. The network has ``2 * num_blocks * len(channels) + 2`` layers with
    weights (not counting the projections): the defaults give the layout of the paper's ResNet-20,
    with projection shortcuts where the shape changes. With ``residual=False`` the same layers are
    stacked without skip connections (the paper's "plain" network), so the two can be compared at
    equal depth.

    Parameters
    ----------
    in_channels : int, default 1
        Channels of the input images.
    num_classes : int, default 10
        Number of classes.
    channels : sequence of int, default (16, 32, 64)
        Channels of each stage.
    num_blocks : int, default 3
        Residual blocks per stage.
    residual : bool, default True
        Whether the blocks have skip connections.

    Raises
    ------
    ValueError
        In ``forward``, for an input whose shape is not ``(N, in_channels, H, W)``.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes.models import SmallResNet
    >>> model = SmallResNet(in_channels=1, num_classes=10)
    >>> model(torch.zeros(2, 1, 16, 16)).shape
    torch.Size([2, 10])
    >>> convs = [m for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    >>> sum(c.kernel_size == (3, 3) for c in convs), sum(c.kernel_size == (1, 1) for c in convs)
    (19, 2)

    19 3×3 convolutions and the linear layer make 20 layers; the two 1×1 convolutions are the
    projections of the blocks that change the shape.
    """

    def __init__(
        self,
        in_channels: int = 1,
        num_classes: int = 10,
        *,
        channels: Sequence[int] = (16, 32, 64),
        num_blocks: int = 3,
        residual: bool = True,
    ) -> None:
        super().__init__()
        self.in_channels = _check_positive_int("in_channels", in_channels)
        _check_positive_int("num_classes", num_classes)
        _check_widths("channels", channels)
        _check_positive_int("num_blocks", num_blocks)
        if not isinstance(residual, bool):
            raise TypeError(f"residual must be True or False, got {residual!r}")

        self.stem = nn.Sequential(
            nn.Conv2d(in_channels, channels[0], 3, padding=1, bias=False),
            nn.BatchNorm2d(channels[0]),
            nn.ReLU(inplace=True),
        )
        blocks: list[nn.Module] = []
        width = channels[0]
        for stage, c in enumerate(channels):
            for i in range(num_blocks):
                stride = 2 if stage > 0 and i == 0 else 1
                blocks.append(ResidualBlock(width, c, stride, residual=residual))
                width = c
        self.blocks = nn.Sequential(*blocks)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(width, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 4 or x.shape[1] != self.in_channels:
            raise ValueError(
                f"SmallResNet expects input of shape (N, {self.in_channels}, H, W), "
                f"got {tuple(x.shape)}"
            )
        x = self.stem(x)  # (N, channels[0], H, W)
        x = self.blocks(x)  # (N, channels[-1], H / 2**(stages - 1), W / 2**(stages - 1))
        x = torch.flatten(self.pool(x), 1)  # (N, channels[-1])
        return self.fc(x)  # (N, num_classes)


class DoubleConv(nn.Sequential):
    """U-Net's basic block: (3×3 convolution → BatchNorm → ReLU) twice.

    Padding keeps the height and width (the original paper used unpadded convolutions and
    cropped the skip connections instead).

    Parameters
    ----------
    in_channels : int
    out_channels : int
    """

    def __init__(self, in_channels: int, out_channels: int) -> None:
        _check_positive_int("in_channels", in_channels)
        _check_positive_int("out_channels", out_channels)
        super().__init__(
            nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
            nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
        )


class UNet(nn.Module):
    """U-Net (Ronneberger et al., 2015) for image segmentation.

    The encoder applies a :class:`DoubleConv` and 2×2 max pooling per level; the decoder upsamples
    with transposed convolutions and concatenates the encoder's feature map of the same level
    (the skip connection) before its :class:`DoubleConv`; a 1×1 convolution gives the output.
    Inputs whose height or width is not a multiple of ``2 ** len(features)`` work too: each
    upsampled map is resized to its skip connection's size, so the output keeps the input's
    height and width.

    Parameters
    ----------
    in_channels : int, default 3
        Channels of the input images.
    out_channels : int, default 1
        Output channels (1 for a binary mask; apply ``BCEWithLogitsLoss`` to the logits).
    features : sequence of int, default (64, 128, 256, 512)
        Channels at each encoder level; the bottleneck has twice the last.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes import UNet
    >>> UNet(features=(4, 8))(torch.zeros(1, 3, 30, 45)).shape
    torch.Size([1, 1, 30, 45])
    """

    def __init__(
        self,
        in_channels: int = 3,
        out_channels: int = 1,
        features: Sequence[int] = (64, 128, 256, 512),
    ) -> None:
        super().__init__()
        self.in_channels = _check_positive_int("in_channels", in_channels)
        _check_positive_int("out_channels", out_channels)
        _check_widths("features", features)

        self.downs = nn.ModuleList()
        channels = in_channels
        for f in features:
            self.downs.append(DoubleConv(channels, f))
            channels = f
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.bottleneck = DoubleConv(features[-1], features[-1] * 2)
        self.ups = nn.ModuleList()
        for f in reversed(features):
            self.ups.append(nn.ConvTranspose2d(f * 2, f, kernel_size=2, stride=2))
            self.ups.append(DoubleConv(f * 2, f))
        self.final_conv = nn.Conv2d(features[0], out_channels, kernel_size=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 4 or x.shape[1] != self.in_channels:
            raise ValueError(
                f"UNet expects input of shape (N, {self.in_channels}, H, W), got {tuple(x.shape)}"
            )
        min_size = 2 ** len(self.downs)
        if min(x.shape[-2:]) < min_size:
            raise ValueError(
                f"UNet with {len(self.downs)} levels needs height and width >= {min_size}, "
                f"got {tuple(x.shape[-2:])}"
            )
        skips = []
        for down in self.downs:
            x = down(x)  # (N, f, H_l, W_l)
            skips.append(x)
            x = self.pool(x)  # (N, f, H_l // 2, W_l // 2)
        x = self.bottleneck(x)  # (N, 2 * features[-1], ., .)
        for i in range(0, len(self.ups), 2):
            skip = skips.pop()
            x = self.ups[i](x)  # (N, f, 2 * ., 2 * .)
            if x.shape[-2:] != skip.shape[-2:]:
                # Odd sizes were floored by pooling; bring the map back to its skip's size.
                x = F.interpolate(x, size=skip.shape[-2:], mode="nearest")
            x = self.ups[i + 1](torch.cat((skip, x), dim=1))  # (N, f, H_l, W_l)
        return self.final_conv(x)  # (N, out_channels, H, W)

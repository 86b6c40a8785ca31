"""Tests for deeplearn_notes.utils: devices, seeds, one-hot encoding and shape arithmetic."""

import itertools
import os
import random
import re
from collections.abc import Iterator

import numpy as np
import pytest
import torch
from torch import nn

from deeplearn_notes import conv_output_size, count_parameters, get_device, one_hot, seed_everything

# ---------------------------------------------------------------------------------------------
# get_device


def test_get_device_default_picks_cuda_only_when_available():
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert get_device().type == expected


@pytest.mark.parametrize("prefer", ["cpu", torch.device("cpu"), "cpu:0"])
def test_get_device_cpu(prefer):
    device = get_device(prefer)
    assert isinstance(device, torch.device)
    assert device.type == "cpu"


@pytest.mark.parametrize("prefer", ["gpu", "tpu", 3, "cuda:x", "mps", "", 2.5])
def test_get_device_rejects_unknown_names(prefer):
    with pytest.raises(ValueError, match=re.escape(repr(prefer))):
        get_device(prefer)


@pytest.mark.skipif(torch.cuda.is_available(), reason="CUDA is available here")
@pytest.mark.parametrize("prefer", ["cuda", "cuda:0", torch.device("cuda", 1)])
def test_get_device_cuda_without_gpu_raises(prefer):
    with pytest.raises(RuntimeError, match="no CUDA device is available"):
        get_device(prefer)


# ---------------------------------------------------------------------------------------------
# seed_everything


@pytest.fixture
def restore_determinism() -> Iterator[None]:
    """Put PyTorch's global determinism switches and the cuBLAS variable back after a test."""
    algorithms = torch.are_deterministic_algorithms_enabled()
    cudnn_deterministic = torch.backends.cudnn.deterministic
    cudnn_benchmark = torch.backends.cudnn.benchmark
    cublas = os.environ.get("CUBLAS_WORKSPACE_CONFIG")
    yield
    torch.use_deterministic_algorithms(algorithms)
    torch.backends.cudnn.deterministic = cudnn_deterministic
    torch.backends.cudnn.benchmark = cudnn_benchmark
    if cublas is None:
        os.environ.pop("CUBLAS_WORKSPACE_CONFIG", None)
    else:
        os.environ["CUBLAS_WORKSPACE_CONFIG"] = cublas


def _draw() -> tuple[float, float, torch.Tensor]:
    return random.random(), np.random.rand(), torch.rand(3)  # noqa: NPY002 -- the global RNG


@pytest.mark.usefixtures("restore_determinism")
@pytest.mark.parametrize(
    "seed", [0, 1234, np.int64(7), 2**32 - 1], ids=["0", "1234", "np.int64", "max"]
)
def test_seed_everything_repeats_every_generator(seed):
    seed_everything(seed)
    first = _draw()
    seed_everything(seed)
    second = _draw()
    assert first[0] == second[0]
    assert first[1] == second[1]
    assert torch.equal(first[2], second[2])


@pytest.mark.usefixtures("restore_determinism")
def test_seed_everything_different_seeds_differ():
    seed_everything(0)
    first = _draw()
    seed_everything(1)
    second = _draw()
    assert first[0] != second[0]
    assert first[1] != second[1]
    assert not torch.equal(first[2], second[2])


@pytest.mark.usefixtures("restore_determinism")
def test_seed_everything_deterministic_flag():
    seed_everything(0, deterministic=True)
    assert torch.are_deterministic_algorithms_enabled()
    assert torch.backends.cudnn.deterministic
    assert not torch.backends.cudnn.benchmark
    assert "CUBLAS_WORKSPACE_CONFIG" in os.environ
    seed_everything(0, deterministic=False)
    assert not torch.are_deterministic_algorithms_enabled()
    assert not torch.backends.cudnn.deterministic


# ---------------------------------------------------------------------------------------------
# one_hot


def test_one_hot_values():
    encoded = one_hot(torch.tensor([0, 2, 1]), 3)
    assert encoded.dtype == torch.float32
    assert torch.equal(encoded, torch.tensor([[1.0, 0, 0], [0, 0, 1], [0, 1, 0]]))


@pytest.mark.parametrize("dtype", [torch.int64, torch.int32, torch.uint8])
@pytest.mark.parametrize("shape", [(5,), (2, 3), (0,)])
def test_one_hot_shape_and_rows(dtype, shape):
    labels = torch.randint(0, 4, shape, generator=torch.Generator().manual_seed(0)).to(dtype)
    encoded = one_hot(labels, 4)
    assert encoded.shape == (*shape, 4)
    assert torch.equal(encoded.sum(-1), torch.ones(shape))
    if labels.numel():
        assert torch.equal(encoded.argmax(-1), labels.long())


# ---------------------------------------------------------------------------------------------
# conv_output_size


def _integer_cases() -> list[tuple[int, int, int, int, int]]:
    cases = []
    for w, f, s, p, d in itertools.product((7, 28, 32), (1, 2, 3, 5), (1, 2, 3), (0, 1, 2), (1, 2)):
        span = w - (d * (f - 1) + 1) + 2 * p
        if span >= 0 and span % s == 0:
            cases.append((w, f, s, p, d))
    return cases


@pytest.mark.parametrize(("w", "f", "s", "p", "d"), _integer_cases())
def test_conv_output_size_matches_pytorch(w, f, s, p, d):
    expected = conv_output_size(w, f, stride=s, padding=p, dilation=d)
    x = torch.zeros(1, 1, w, w)
    conv = nn.Conv2d(1, 1, f, stride=s, padding=p, dilation=d)
    assert conv(x).shape[-1] == expected
    if 2 * p <= f:  # MaxPool2d allows padding of at most half the kernel
        pool = nn.MaxPool2d(f, stride=s, padding=p, dilation=d)
        assert pool(x).shape[-1] == expected


def test_conv_output_size_lenet_examples():
    assert conv_output_size(32, 5) == 28
    assert conv_output_size(28, 2, stride=2) == 14
    assert conv_output_size(28, 3, padding=1) == 28


@pytest.mark.parametrize(
    ("args", "kwargs", "value"),
    [
        ((28, 5), {"stride": 2}, "12.5"),
        ((8, 3), {"stride": 3}, "2.66667"),
        ((7, 2), {"stride": 2}, "3.5"),
    ],
)
def test_conv_output_size_non_integer(args, kwargs, value):
    with pytest.raises(ValueError, match=rf"{re.escape(value)} is not an integer"):
        conv_output_size(*args, **kwargs)


@pytest.mark.parametrize(
    ("args", "kwargs"), [((3, 5), {}), ((4, 3), {"dilation": 3}), ((2, 7), {"padding": 2})]
)
def test_conv_output_size_collapses_below_one(args, kwargs):
    with pytest.raises(ValueError, match="smaller than 1"):
        conv_output_size(*args, **kwargs)


# ---------------------------------------------------------------------------------------------
# count_parameters


def test_count_parameters_trainable_only():
    model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1))  # 8 + 3 parameters
    assert count_parameters(model) == 11
    model[0].requires_grad_(False)
    assert count_parameters(model) == 3
    assert count_parameters(model, trainable_only=True) == 3
    assert count_parameters(model, trainable_only=False) == 11


def test_count_parameters_no_parameters():
    assert count_parameters(nn.ReLU()) == 0

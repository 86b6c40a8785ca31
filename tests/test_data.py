"""Tests for deeplearn_notes.data: synthetic sets, the digits, splits, loaders and MNIST files."""

import re
import struct
import urllib.error
from pathlib import Path

import numpy as np
import pytest
import torch
import torchvision.datasets.mnist
from torch.utils.data import TensorDataset

from deeplearn_notes import (
    load_digits,
    load_mnist,
    make_circles,
    make_loaders,
    make_regression_1d,
    make_segmentation_shapes,
    make_two_blobs,
    train_test_split,
)

# ---------------------------------------------------------------------------------------------
# Synthetic data

GENERATORS = {
    "regression": lambda seed: make_regression_1d(20, seed=seed),
    "blobs": lambda seed: make_two_blobs(10, seed=seed),
    "circles": lambda seed: make_circles(30, seed=seed),
    "shapes": lambda seed: make_segmentation_shapes(3, size=16, seed=seed),
}


@pytest.mark.parametrize("name", GENERATORS)
def test_same_seed_same_data_other_seed_other_data(name):
    first, second, other = (GENERATORS[name](seed) for seed in (0, 0, 1))
    assert all(torch.equal(a, b) for a, b in zip(first, second, strict=True))
    assert not all(torch.equal(a, b) for a, b in zip(first, other, strict=True))


@pytest.mark.parametrize("n", [2, 50])
@pytest.mark.parametrize("fn", ["square", "linear", "sine"])
def test_make_regression_1d_shapes(n, fn):
    x, y = make_regression_1d(n, fn=fn)
    assert x.shape == y.shape == (n, 1)
    assert x.dtype == y.dtype == torch.float32
    assert x.min().item() == -1.0
    assert x.max().item() == 1.0
    assert torch.all(x[1:] > x[:-1])


@pytest.mark.parametrize(
    ("fn", "truth"),
    [
        ("square", lambda x: x**2),
        ("linear", lambda x: 2 * x + 3),
        ("sine", lambda x: torch.sin(torch.pi * x)),
    ],
)
def test_make_regression_1d_noise(fn, truth):
    x, y = make_regression_1d(200, noise=0.0, fn=fn)
    assert torch.allclose(y, truth(x))
    x, y = make_regression_1d(2000, noise=0.1, fn=fn)
    assert (y - truth(x)).std().item() == pytest.approx(0.1, rel=0.1)


@pytest.mark.parametrize("n_per_class", [1, 25])
def test_make_two_blobs(n_per_class):
    x, y = make_two_blobs(n_per_class, spread=0.5)
    assert x.shape == (2 * n_per_class, 2)
    assert y.shape == (2 * n_per_class,)
    assert x.dtype == torch.float32
    assert y.dtype == torch.int64
    assert torch.equal(y, torch.tensor([0] * n_per_class + [1] * n_per_class))
    assert (x[y == 0] > 0).float().mean() > 0.9  # class 0 around (2, 2)
    assert (x[y == 1] < 0).float().mean() > 0.9  # class 1 around (-2, -2)


@pytest.mark.parametrize("n", [2, 31, 100])
def test_make_circles(n):
    x, y = make_circles(n, noise=0.0, factor=0.5)
    assert x.shape == (n, 2)
    assert y.shape == (n,)
    assert x.dtype == torch.float32
    assert y.dtype == torch.int64
    assert set(y.tolist()) <= {0, 1}
    radius = x.norm(dim=1)
    assert torch.allclose(radius[y == 0], torch.ones(1), atol=1e-5)
    assert torch.allclose(radius[y == 1], torch.full((1,), 0.5), atol=1e-5)


@pytest.mark.parametrize(("n", "size"), [(1, 16), (4, 24)])
def test_make_segmentation_shapes(n, size):
    images, masks = make_segmentation_shapes(n, size=size)
    assert images.shape == (n, 3, size, size)
    assert masks.shape == (n, 1, size, size)
    assert images.dtype == masks.dtype == torch.float32
    assert images.min() >= 0
    assert images.max() <= 1
    assert set(masks.unique().tolist()) <= {0.0, 1.0}
    assert (masks.flatten(1).sum(1) > 0).all()  # every image holds at least one shape
    # Shapes are brighter than the background in every channel.
    inside = images.mean(1, keepdim=True)[masks.bool()]
    outside = images.mean(1, keepdim=True)[~masks.bool()]
    assert inside.mean() > outside.mean() + 0.2


# ---------------------------------------------------------------------------------------------
# train_test_split


@pytest.mark.parametrize(("n", "fraction", "n_test"), [(10, 0.2, 2), (10, 0.5, 5), (7, 0.3, 2)])
def test_train_test_split_lengths_and_alignment(n, fraction, n_test):
    a = torch.arange(n)
    b = torch.arange(n) * 10
    c = torch.arange(2 * n).reshape(n, 2)
    a_train, a_test, b_train, b_test, c_train, c_test = train_test_split(
        a, b, c, test_fraction=fraction, seed=0
    )
    assert len(a_test) == len(b_test) == len(c_test) == n_test
    assert len(a_train) == len(b_train) == len(c_train) == n - n_test
    assert torch.equal(b_train, a_train * 10)
    assert torch.equal(b_test, a_test * 10)
    assert torch.equal(c_test[:, 0], 2 * a_test)
    assert sorted(torch.cat((a_train, a_test)).tolist()) == list(range(n))


def test_train_test_split_is_seeded():
    x = torch.arange(50)
    first = train_test_split(x, test_fraction=0.2, seed=0)
    again = train_test_split(x, test_fraction=0.2, seed=0)
    other = train_test_split(x, test_fraction=0.2, seed=1)
    assert all(torch.equal(p, q) for p, q in zip(first, again, strict=True))
    assert not torch.equal(first[1], other[1])


# ---------------------------------------------------------------------------------------------
# load_digits


@pytest.fixture(scope="module")
def digits() -> tuple[TensorDataset, TensorDataset]:
    return load_digits()


def test_load_digits_28(digits):
    train, test = digits
    assert (len(train), len(test)) == (1438, 359)
    x_train, y_train = train.tensors
    x_test, y_test = test.tensors
    assert x_train.shape == (1438, 1, 28, 28)
    assert x_test.shape == (359, 1, 28, 28)
    assert x_train.dtype == torch.float32
    assert y_train.dtype == torch.int64
    assert set(y_train.tolist()) == set(y_test.tolist()) == set(range(10))
    assert x_train.mean().item() == pytest.approx(0.0, abs=1e-5)
    assert x_train.std().item() == pytest.approx(1.0, abs=1e-5)
    image, label = train[0]
    assert image.shape == (1, 28, 28)
    assert 0 <= label.item() <= 9


def test_load_digits_original_size():
    train, test = load_digits(size=8, test_fraction=0.5, seed=3)
    assert train[0][0].shape == test[0][0].shape == (1, 8, 8)
    assert len(train) + len(test) == 1797
    x_train = train.tensors[0]
    assert x_train.mean().item() == pytest.approx(0.0, abs=1e-5)
    assert x_train.std().item() == pytest.approx(1.0, abs=1e-5)


# ---------------------------------------------------------------------------------------------
# make_loaders


def _order(loader) -> list[int]:
    return torch.cat([x for x, _ in loader]).tolist()


def test_make_loaders_shuffles_training_data_deterministically():
    data = TensorDataset(torch.arange(40), torch.zeros(40))
    train, test = make_loaders(data, data, batch_size=8, seed=0)
    train_again, _ = make_loaders(data, data, batch_size=8, seed=0)
    train_other, _ = make_loaders(data, data, batch_size=8, seed=1)
    first = _order(train)
    assert first == _order(train_again)
    assert sorted(first) == list(range(40))
    assert first != list(range(40))
    assert first != _order(train_other)
    assert _order(test) == list(range(40))  # the test loader keeps the order...
    assert _order(test) == list(range(40))  # ...on every pass
    assert train.batch_size == test.batch_size == 8


# ---------------------------------------------------------------------------------------------
# load_mnist on tiny IDX files written here


def _write_idx(root: Path, name: str, n_train: int = 3, n_test: int = 2) -> None:
    raw = root / name / "raw"
    raw.mkdir(parents=True)
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        images = (np.arange(n * 28 * 28) % 256).astype(np.uint8).reshape(n, 28, 28)
        header = struct.pack(">iiii", 2051, n, 28, 28)  # magic, count, rows, columns
        (raw / f"{prefix}-images-idx3-ubyte").write_bytes(header + images.tobytes())
        labels = bytes([(7 * i) % 10 for i in range(n)])
        (raw / f"{prefix}-labels-idx1-ubyte").write_bytes(struct.pack(">ii", 2049, n) + labels)


@pytest.mark.parametrize(
    ("fashion", "name", "mean", "std"),
    [(False, "MNIST", 0.1307, 0.3081), (True, "FashionMNIST", 0.2860, 0.3530)],
)
@pytest.mark.parametrize(("train", "length"), [(True, 3), (False, 2)])
def test_load_mnist_reads_idx_files(tmp_path, fashion, name, mean, std, train, length):
    _write_idx(tmp_path, name)
    dataset = load_mnist(tmp_path, train=train, fashion=fashion)
    assert len(dataset) == length
    image, label = dataset[1]
    assert image.shape == (1, 28, 28)
    assert image.dtype == torch.float32
    assert label == 7
    pixels = torch.from_numpy((np.arange(784, 2 * 784) % 256).astype(np.float32)).reshape(1, 28, 28)
    assert torch.allclose(image, (pixels / 255 - mean) / std, atol=1e-5)


@pytest.mark.parametrize(("fashion", "name"), [(False, "MNIST"), (True, "FashionMNIST")])
def test_load_mnist_missing_files(tmp_path, fashion, name):
    with pytest.raises(FileNotFoundError, match="download=True") as info:
        load_mnist(str(tmp_path), fashion=fashion)
    message = str(info.value)
    assert str(tmp_path / name / "raw") in message
    assert "train-images-idx3-ubyte" in message


def test_load_mnist_one_missing_file(tmp_path):
    _write_idx(tmp_path, "MNIST")
    (tmp_path / "MNIST" / "raw" / "t10k-labels-idx1-ubyte").unlink()
    with pytest.raises(FileNotFoundError, match=r"missing from .*: t10k-labels-idx1-ubyte\."):
        load_mnist(tmp_path)


@pytest.mark.parametrize(("fashion", "name"), [(False, "MNIST"), (True, "FashionMNIST")])
def test_load_mnist_failed_download(tmp_path, monkeypatch, fashion, name):
    calls = []

    def offline(url, *args, **kwargs):
        calls.append(url)
        raise urllib.error.URLError("no network in the tests")

    monkeypatch.setattr(torchvision.datasets.mnist, "download_and_extract_archive", offline)
    with pytest.raises(RuntimeError, match=f"could not download {name}") as info:
        load_mnist(tmp_path, fashion=fashion, download=True)
    assert calls  # the download was attempted (and never reached the network)
    error = info.value
    assert str(tmp_path / name / "raw") in str(error)
    assert re.search("download=False", str(error))
    assert error.__cause__ is None
    assert error.__suppress_context__

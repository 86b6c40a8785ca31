"""Data for the examples: small synthetic sets, scikit-learn's digits, and the real MNIST loader.

Everything here works offline. The digits (1,797 real 8×8 handwritten digits) ship inside
scikit-learn; MNIST and FashionMNIST are downloaded only when asked (``download=True``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.nn import functional as F
from torch.utils.data import DataLoader, TensorDataset

__all__ = [
    "load_digits",
    "load_mnist",
    "make_circles",
    "make_loaders",
    "make_regression_1d",
    "make_segmentation_shapes",
    "make_two_blobs",
    "train_test_split",
]

_REGRESSION_FNS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "square": lambda x: x.pow(2),
    "linear": lambda x: 2 * x + 3,
    "sine": lambda x: torch.sin(torch.pi * x),
}

# Mean and standard deviation of the training images, as the torchvision docs list them.
_MNIST_STATS = {"MNIST": (0.1307, 0.3081), "FashionMNIST": (0.2860, 0.3530)}


def _check_count(name: str, value: object, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")
    return value


def _check_fraction(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise ValueError(f"{name} must be a float strictly between 0 and 1, got {value!r}")
    return float(value)


def _generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def make_regression_1d(
    n: int = 100, *, noise: float = 0.1, fn: str = "square", seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """Noisy samples of a 1-D function on evenly spaced points in ``[-1, 1]``.

    Parameters
    ----------
    n : int, default 100
        Number of points.
    noise : float, default 0.1
        Standard deviation of the Gaussian noise added to ``y``.
    fn : {"square", "linear", "sine"}, default "square"
        ``x**2`` (the seed notes' regression), ``2x + 3``, or ``sin(pi x)``.
    seed : int, default 0

    Returns
    -------
    x, y : torch.Tensor
        ``float32`` column tensors of shape ``(n, 1)``.

    Examples
    --------
    >>> from deeplearn_notes import make_regression_1d
    >>> x, y = make_regression_1d(50)
    >>> x.shape, y.shape
    (torch.Size([50, 1]), torch.Size([50, 1]))
    """
    _check_count("n", n, minimum=2)
    if fn not in _REGRESSION_FNS:
        raise ValueError(f"fn must be one of {sorted(_REGRESSION_FNS)}, got {fn!r}")
    if isinstance(noise, bool) or not isinstance(noise, (int, float)) or noise < 0:
        raise ValueError(f"noise must be a non-negative float, got {noise!r}")
    x = torch.linspace(-1, 1, n).unsqueeze(1)  # (n, 1): models expect (batch, features)
    y = _REGRESSION_FNS[fn](x) + noise * torch.randn(x.shape, generator=_generator(seed))
    return x, y


def make_two_blobs(
    n_per_class: int = 100, *, spread: float = 1.0, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """Two Gaussian clusters around (2, 2) (class 0) and (-2, -2) (class 1).

    Parameters
    ----------
    n_per_class : int, default 100
    spread : float, default 1.0
        Standard deviation of each cluster.
    seed : int, default 0

    Returns
    -------
    x : torch.Tensor
        ``float32``, shape ``(2 * n_per_class, 2)``.
    y : torch.Tensor
        ``int64`` class indices, shape ``(2 * n_per_class,)``.
    """
    _check_count("n_per_class", n_per_class)
    if isinstance(spread, bool) or not isinstance(spread, (int, float)) or spread <= 0:
        raise ValueError(f"spread must be a positive float, got {spread!r}")
    gen = _generator(seed)
    centre = torch.ones(n_per_class, 2)
    x0 = torch.normal(2 * centre, spread, generator=gen)
    x1 = torch.normal(-2 * centre, spread, generator=gen)
    x = torch.cat((x0, x1))  # (2n, 2)
    y = torch.cat((torch.zeros(n_per_class), torch.ones(n_per_class))).long()  # (2n,)
    return x, y


def make_circles(
    n: int = 500, *, noise: float = 0.1, factor: float = 0.5, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """Two concentric circles (scikit-learn's ``make_circles``) as tensors.

    Parameters
    ----------
    n : int, default 500
        Total number of points.
    noise : float, default 0.1
        Standard deviation of the Gaussian noise.
    factor : float, default 0.5
        Radius of the inner circle relative to the outer one, in ``(0, 1)``.
    seed : int, default 0

    Returns
    -------
    x : torch.Tensor
        ``float32``, shape ``(n, 2)``.
    y : torch.Tensor
        ``int64``, shape ``(n,)``: 0 for the outer circle, 1 for the inner one.
    """
    from sklearn.datasets import make_circles as sk_make_circles

    _check_count("n", n, minimum=2)
    _check_fraction("factor", factor)
    if isinstance(noise, bool) or not isinstance(noise, (int, float)) or noise < 0:
        raise ValueError(f"noise must be a non-negative float, got {noise!r}")
    x, y = sk_make_circles(n_samples=n, noise=noise, factor=factor, random_state=seed)
    return torch.from_numpy(x).float(), torch.from_numpy(y).long()


def make_segmentation_shapes(
    n: int = 64, *, size: int = 64, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """Images of random discs and rectangles on a noisy background, with their masks.

    A segmentation task small enough to train a U-Net on a CPU in seconds.

    Parameters
    ----------
    n : int, default 64
        Number of images.
    size : int, default 64
        Height and width (at least 16).
    seed : int, default 0

    Returns
    -------
    images : torch.Tensor
        ``float32``, shape ``(n, 3, size, size)``, values in ``[0, 1]``.
    masks : torch.Tensor
        ``float32``, shape ``(n, 1, size, size)``, 1 inside a shape and 0 outside.
    """
    _check_count("n", n)
    _check_count("size", size, minimum=16)
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:size, 0:size]
    images = np.empty((n, 3, size, size), dtype=np.float32)
    masks = np.zeros((n, 1, size, size), dtype=np.float32)
    for i in range(n):
        mask = np.zeros((size, size), dtype=bool)
        for _ in range(rng.integers(1, 4)):
            cy, cx = rng.integers(size // 8, size - size // 8, 2)
            r = rng.integers(size // 10, size // 4)
            if rng.random() < 0.5:
                mask |= (rows - cy) ** 2 + (cols - cx) ** 2 <= r**2
            else:
                mask |= (np.abs(rows - cy) <= r) & (np.abs(cols - cx) <= r * 0.6)
        background = rng.uniform(0.0, 0.4, 3)[:, None, None]
        foreground = rng.uniform(0.6, 1.0, 3)[:, None, None]
        image = np.where(mask, foreground, background)
        image = image + rng.normal(0, 0.08, (3, size, size))
        images[i] = np.clip(image, 0, 1)
        masks[i, 0] = mask
    return torch.from_numpy(images), torch.from_numpy(masks)


def train_test_split(*tensors: torch.Tensor, test_fraction: float, seed: int) -> list[torch.Tensor]:
    """Split tensors along their first dimension into a random train and test part.

    Parameters
    ----------
    *tensors : torch.Tensor
        One or more tensors with the same length.
    test_fraction : float
        Share of the rows that go to the test part, strictly between 0 and 1.
    seed : int
        Seed of the random permutation.

    Returns
    -------
    list of torch.Tensor
        ``[a_train, a_test, b_train, b_test, ...]``, in the order of scikit-learn's function.

    Raises
    ------
    ValueError
        If no tensor is given, the lengths differ, or a part would be empty.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes import train_test_split
    >>> x_train, x_test, y_train, y_test = train_test_split(
    ...     torch.arange(10), torch.arange(10), test_fraction=0.2, seed=0)
    >>> len(x_train), len(x_test), bool((x_train == y_train).all())
    (8, 2, True)
    """
    if not tensors:
        raise ValueError("train_test_split needs at least one tensor")
    lengths = {len(t) for t in tensors}
    if len(lengths) != 1:
        raise ValueError(
            f"all tensors must have the same length, got lengths {[len(t) for t in tensors]}"
        )
    fraction = _check_fraction("test_fraction", test_fraction)
    n = lengths.pop()
    n_test = round(n * fraction)
    if n_test == 0 or n_test == n:
        raise ValueError(
            f"test_fraction={test_fraction} of {n} rows leaves an empty train or test part"
        )
    order = torch.randperm(n, generator=_generator(seed))
    test_idx, train_idx = order[:n_test], order[n_test:]
    parts: list[torch.Tensor] = []
    for t in tensors:
        parts += [t[train_idx], t[test_idx]]
    return parts


def load_digits(
    *, size: int = 28, test_fraction: float = 0.2, seed: int = 0
) -> tuple[TensorDataset, TensorDataset]:
    """scikit-learn's handwritten digits as normalised image datasets.

    The 1,797 8×8 images (ten classes) ship with scikit-learn, so this works offline. They are
    scaled to ``[0, 1]``, resized to ``size × size`` with bilinear interpolation (28 gives
    MNIST's shape), and standardised with the training part's mean and standard deviation.

    Parameters
    ----------
    size : int, default 28
        Height and width of the returned images (8 keeps the originals).
    test_fraction : float, default 0.2
    seed : int, default 0
        Seed of the train/test split.

    Returns
    -------
    train, test : torch.utils.data.TensorDataset
        Each yields ``(image, label)`` with images ``float32`` of shape ``(1, size, size)`` and
        labels ``int64`` in ``[0, 9]``.

    Examples
    --------
    >>> from deeplearn_notes import load_digits
    >>> train, test = load_digits()
    >>> len(train), len(test), tuple(train[0][0].shape)
    (1438, 359, (1, 28, 28))
    """
    from sklearn.datasets import load_digits as sk_load_digits

    _check_count("size", size, minimum=8)
    digits = sk_load_digits()
    images = torch.from_numpy(digits.images).float().div_(16.0).unsqueeze(1)  # (1797, 1, 8, 8)
    if size != 8:
        images = F.interpolate(images, size=(size, size), mode="bilinear", align_corners=False)
    labels = torch.from_numpy(digits.target).long()
    x_train, x_test, y_train, y_test = train_test_split(
        images, labels, test_fraction=test_fraction, seed=seed
    )
    mean, std = x_train.mean(), x_train.std()
    return (
        TensorDataset((x_train - mean) / std, y_train),
        TensorDataset((x_test - mean) / std, y_test),
    )


def make_loaders(
    train: torch.utils.data.Dataset[Any],
    test: torch.utils.data.Dataset[Any],
    *,
    batch_size: int,
    seed: int,
) -> tuple[DataLoader[Any], DataLoader[Any]]:
    """Data loaders for a train and a test dataset.

    Only the training loader shuffles, with its own seeded generator, so every run sees the
    same batches in the same order.

    Parameters
    ----------
    train, test : torch.utils.data.Dataset
    batch_size : int
    seed : int
        Seed of the training loader's shuffling.

    Returns
    -------
    train_loader, test_loader : torch.utils.data.DataLoader
    """
    _check_count("batch_size", batch_size)
    train_loader = DataLoader(
        train, batch_size=batch_size, shuffle=True, generator=_generator(seed)
    )
    test_loader = DataLoader(test, batch_size=batch_size, shuffle=False)
    return train_loader, test_loader


def load_mnist(
    root: str | Path, *, train: bool = True, fashion: bool = False, download: bool = False
) -> torch.utils.data.Dataset[Any]:
    """MNIST or FashionMNIST through torchvision, as normalised tensors.

    Parameters
    ----------
    root : str or pathlib.Path
        Folder holding (or receiving) ``MNIST/raw/`` or ``FashionMNIST/raw/``.
    train : bool, default True
        The 60,000-image training set, or the 10,000-image test set.
    fashion : bool, default False
        FashionMNIST instead of MNIST.
    download : bool, default False
        Download the files when missing (needs a network connection).

    Returns
    -------
    torchvision.datasets.MNIST
        Yields ``(image, label)``: a ``float32`` tensor of shape ``(1, 28, 28)``, normalised with
        the training set's mean and standard deviation, and an ``int`` label.

    Raises
    ------
    FileNotFoundError
        If the files are missing and ``download`` is False.
    RuntimeError
        If the download fails (no network, for instance).
    """
    from torchvision import datasets
    from torchvision.transforms import v2

    cls = datasets.FashionMNIST if fashion else datasets.MNIST
    mean, std = _MNIST_STATS[cls.__name__]
    transform = v2.Compose(
        [v2.ToImage(), v2.ToDtype(torch.float32, scale=True), v2.Normalize((mean,), (std,))]
    )
    root = Path(root)
    raw = root / cls.__name__ / "raw"
    files = [raw / Path(name).name.removesuffix(".gz") for name, _ in cls.resources]
    missing = [f.name for f in files if not f.is_file()]
    if missing and not download:
        raise FileNotFoundError(
            f"{cls.__name__} files are missing from {raw}: {', '.join(missing)}. "
            "Pass download=True to download them (about 60 MB), or copy the uncompressed IDX "
            "files there."
        )
    try:
        return cls(root, train=train, transform=transform, download=download)
    except (RuntimeError, OSError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise RuntimeError(
            f"could not download {cls.__name__} into {raw} ({first_line}). Check the network "
            "connection, or copy the uncompressed IDX files there and use download=False."
        ) from None

"""Save and restore training checkpoints safely.

A checkpoint holds state dicts, never pickled objects, so it is loaded with
``torch.load(weights_only=True)``, which cannot run code hidden in a file. Saving is atomic: the
file is written under a temporary name and renamed over the target, so a crash mid-write leaves
the previous checkpoint intact.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import torch
from torch import nn

__all__ = ["load_checkpoint", "save_checkpoint"]

_RESERVED = ("model_state", "optimizer_state", "epoch", "format_version")
_FORMAT_VERSION = 1
_PLAIN = (type(None), bool, int, float, str, torch.Tensor)


def _check_plain(key: str, value: Any) -> None:
    """Refuse values that ``weights_only=True`` could not load back."""
    if isinstance(value, _PLAIN):
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            _check_plain(key, item)
        return
    if isinstance(value, dict):
        for k, item in value.items():
            if not isinstance(k, (str, int)):
                raise TypeError(f"extra field {key!r} has a dict key of type {type(k).__name__}")
            _check_plain(key, item)
        return
    raise TypeError(
        f"extra field {key!r} holds a {type(value).__name__}; checkpoints store only tensors, "
        "numbers, strings, None and lists/tuples/dicts of them (loadable with weights_only=True)"
    )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_checkpoint(
    path: str | os.PathLike[str],
    *,
    model: nn.Module,
    optimizer: torch.optim.Optimizer | None = None,
    epoch: int | None = None,
    **extra: Any,
) -> Path:
    """Write a checkpoint atomically.

    Parameters
    ----------
    path : str or path-like
        Target file (conventionally ``*.pt``); its folder must exist.
    model : torch.nn.Module
        Its ``state_dict()`` is saved.
    optimizer : torch.optim.Optimizer, optional
        Its ``state_dict()`` is saved, so training can resume where it stopped.
    epoch : int, optional
    **extra
        More fields (tensors, numbers, strings, and lists/dicts of them), e.g. ``val_loss=0.12``.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    FileNotFoundError
        If the folder of ``path`` does not exist.
    TypeError
        If ``model`` is not an ``nn.Module`` or an extra field cannot be stored safely.
    ValueError
        If an extra field uses a reserved name.

    Examples
    --------
    >>> import tempfile, torch
    >>> from pathlib import Path
    >>> from deeplearn_notes import load_checkpoint, save_checkpoint
    >>> model = torch.nn.Linear(2, 1)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = save_checkpoint(Path(tmp) / "ckpt.pt", model=model, epoch=3, val_loss=0.5)
    ...     load_checkpoint(Path(tmp) / "ckpt.pt", model=torch.nn.Linear(2, 1))
    {'epoch': 3, 'val_loss': 0.5}
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(
            f"cannot save checkpoint {path}: folder {path.parent} does not exist"
        )
    for key, value in extra.items():
        if key in _RESERVED:
            raise ValueError(f"extra field name {key!r} is reserved; reserved names: {_RESERVED}")
        _check_plain(key, value)
    checkpoint: dict[str, Any] = {
        "format_version": _FORMAT_VERSION,
        "model_state": model.state_dict(),
        "epoch": epoch,
        **extra,
    }
    if optimizer is not None:
        checkpoint["optimizer_state"] = optimizer.state_dict()

    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain torch.save would.
        os.chmod(tmp_name, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as f:
            torch.save(checkpoint, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp_name, path)  # atomic on POSIX and Windows
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def load_checkpoint(
    path: str | os.PathLike[str],
    *,
    model: nn.Module,
    optimizer: torch.optim.Optimizer | None = None,
    map_location: str | torch.device = "cpu",
) -> dict[str, Any]:
    """Restore a checkpoint written by :func:`save_checkpoint` into ``model`` (and ``optimizer``).

    Parameters
    ----------
    path : str or path-like
    model : torch.nn.Module
        Receives the saved weights; it must have the same architecture.
    optimizer : torch.optim.Optimizer, optional
        Receives the saved optimiser state.
    map_location : str or torch.device, default "cpu"
        Where to load tensors (``"cpu"`` works whatever device saved them).

    Returns
    -------
    dict
        ``epoch`` and the extra fields saved with the checkpoint.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the file is not a readable checkpoint, or its weights do not fit ``model``
        (different architecture), or an optimiser state is asked for but was not saved.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"checkpoint {path} does not exist")
    try:
        checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    except Exception as error:  # garbage bytes fail in many ways inside the unpickler
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ValueError(
            f"{path} is not a readable checkpoint (corrupt, truncated, or not written by "
            f"save_checkpoint): {reason}"
        ) from None
    if not isinstance(checkpoint, dict) or "model_state" not in checkpoint:
        raise ValueError(f"{path} is not a checkpoint written by save_checkpoint (no model_state)")
    try:
        model.load_state_dict(checkpoint["model_state"])
    except RuntimeError as error:
        details = " ".join(str(error).split())
        raise ValueError(
            f"the weights in {path} do not fit {type(model).__name__} (a different architecture?): "
            f"{details}"
        ) from None
    if optimizer is not None:
        if "optimizer_state" not in checkpoint:
            raise ValueError(f"{path} holds no optimizer state (it was saved without optimizer=)")
        try:
            optimizer.load_state_dict(checkpoint["optimizer_state"])
        except (ValueError, KeyError) as error:
            raise ValueError(
                f"the optimizer state in {path} does not fit this optimizer: {error}"
            ) from None
    return {k: v for k, v in checkpoint.items() if k not in _RESERVED or k == "epoch"}

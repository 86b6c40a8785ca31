"""Tests for deeplearn_notes.checkpoint: round trips, safe loading, atomic saving, errors."""

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from deeplearn_notes import MLP, load_checkpoint, save_checkpoint
from deeplearn_notes import checkpoint as checkpoint_module


def _trained(seed: int = 0) -> tuple[nn.Module, torch.optim.Optimizer]:
    """A small model and its Adam optimiser after two steps (so the optimiser has state)."""
    torch.manual_seed(seed)
    model = MLP(3, (5,), 2, dropout=0.2)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    x, y = torch.randn(6, 3), torch.tensor([0, 1, 0, 1, 1, 0])
    for _ in range(2):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    return model, optimizer


def _fresh(seed: int = 1) -> tuple[nn.Module, torch.optim.Optimizer]:
    torch.manual_seed(seed)
    model = MLP(3, (5,), 2, dropout=0.2)
    return model, torch.optim.Adam(model.parameters(), lr=0.5)


def test_round_trip(tmp_path):
    model, optimizer = _trained()
    extras = {
        "val_loss": 0.25,
        "best": True,
        "note": "after two steps",
        "history": {"loss": [0.9, 0.5], "lr": (0.01, 0.01)},
        "mean": torch.tensor([1.0, 2.0]),
        "missing": None,
    }
    path = save_checkpoint(
        tmp_path / "ckpt.pt", model=model, optimizer=optimizer, epoch=4, **extras
    )
    assert path == tmp_path / "ckpt.pt"

    restored, restored_optimizer = _fresh()
    info = load_checkpoint(str(path), model=restored, optimizer=restored_optimizer)

    x = torch.randn(4, 3)
    assert torch.equal(model.eval()(x), restored.eval()(x))
    assert info.keys() == {"epoch", *extras}
    assert info["epoch"] == 4
    assert info["history"] == {"loss": [0.9, 0.5], "lr": (0.01, 0.01)}
    assert torch.equal(info["mean"], extras["mean"])
    assert {k: info[k] for k in ("val_loss", "best", "note", "missing")} == {
        "val_loss": 0.25,
        "best": True,
        "note": "after two steps",
        "missing": None,
    }
    saved, loaded = optimizer.state_dict(), restored_optimizer.state_dict()
    assert loaded["param_groups"] == saved["param_groups"]  # lr 0.01 again, not 0.5
    assert saved["state"].keys() == loaded["state"].keys()
    for index, state in saved["state"].items():
        for name, value in state.items():
            assert torch.equal(
                torch.as_tensor(value), torch.as_tensor(loaded["state"][index][name])
            )


def test_resumed_training_matches_uninterrupted_training(tmp_path):
    x, y = torch.randn(6, 3), torch.tensor([0, 1, 0, 1, 1, 0])

    def step(model, optimizer):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model.eval()(x), y).backward()
        optimizer.step()

    model, optimizer = _trained()
    save_checkpoint(tmp_path / "ckpt.pt", model=model, optimizer=optimizer)
    resumed, resumed_optimizer = _fresh()
    load_checkpoint(tmp_path / "ckpt.pt", model=resumed, optimizer=resumed_optimizer)
    step(model, optimizer)
    step(resumed, resumed_optimizer)
    for p, q in zip(model.parameters(), resumed.parameters(), strict=True):
        assert torch.equal(p, q)


def test_model_only_round_trip_and_defaults(tmp_path):
    model, _ = _trained()
    save_checkpoint(tmp_path / "model.pt", model=model)
    restored, _ = _fresh()
    assert load_checkpoint(tmp_path / "model.pt", model=restored, map_location="cpu") == {
        "epoch": None
    }
    assert all(
        torch.equal(a, b)
        for a, b in zip(model.state_dict().values(), restored.state_dict().values(), strict=True)
    )


def test_file_loads_with_weights_only(tmp_path):
    model, optimizer = _trained()
    save_checkpoint(tmp_path / "ckpt.pt", model=model, optimizer=optimizer, epoch=1, note="x")
    raw = torch.load(tmp_path / "ckpt.pt", weights_only=True)
    assert raw["format_version"] == 1
    assert raw["epoch"] == 1
    assert raw["note"] == "x"
    assert raw["model_state"].keys() == model.state_dict().keys()
    assert "optimizer_state" in raw


def test_overwrite_replaces_the_checkpoint(tmp_path):
    path = tmp_path / "ckpt.pt"
    model, _ = _trained()
    save_checkpoint(path, model=model, epoch=1)
    save_checkpoint(path, model=model, epoch=2)
    assert load_checkpoint(path, model=_fresh()[0])["epoch"] == 2
    assert os.listdir(tmp_path) == ["ckpt.pt"]


@pytest.mark.parametrize("failure", [OSError("disk full"), KeyboardInterrupt()])
def test_failed_save_keeps_the_previous_checkpoint(tmp_path, monkeypatch, failure):
    path = tmp_path / "ckpt.pt"
    model, _ = _trained()
    save_checkpoint(path, model=model, epoch=1)
    before = path.read_bytes()

    def half_written(obj, f, *args, **kwargs):
        f.write(b"PK\x03\x04 half a checkpoint")
        raise failure

    monkeypatch.setattr(checkpoint_module.torch, "save", half_written)
    with pytest.raises(type(failure)):
        save_checkpoint(path, model=model, epoch=2)
    monkeypatch.undo()

    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["ckpt.pt"]  # no temporary file left behind
    assert load_checkpoint(path, model=_fresh()[0])["epoch"] == 1


def test_saved_file_has_the_usual_permissions(tmp_path):
    # A checkpoint should be as readable as any file written with open() (the umask decides),
    # not private to its owner like a tempfile.mkstemp file.
    reference = tmp_path / "reference.bin"
    reference.write_bytes(b"")
    path = save_checkpoint(tmp_path / "ckpt.pt", model=nn.Linear(2, 1))
    assert stat.S_IMODE(path.stat().st_mode) == stat.S_IMODE(reference.stat().st_mode)


# ---------------------------------------------------------------------------------------------
# Errors


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.pt"
    with pytest.raises(FileNotFoundError, match=re.escape(str(path))):
        load_checkpoint(path, model=nn.Linear(2, 1))


def test_missing_folder_on_save(tmp_path):
    path = tmp_path / "no_such_folder" / "ckpt.pt"
    with pytest.raises(FileNotFoundError, match=re.escape(str(path.parent))):
        save_checkpoint(path, model=nn.Linear(2, 1))


def _truncated(keep: float) -> Callable[[Path], bytes]:
    """The first ``keep`` share (or, from 1 up, that many bytes) of a real checkpoint."""

    def make(tmp_path: Path) -> bytes:
        save_checkpoint(tmp_path / "good.pt", model=MLP(3, (5,), 2), epoch=1)
        data = (tmp_path / "good.pt").read_bytes()
        return data[: int(keep if keep >= 1 else len(data) * keep)]

    return make


def _random_bytes(tmp_path: Path) -> bytes:
    return np.random.default_rng(0).bytes(200)


CORRUPT = {
    "empty": lambda tmp_path: b"",
    "text": lambda tmp_path: b"hello",
    "random-bytes": _random_bytes,
    "pickle-header": lambda tmp_path: b"\x80\x02abc",
    "truncated-10-bytes": _truncated(10),
    "truncated-half": _truncated(0.5),
    "truncated-99%": _truncated(0.99),
}


@pytest.mark.parametrize("kind", CORRUPT)
def test_corrupt_file(tmp_path, kind):
    path = tmp_path / "corrupt.pt"
    path.write_bytes(CORRUPT[kind](tmp_path))
    with pytest.raises(ValueError, match=re.escape(str(path))):
        load_checkpoint(path, model=MLP(3, (5,), 2))


@pytest.mark.parametrize("content", [{"weights": torch.zeros(2)}, torch.zeros(2), [1, 2]])
def test_not_a_checkpoint(tmp_path, content):
    path = tmp_path / "other.pt"
    torch.save(content, path)
    with pytest.raises(ValueError, match=re.escape(str(path)) + ".*no model_state"):
        load_checkpoint(path, model=nn.Linear(2, 1))


@pytest.mark.parametrize(
    "other", [nn.Linear(3, 1), nn.Linear(2, 2), nn.Sequential(nn.Linear(2, 1))]
)
def test_architecture_mismatch(tmp_path, other):
    path = save_checkpoint(tmp_path / "ckpt.pt", model=nn.Linear(2, 1))
    with pytest.raises(ValueError, match=re.escape(str(path)) + ".*different architecture"):
        load_checkpoint(path, model=other)


def test_optimizer_requested_but_not_saved(tmp_path):
    model = nn.Linear(2, 1)
    path = save_checkpoint(tmp_path / "ckpt.pt", model=model)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match=re.escape(str(path)) + ".*no optimizer state"):
        load_checkpoint(path, model=model, optimizer=optimizer)


def test_optimizer_mismatch(tmp_path):
    model = nn.Linear(2, 1)
    path = save_checkpoint(
        tmp_path / "ckpt.pt", model=model, optimizer=torch.optim.SGD(model.parameters(), lr=0.1)
    )
    other = torch.optim.SGD([model.weight], lr=0.1)  # one parameter instead of two
    with pytest.raises(ValueError, match=re.escape(str(path)) + ".*does not fit this optimizer"):
        load_checkpoint(path, model=model, optimizer=other)


class _Opaque:
    pass


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (_Opaque(), "_Opaque"),
        ([1, 2, object()], "object"),
        ({"nested": {"deeper": _Opaque()}}, "_Opaque"),
        (nn.Linear(2, 1), "Linear"),
        ({1.5: "float key"}, "dict key of type float"),
    ],
)
def test_extra_field_must_be_plain(tmp_path, value, kind):
    with pytest.raises(TypeError, match=rf"extra field 'payload' (holds a |has a ){kind}"):
        save_checkpoint(tmp_path / "ckpt.pt", model=nn.Linear(2, 1), payload=value)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("name", ["model_state", "optimizer_state", "format_version"])
def test_reserved_extra_field(tmp_path, name):
    with pytest.raises(ValueError, match=f"extra field name '{name}' is reserved"):
        save_checkpoint(tmp_path / "ckpt.pt", model=nn.Linear(2, 1), **{name: 1})
    assert os.listdir(tmp_path) == []

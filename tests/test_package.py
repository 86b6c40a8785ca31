"""Tests for the package as installed: its public names, docstrings and typing marker."""

import importlib
import importlib.metadata
import importlib.resources
import importlib.util
import inspect
import re
from pathlib import Path

import pytest
import tomllib

import deeplearn_notes

ROOT = Path(__file__).resolve().parents[1]

SUBMODULES = [
    "checkpoint",
    "data",
    "generative",
    "models",
    "plotting",
    "recurrent",
    "scratch",
    "training",
    "utils",
]


@pytest.mark.parametrize("name", deeplearn_notes.__all__)
def test_public_names_import_and_are_documented(name):
    namespace = {}
    exec(f"from deeplearn_notes import {name}", namespace)  # the import users write
    obj = namespace[name]
    assert obj is getattr(deeplearn_notes, name)
    assert inspect.getdoc(obj), f"{name} has no docstring"


@pytest.mark.parametrize("module", SUBMODULES)
def test_submodule_public_names_are_documented(module):
    mod = importlib.import_module(f"deeplearn_notes.{module}")
    assert inspect.getdoc(mod)
    assert len(set(mod.__all__)) == len(mod.__all__)
    for name in mod.__all__:
        obj = getattr(mod, name)
        assert obj.__doc__, f"deeplearn_notes.{module}.{name} has no docstring"
        assert obj.__module__ == mod.__name__


@pytest.mark.parametrize("module", [m for m in SUBMODULES if m != "scratch"])
def test_root_reexports_every_submodule_name(module):
    mod = importlib.import_module(f"deeplearn_notes.{module}")
    for name in mod.__all__:
        assert name in deeplearn_notes.__all__
        assert getattr(deeplearn_notes, name) is getattr(mod, name)


def test_all_is_unique_and_complete():
    assert len(set(deeplearn_notes.__all__)) == len(deeplearn_notes.__all__)
    public = {name for name in vars(deeplearn_notes) if not name.startswith("_")}
    assert public - set(deeplearn_notes.__all__) == set()


def test_py_typed_ships():
    marker = importlib.resources.files("deeplearn_notes").joinpath("py.typed")
    assert marker.is_file()


def test_version_matches_metadata():
    assert deeplearn_notes.__version__ == importlib.metadata.version("deeplearn-notes")


def test_the_pypi_description_snippet_runs():
    """The long description shows users how to train a model: that code must run."""
    text = (ROOT / "README-pypi.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) == 1
    exec(compile(blocks[0], "README-pypi.md", "exec"), {})


def test_the_install_command_is_said_where_learners_look():
    """One install command: the README and the pages say the string the site extension holds."""
    path = ROOT / "docs" / "_ext" / "dln_install.py"
    spec = importlib.util.spec_from_file_location("dln_install", path)
    dln_install = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dln_install)
    for readme in ("README.md", "README-pypi.md"):
        assert dln_install.INSTALL_COMMAND in (ROOT / readme).read_text(encoding="utf-8"), readme
    assert (
        dln_install.INSTALL_FROM_CLONE.replace("pip install ", "")
        in (ROOT / "README.md").read_text()
    )
    assert "install-command" in (ROOT / "docs" / "introduction.md").read_text(encoding="utf-8")
    assert "install-command" in (ROOT / "gallery" / "GALLERY_HEADER.rst").read_text()
    extra = re.search(r"\[(\w+)\]", dln_install.INSTALL_COMMAND)[1]
    optional = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert "tensorboard>=2.14" in optional[extra]  # what plot_tensorboard imports


def test_the_license_ships_with_the_package():
    metadata = importlib.metadata.metadata("deeplearn-notes")
    assert metadata["License-Expression"] == "MIT"
    assert "LICENSE" in (metadata.get_all("License-File") or [])

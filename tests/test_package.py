"""Tests for the package as installed: its public names, docstrings and typing marker."""

import importlib
import importlib.metadata
import importlib.resources
import inspect

import pytest

import deeplearn_notes

SUBMODULES = ["checkpoint", "data", "models", "plotting", "scratch", "training", "utils"]


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

"""The pages' doctest checker: printed floats within a tolerance, everything else exact."""

from __future__ import annotations

import doctest
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


numeric_doctest = _load("numeric_doctest", ROOT / "docs" / "_scripts" / "numeric_doctest.py")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
CHECKER = numeric_doctest.NumericOutputChecker()


@pytest.mark.parametrize(
    ("want", "got"),
    [
        # The reported failure: log(e) printed as 1. on one CPU and 0.99999994 on another.
        (
            "(tensor([1.0000, 2.7183]), tensor([0., 1.]))",
            "(tensor([1.0000, 2.7183]), tensor([0.0000, 1.0000]))",
        ),
        ("tensor([0., 1.])", "tensor([0.0000, 1.0000])"),
        ("tensor([2.7183])", "tensor([2.7182])"),  # last printed digit
        ("0.30000000000000004", "0.3"),
        ("tensor([ 1., -2.])", "tensor([ 1.0000, -2.0000])"),
        ("tensor([-0.0000,  1.0000])", "tensor([0., 1.])"),
        ("tensor([1.0000e-08, 1.0000e+00])", "tensor([0.0000e+00, 1.0000e+00])"),  # absolute
        # Wider numbers wrap the rows differently: newlines and padding are whitespace.
        (
            "tensor([[0., 1., 2., 3., 4., 5., 6., 7.]])",
            "tensor([[0.0000, 1.0000, 2.0000, 3.0000,\n         4.0000, 5.0000, 6.0000, 7.0000]])",
        ),
        ("loss 0.6931, accuracy 50.00%", "loss 0.6932, accuracy 50.00%"),
        ("tensor([0.5000, ...])", "tensor([0.5000, ...])"),
        ("tensor(0.0123)", "tensor(0.0124)"),  # four decimals: one unit in the last place
        ("loss ...: 0.6931", "loss (final): 0.6932"),  # ELLIPSIS still works
    ],
)
def test_equal_up_to_float_tolerance(want, got):
    assert CHECKER.check_output(want + "\n", got + "\n", FLAGS)


@pytest.mark.parametrize(
    ("want", "got"),
    [
        ("tensor([0.5])", "tensor([0.6])"),  # a real difference
        ("tensor([1.0000, 2.7183])", "tensor([1.0000, 2.7200])"),
        ("torch.Size([4, 3])", "torch.Size([3, 4])"),  # integers are exact
        ("True", "False"),  # words are exact
        ("tensor([1, 2])", "tensor([1., 2.])"),  # an integer is not a float: dtype changed
        ("tensor([1., 2.])", "tensor([1., 2.], dtype=torch.float64)"),
        ("tensor([1., 2.])", "tensor([1., 2., 3.])"),  # one number more
        ("torch.float32", "torch.float16"),  # digits inside a word are part of the word
        ("tensor([0.5000])", "tensor([-0.5000])"),
        ("tensor([1.0000e-03])", "tensor([1.0000e-02])"),
        ("0.5", "nan"),
        ("tensor(0.0123)", "tensor(0.0125)"),  # two units in the last place
        ("accuracy 50.00%", "accuracy 50.01%"),  # two decimals: no last-place allowance
        ("[0.5, 1.0]", "(0.5, 1.0)"),  # brackets are structure
        ("tensor([0.5000, 0.5000])", "tensor([0.5000,\n0.5000, 0.5000])"),
    ],
)
def test_different_outputs_fail(want, got):
    assert not CHECKER.check_output(want + "\n", got + "\n", FLAGS)


def test_split_numbers_masks_numbers_not_words():
    text, floats, ints = numeric_doctest.split_numbers("conv2 float32 (N, 16, 5, 5) -1.5e-3 x 0.")
    assert floats == ["-1.5e-3", "0."]
    assert ints == ["16", "5", "5"]
    assert "conv2" in text and "float32" in text


def test_a_page_doctest_uses_the_checker(tmp_path):
    """The checker is wired into Sybil: 0.1 + 0.2 passes as 0.3, a wrong number still fails."""
    from sybil import Sybil

    page = tmp_path / "page.md"
    page.write_text(
        "```python\n>>> import math\n>>> round(math.e, 6)\n2.718282\n```\n\n"
        "```python\n>>> 0.1 + 0.2\n0.3\n>>> round(math.pi, 2)\n3.15\n```\n",
        encoding="utf-8",
    )
    parser = numeric_doctest.NumericPythonCodeBlockParser(doctest_optionflags=FLAGS)
    examples = list(Sybil(parsers=[parser]).parse(page))
    outcomes = []
    for example in examples:
        try:
            example.evaluate()
            outcomes.append("ok")
        except Exception as error:  # sybil raises SybilFailure for a mismatch
            outcomes.append(type(error).__name__)
    assert outcomes == ["ok", "ok", "ok", "SybilFailure"]

"""Run the code on the reference pages as tests.

Every ```python block of a page runs in one namespace per page: blocks with ``>>>`` prompts are
doctests whose output must match, the others must simply run. ``% skip: next`` before a block
skips it (for code that cannot run here, e.g. one that needs a download).
"""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from typing import Any

from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser, SkipParser


def _setup(namespace: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")  # pages may build figures; never open a window
    import torch

    torch.manual_seed(0)  # a page that forgets to seed still prints the same numbers
    torch.set_printoptions(profile="default")


def _teardown(namespace: dict[str, Any]) -> None:
    import matplotlib.pyplot as plt

    plt.close("all")


pytest_collect_file = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
        SkipParser(),
    ],
    patterns=["*.md"],
    excludes=["README.md"],
    setup=_setup,
    teardown=_teardown,
).pytest()

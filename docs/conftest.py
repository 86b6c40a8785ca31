"""Run the code on the reference pages as tests.

Every ```python block of a page runs in one namespace per page: blocks with ``>>>`` prompts are
doctests whose output must match, the others must simply run. ``% skip: next`` before a block
skips it (for code that cannot run here, e.g. one that needs a download). Printed numbers are
compared with a tolerance when the text differs (``_scripts/numeric_doctest.py``).
"""

import importlib.util
import sys
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from pathlib import Path
from typing import Any

from sybil import Sybil
from sybil.parsers.myst import SkipParser


def _load(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


numeric_doctest = _load(
    "numeric_doctest", Path(__file__).parent / "_scripts" / "numeric_doctest.py"
)


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
        # Printed floats may differ in their last digit between CPUs: compared with a tolerance.
        numeric_doctest.NumericPythonCodeBlockParser(
            doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE
        ),
        SkipParser(),
    ],
    patterns=["*.md"],
    excludes=["README.md"],
    setup=_setup,
    teardown=_teardown,
).pytest()

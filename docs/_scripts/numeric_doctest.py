"""A doctest output checker that compares printed floats with a tolerance.

The same float32 computation can differ in its last bit between CPUs, BLAS builds and thread
counts, and PyTorch then changes how it prints a whole tensor (``tensor([0., 1.])`` becomes
``tensor([0.0000, 1.0000])``). When the literal comparison fails, this checker masks the
numbers out of both texts: the rest (words, shapes, dtypes, brackets) must still be equal
after whitespace normalisation, integers must be equal, and floats equal within a tolerance
(relative 1e-4, absolute 1e-6, or one unit in the last place of a number printed with four or
more decimals).
"""

from __future__ import annotations

import doctest
import math
import re

from sybil.evaluators.doctest import DocTestEvaluator, DocTestRunner, OutputChecker
from sybil.parsers.abstract.doctest import DocTestStringParser
from sybil.parsers.myst import PythonCodeBlockParser

RELATIVE = 1e-4
ABSOLUTE = 1e-6

# A number is not part of a word (float32, 0x7f, conv2) nor of an ellipsis ("1...").
_NUMBER = re.compile(
    r"""(?<![\w.])
    (?P<number>
        [-+]?(?: \d+\.\d*(?:[eE][-+]?\d+)? | \.\d+(?:[eE][-+]?\d+)? | \d+[eE][-+]?\d+ )
        (?P<float_end>)
      | [-+]?\d+
    )
    (?![\w]|\.(?!\.\.))""",
    re.VERBOSE,
)
_FLOAT, _INT = "\x00F", "\x00I"
# Padding that right-aligns columns differs with the print precision; words keep one space.
_PAD_AFTER_BRACKET = re.compile(r"([\[(]) (?=\x00)")


def split_numbers(text: str) -> tuple[str, list[str], list[str]]:
    """Return ``text`` with its numbers masked, and its floats and integers in order."""
    floats: list[str] = []
    ints: list[str] = []

    def mask(match: re.Match[str]) -> str:
        token = match.group("number")
        if match.group("float_end") is not None:
            floats.append(token)
            return _FLOAT
        ints.append(token)
        return _INT

    masked = _NUMBER.sub(mask, text)
    masked = " ".join(masked.split())
    return _PAD_AFTER_BRACKET.sub(r"\1", masked), floats, ints


def _last_place(token: str) -> float:
    """One unit in the last printed place of a number with four or more decimals, else 0.

    PyTorch prints four decimals, so a last-bit difference can flip the fourth one (0.6931 vs
    0.6932) at any magnitude. Numbers printed with fewer decimals get no such allowance.
    """
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals) if decimals >= 4 else 0.0


def floats_close(want: str, got: str, rel: float = RELATIVE, abs_: float = ABSOLUTE) -> bool:
    """Whether two printed floats agree within ``rel``/``abs_`` or one unit in the last place."""
    allowance = max(abs_, min(_last_place(want), _last_place(got)))
    # The 1e-9 absorbs the binary rounding of the decimal strings themselves.
    return math.isclose(float(want), float(got), rel_tol=rel, abs_tol=allowance * (1 + 1e-9))


def numbers_match(want: str, got: str, optionflags: int = 0) -> bool:
    """Whether ``got`` equals ``want`` up to float tolerance (structure and integers exact)."""
    want_text, want_floats, want_ints = split_numbers(want)
    got_text, got_floats, got_ints = split_numbers(got)
    if want_ints != got_ints or len(want_floats) != len(got_floats):
        return False
    # The base checker compares the masked text, with ELLIPSIS if the example asked for it.
    if not doctest.OutputChecker().check_output(want_text, got_text, optionflags):
        return False
    return all(floats_close(w, g) for w, g in zip(want_floats, got_floats, strict=True))


class NumericOutputChecker(OutputChecker):
    """Sybil's checker, falling back to :func:`numbers_match` when the text differs."""

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        if super().check_output(want, got, optionflags):
            return True
        return numbers_match(want, got, optionflags)


class _NumericRunner(DocTestRunner):
    def __init__(self, optionflags: int) -> None:
        super().__init__(optionflags)  # Sybil's report flags
        # doctest takes its checker only in __init__: run it again with ours.
        doctest.DocTestRunner.__init__(
            self, verbose=False, optionflags=self.optionflags, checker=NumericOutputChecker()
        )


class NumericDocTestEvaluator(DocTestEvaluator):
    """Sybil's doctest evaluator with :class:`NumericOutputChecker`."""

    def __init__(self, optionflags: int = 0) -> None:
        self.runner = _NumericRunner(optionflags)


class NumericPythonCodeBlockParser(PythonCodeBlockParser):
    """MyST ``python`` blocks: doctests checked by :class:`NumericOutputChecker`."""

    def __init__(self, doctest_optionflags: int = 0) -> None:
        super().__init__(doctest_optionflags=doctest_optionflags)
        self.doctest_parser = DocTestStringParser(NumericDocTestEvaluator(doctest_optionflags))

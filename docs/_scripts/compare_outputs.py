"""Compare the printed output of the examples in two builds and list what differs.

Usage: python docs/_scripts/compare_outputs.py A B [--allow NAME ...]

A and B are sphinx-gallery output folders (``docs/auto_examples`` of two builds, e.g. copies
taken after each). Every example's output blocks are compared line by line; the differences are
printed. The exit status is 1 when an example differs that ``--allow`` does not name (an
example that prints timings, such as ``plot_gpu_timing``).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

OUTPUT_MARK = ".. rst-class:: sphx-glr-script-out"


def output_blocks(page: str) -> list[list[str]]:
    """The printed output of one generated example page, block by block."""
    blocks: list[list[str]] = []
    lines = page.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() != OUTPUT_MARK:
            i += 1
            continue
        # The mark, a blank line, ".. code-block:: none", a blank line, then the indented text.
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(".. code-block::"):
            i += 1
        i += 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        block: list[str] = []
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
            block.append(lines[i][4:])
            i += 1
        while block and not block[-1].strip():
            block.pop()
        blocks.append(block)
    return blocks


def outputs(gallery: Path) -> dict[str, list[str]]:
    """Every example's printed lines (blocks separated by a rule), keyed by its path."""
    found = {}
    for page in sorted(gallery.rglob("plot_*.rst")):
        name = page.relative_to(gallery).with_suffix("").as_posix()
        lines: list[str] = []
        for block in output_blocks(page.read_text(encoding="utf-8")):
            lines += [*block, "-" * 8]
        found[name] = lines
    return found


def differences(a: Path, b: Path) -> dict[str, list[str]]:
    """Diff lines per example that is missing from one build or prints differently."""
    first, second = outputs(a), outputs(b)
    found = {}
    for name in sorted(first.keys() | second.keys()):
        if name not in first or name not in second:
            found[name] = [f"only in {a if name in first else b}"]
        elif first[name] != second[name]:
            diff = difflib.unified_diff(first[name], second[name], lineterm="", n=0)
            found[name] = [line for line in diff if not line.startswith(("---", "+++", "@@"))]
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--allow", nargs="*", default=[], help="examples expected to differ")
    args = parser.parse_args(argv)
    for folder in (args.a, args.b):
        if not any(folder.rglob("plot_*.rst")):
            parser.error(f"{folder} holds no generated example pages (plot_*.rst)")
    found = differences(args.a, args.b)
    unexpected = [name for name in found if Path(name).name not in args.allow]
    for name, lines in found.items():
        note = " (allowed)" if name not in unexpected else ""
        print(f"{name}: differs{note}")
        for line in lines[:20]:
            print(f"    {line}")
    total = len(outputs(args.a))
    print(f"{total} examples compared, {len(found)} differ, {len(unexpected)} unexpectedly")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

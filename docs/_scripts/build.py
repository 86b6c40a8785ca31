"""Build the site in English and Chinese into docs/_build/html: what ``nox -s docs`` runs.

Usage: python docs/_scripts/build.py [--no-plot] [--timings FILE]

English runs the examples; Chinese finds them up to date and reuses their output. Then the
root language page is written and every page is checked for its twin. A language whose last
build did not finish (killed, or failed) has all its pages written again: Sphinx would take a
half-written page for an up-to-date one. ``--timings`` writes
each language's build time as JSON (for the benchmark).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import check_site
import write_root_index

DOCS = Path(__file__).resolve().parents[1]
BUILD = DOCS / "_build"
LANGUAGES = ("en", "zh_CN")


def sphinx_command(language: str, *options: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-j",
        "auto",  # reads and writes pages in parallel; the examples still run one at a time
        "-W",
        "--keep-going",
        "-n",
        "-q",
        "-b",
        "html",
        "-d",
        str(BUILD / "doctrees" / language),
        "-D",
        f"language={language}",
        *options,
        str(DOCS),
        str(BUILD / "html" / language),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-plot", action="store_true", help="do not run the examples")
    parser.add_argument("--timings", type=Path, help="write per-language build times here")
    args = parser.parse_args(argv)
    options = ["-D", "plot_gallery=0"] if args.no_plot else []
    timings = {}
    for language in LANGUAGES:
        unfinished = BUILD / f"{language}.unfinished"
        rewrite = ["-a"] if unfinished.exists() else []
        unfinished.parent.mkdir(parents=True, exist_ok=True)
        unfinished.touch()
        start = time.perf_counter()
        result = subprocess.run(sphinx_command(language, *options, *rewrite), check=False)
        timings[language] = time.perf_counter() - start
        if result.returncode:
            return result.returncode
        unfinished.unlink()
    write_root_index.main(str(BUILD / "html"))
    if args.timings:
        args.timings.write_text(json.dumps(timings))
    return check_site.main(str(BUILD / "html"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Build the site in English and Chinese into docs/_build/html: what ``nox -s docs`` runs.

Usage: python docs/_scripts/build.py [--no-plot] [--timings FILE]

The two languages build at once, in two processes. English runs the examples; Chinese waits
for that, finds them up to date and reuses their output, and English writes no page until
Chinese has done so (the handshake in ``dln_site``). Then the root language page is written
and every page is checked for its twin. A language whose last build did not finish (killed,
or failed) has all its pages written again: Sphinx would take a half-written page for an
up-to-date one. ``--timings`` writes each language's build time as JSON (for the benchmark):
English from its start, Chinese from when it could start, once the examples had run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
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
    BUILD.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=BUILD, prefix=".turns-") as turns:
        returncode, timings = build_both(Path(turns), options)
    if returncode:
        return returncode
    write_root_index.main(str(BUILD / "html"))
    if args.timings:
        args.timings.write_text(json.dumps(timings))
    return check_site.main(str(BUILD / "html"))


def build_both(turns: Path, options: list[str]) -> tuple[int, dict[str, float]]:
    """Run both languages' builds at once; the first non-zero exit status, and their times."""
    english_done, chinese_done = turns / "en", turns / "zh_CN"
    handshake = {
        "en": {"DLN_GALLERY_DONE": english_done, "DLN_GALLERY_HOLD": chinese_done},
        "zh_CN": {"DLN_GALLERY_AFTER": english_done, "DLN_GALLERY_DONE": chinese_done},
    }
    start = time.perf_counter()
    running = {}
    for language in LANGUAGES:
        unfinished = BUILD / f"{language}.unfinished"
        rewrite = ["-a"] if unfinished.exists() else []
        unfinished.touch()
        env = os.environ | {name: str(path) for name, path in handshake[language].items()}
        running[language] = subprocess.Popen(sphinx_command(language, *options, *rewrite), env=env)
    try:
        return wait_for_both(running, turns, start)
    finally:
        for process in running.values():  # interrupted: stop the other build too
            process.terminate()
            process.wait()


def wait_for_both(
    running: dict[str, subprocess.Popen[bytes]], turns: Path, start: float
) -> tuple[int, dict[str, float]]:
    english_done = turns / "en"
    ended: dict[str, float] = {}
    examples_ran = None
    returncode = 0
    while running:
        time.sleep(0.05)
        if examples_ran is None and english_done.exists():
            examples_ran = time.perf_counter()
        for language, process in list(running.items()):
            status = process.poll()
            if status is None or language not in running:
                continue
            del running[language]
            ended[language] = time.perf_counter()
            if not status:
                (BUILD / f"{language}.unfinished").unlink()
                continue
            returncode = returncode or status
            if language == "en":  # Chinese cannot go on without the examples English runs
                for other in running.values():
                    other.terminate()
                    other.wait()
                running.clear()
            else:
                (turns / language).touch()  # release English if it waits for this one
    timings = {"en": ended.get("en", start) - start}
    if "zh_CN" in ended and examples_ran is not None:
        timings["zh_CN"] = ended["zh_CN"] - examples_ran
    return returncode, timings


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

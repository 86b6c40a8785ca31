"""How long the bilingual site takes to build: from nothing, with nothing changed, and after
editing one example or one page.

Run by ``nox -s bench`` inside the docs environment. The clean build deletes every cached
example output and build directory first; the no-op rebuild then runs ``nox -s docs`` again.
The edits change one sentence of an example's text and of a reference page, time
``nox -s docs``, then put the file back and rebuild (not timed).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _results import RESULTS, ROOT, machine, update

DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
TARGETS = {
    "clean_build_s": 300,
    "clean_over_examples": 1.5,
    "zh_over_en": 0.4,
    "noop_rebuild_s": 15,
    "edit_one_example_s": 40,
    "edit_one_page_s": 20,
    "fit_overhead_ratio": 1.03,
    "slowest_example_s": 30,
}


def clean() -> None:
    for path in (BUILD, DOCS / "auto_examples", DOCS / "api" / "generated"):
        shutil.rmtree(path, ignore_errors=True)


def example_times() -> dict[str, float]:
    times = {}
    for cost in sorted((DOCS / "auto_examples").rglob("*.cost.json")):
        name = cost.name.removesuffix(".cost.json") + ".py"
        times[name] = round(json.loads(cost.read_text())["time"], 3)
    return times


# What the edit benchmarks change: a short example and a page, each by one sentence.
EDITED_EXAMPLE = ROOT / "gallery" / "tensors" / "plot_reductions.py"
EDITED_PAGE = DOCS / "broadcasting.md"


def nox_docs(*args: str) -> float:
    nox = shutil.which("nox")
    if nox is None:
        sys.exit("nox must be on PATH to time `nox -s docs`")
    start = time.perf_counter()
    subprocess.run([nox, "-s", "docs", *args], check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - start


def time_edit(path: Path, old: str, new: str) -> float:
    """Replace ``old`` by ``new`` in ``path``, time ``nox -s docs``, then restore and rebuild."""
    original = path.read_text(encoding="utf-8")
    if old not in original:
        sys.exit(f"{path}: cannot find {old!r} to edit")
    try:
        path.write_text(original.replace(old, new, 1), encoding="utf-8")
        return nox_docs()
    finally:
        path.write_text(original, encoding="utf-8")
        nox_docs()


def main() -> None:
    clean()
    timings_file = ROOT / ".bench" / "build_timings.json"
    timings_file.parent.mkdir(exist_ok=True)
    # Through nox, as a reader builds it: a build by another environment's Python would leave
    # other absolute paths (theme and MathJax files) in the HTML settings, and the next
    # `nox -s docs` would then write every page again.
    total = nox_docs("--", "--timings", str(timings_file.resolve()))
    timings = json.loads(timings_file.read_text())
    en, zh = timings["en"], timings["zh_CN"]
    per_example = example_times()
    compute = sum(per_example.values())

    noop = nox_docs()
    # The first cell's text; the page's first paragraph. Only prose changes, so the catalogs'
    # other messages stay as they are.
    edit_example = time_edit(EDITED_EXAMPLE, "# %%\n", "# %%\n# An edited sentence.\n#\n")
    edit_page = time_edit(EDITED_PAGE, "\n\n", "\n\nAn edited sentence.\n\n")

    results = update(
        clean_build_s=round(total, 1),
        en_build_s=round(en, 1),
        zh_build_s=round(zh, 1),
        examples_compute_s=round(compute, 1),
        per_example_s=per_example,
        noop_rebuild_s=round(noop, 1),
        edit_one_example_s=round(edit_example, 1),
        edit_one_page_s=round(edit_page, 1),
        **machine(),
    )
    report(results)


def report(r: dict) -> None:
    slowest = max(r["per_example_s"].items(), key=lambda kv: kv[1])
    rows = [
        ("clean bilingual build (s)", r["clean_build_s"], TARGETS["clean_build_s"]),
        ("  English half (s)", r["en_build_s"], None),
        ("  Chinese half (s)", r["zh_build_s"], None),
        ("examples' own compute (s)", r["examples_compute_s"], None),
        (
            "clean build / examples",
            r["clean_build_s"] / r["examples_compute_s"],
            TARGETS["clean_over_examples"],
        ),
        ("Chinese / English build", r["zh_build_s"] / r["en_build_s"], TARGETS["zh_over_en"]),
        ("no-change rebuild (s)", r["noop_rebuild_s"], TARGETS["noop_rebuild_s"]),
        ("one example edited (s)", r["edit_one_example_s"], TARGETS["edit_one_example_s"]),
        ("one page edited (s)", r["edit_one_page_s"], TARGETS["edit_one_page_s"]),
        (f"slowest example: {slowest[0]} (s)", slowest[1], TARGETS["slowest_example_s"]),
        (
            "fit / hand-written loop",
            r.get("fit_overhead_ratio", float("nan")),
            TARGETS["fit_overhead_ratio"],
        ),
    ]
    print(f"\n{r['machine']}, torch {r['torch']}, {r['date']}")
    print(f"{'measure':<48}{'value':>10}{'target':>10}  ok")
    for name, value, target in rows:
        ok = "" if target is None else ("yes" if value <= target else "NO")
        shown = "" if target is None else f"{target:g}"
        print(f"{name:<48}{value:>10.3f}{shown:>10}  {ok}")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

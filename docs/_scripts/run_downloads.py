"""Run every example script and notebook that the built site offers for download.

Usage: python run_downloads.py docs/_build/html

Run it with the Python of an environment set up as a learner's is (the documented install
command, plus ipykernel for the notebooks). Every ``.py`` runs as a program and every
``.ipynb`` runs headless with nbclient, install cell included, each in an empty temporary
folder. A download that is byte-identical to one already run (the same file offered in both
languages) runs once. One line per file: ok or failed (with the error's last line), and the
seconds it took. The exit status is 1 when any failed. Files run side by side, one per core,
each on one thread.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

TIMEOUT_S = 600


def downloads(html_root: Path) -> list[Path]:
    """The single-file downloads (scripts and notebooks) of every language, without twins."""
    seen: set[str] = set()
    found = []
    for path in sorted(html_root.glob("*/_downloads/*/*")):
        if path.suffix not in (".py", ".ipynb"):
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            found.append(path)
    return found


def run_script(path: Path, workdir: Path) -> str | None:
    result = subprocess.run(
        [sys.executable, str(path)],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    if result.returncode == 0:
        return None
    lines = (result.stderr or result.stdout).strip().splitlines()
    return lines[-1] if lines else f"exit status {result.returncode}"


def run_notebook(path: Path, workdir: Path) -> str | None:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": workdir}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        return f"{error.ename}: {error.evalue}"
    return None


def run(path: Path) -> tuple[str | None, float]:
    """Run one download in an empty folder: its error (None when it passed) and seconds."""
    runner = run_notebook if path.suffix == ".ipynb" else run_script
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as workdir:
        try:
            error = runner(path, Path(workdir))
        except subprocess.TimeoutExpired:
            error = f"did not finish in {TIMEOUT_S} s"
    return error, time.perf_counter() - start


def main(html_root: str) -> int:
    root = Path(html_root)
    files = downloads(root)
    if not files:
        print(f"no downloads under {html_root}/*/_downloads: build the site first (nox -s docs)")
        return 1
    os.environ.setdefault("MPLBACKEND", "Agg")  # plt.show() must not wait for a window
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # the files run side by side
    failed = 0
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for path, (error, seconds) in zip(files, pool.map(run, files), strict=True):
            name = f"{path.relative_to(root).parts[0]}/{path.name}"  # language/file
            if error is None:
                print(f"ok      {seconds:6.1f} s  {name}", flush=True)
            else:
                failed += 1
                print(f"failed  {seconds:6.1f} s  {name}: {error}", flush=True)
    print(f"{len(files) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: run_downloads.py HTML_ROOT")
    sys.exit(main(sys.argv[1]))

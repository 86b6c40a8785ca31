"""Sessions for deeplearn-notes: ``nox -s tests``, ``nox -s docs`` and friends.

Every session installs exact versions from ``requirements/constraints.txt`` and reuses its
environment on the next run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).parent
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
PYTHON = "3.11"  # the constraints file is compiled for it

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["tests", "lint", "docs"]

PYPROJECT = nox.project.load_toml("pyproject.toml")


def install(session: nox.Session, *groups: str, editable: bool = True) -> None:
    """Install the package (editable) and dependency groups, pinned by the constraints file."""
    requirements = nox.project.dependency_groups(PYPROJECT, *groups) if groups else ()
    package = ("-e", ".") if editable else (".",)
    # Compile bytecode once at install: where PYTHONDONTWRITEBYTECODE is set, every example
    # and test run would otherwise recompile torch on import.
    session.env["UV_COMPILE_BYTECODE"] = "1"
    session.install("-c", str(CONSTRAINTS), *package, *requirements)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite, the library's docstring examples and every snippet on the pages."""
    install(session, "test", "docs")
    session.run(
        "pytest",
        "--cov=deeplearn_notes",
        "--cov-report=term-missing:skip-covered",
        "--cov-fail-under=90",
        *session.posargs,
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff and types with mypy."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the site in English and Chinese (`-- --no-plot` skips running the examples)."""
    install(session, "docs")
    session.run("python", "docs/_scripts/build.py", *session.posargs)
    session.log(
        f"Open {BUILD / 'html' / 'index.html'} or run: python -m http.server -d docs/_build/html"
    )


@nox.session(python=PYTHON)
def e2e(session: nox.Session) -> None:
    """Walk the built site (nox -s docs first) in Debian's Chromium with Playwright."""
    if not shutil.which("chromium") and "CHROMIUM" not in os.environ:
        if shutil.which("apt-get") and os.geteuid() == 0:
            session.run("apt-get", "update", "-qq", external=True)
            session.run("apt-get", "install", "-y", "-qq", "chromium", external=True)
        else:
            session.error("Chromium is missing: apt-get install chromium")
    install(session, "e2e")
    session.run("pytest", "tests/e2e", "-p", "no:cacheprovider", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Time a clean and a no-op bilingual build and fit's overhead; write .bench/latest.json."""
    install(session, "docs")
    session.chdir("benchmarks")
    session.run("python", "bench_fit.py")
    session.run("python", "bench_site.py")


@nox.session(name="docs-live", python=PYTHON)
def docs_live(session: nox.Session) -> None:
    """Serve a live-reloading English build for authors (examples not executed)."""
    install(session, "docs", "live")
    language = session.posargs[0] if session.posargs else "en"
    session.run(
        "sphinx-autobuild",
        "-D",
        "plot_gallery=0",
        "-D",
        f"language={language}",
        "--watch",
        "deeplearn_notes",
        "--watch",
        "gallery",
        "--ignore",
        "*/auto_examples/*",
        "--ignore",
        "*/api/generated/*",
        str(DOCS),
        str(BUILD / "live" / language),
    )


@nox.session(python=PYTHON)
def i18n(session: nox.Session) -> None:
    """Extract messages and update the Chinese catalogs in docs/locale (then translate them)."""
    install(session, "docs")
    gettext_dir = BUILD / "gettext"
    # A fixed creation date keeps the catalog headers unchanged from one extraction to the next.
    session.env["SOURCE_DATE_EPOCH"] = "1767225600"
    if gettext_dir.exists():
        shutil.rmtree(gettext_dir)
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-q",
        "-b",
        "gettext",
        "-D",
        "plot_gallery=0",  # the text is the same without running the examples
        "-d",
        str(BUILD / "doctrees" / "gettext"),
        str(DOCS),
        str(gettext_dir),
    )
    session.run(
        "sphinx-intl",
        "update",
        "-p",
        str(gettext_dir),
        "-d",
        str(DOCS / "locale"),
        "-l",
        "zh_CN",
        "-w",
        "0",
    )
    session.run("python", "docs/_scripts/fill_boilerplate.py", str(DOCS / "locale" / "zh_CN"))
    session.run("python", "docs/_scripts/check_catalogs.py", "--report", str(DOCS / "locale"))

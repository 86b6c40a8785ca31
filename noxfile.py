"""Sessions for deeplearn-notes: ``nox -s tests``, ``nox -s docs`` and friends.

Every session installs exact versions from ``requirements/constraints.txt`` and reuses its
environment on the next run.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import sys
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
    args = ("-c", str(CONSTRAINTS), *package, *requirements)
    # A reused environment that was installed from the same pins and metadata is up to date
    # (the package is editable): skip the installer's seconds of checking on every rebuild.
    stamp = Path(session.virtualenv.location) / ".dln-installed"
    digest = hashlib.sha256(repr(args).encode())
    for source in (CONSTRAINTS, Path("pyproject.toml"), Path("deeplearn_notes/__init__.py")):
        digest.update(source.read_bytes())
    if editable and stamp.is_file() and stamp.read_text() == digest.hexdigest():
        session.log("Installed packages are up to date (%s)", stamp)
        return
    session.install(*args)
    stamp.write_text(digest.hexdigest())


def _apt_install(session: nox.Session, package: str) -> None:
    """Install a Debian package the session needs, or stop with the command that would."""
    if not (shutil.which("apt-get") and os.geteuid() == 0):
        session.error(f"{package} is missing: apt-get install {package}")
    session.run("apt-get", "update", "-qq", external=True)
    session.run("apt-get", "install", "-y", "-qq", package, external=True)


def _has_cjk_font() -> bool:
    """Whether Noto Sans CJK SC, which the Chinese figures are drawn in, is installed."""
    fonts = Path("/usr/share/fonts")
    return any(fonts.rglob("NotoSansCJK*")) or any(Path.home().glob(".fonts/NotoSansCJK*"))


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite, the library's docstring examples and every snippet on the pages."""
    if not _has_cjk_font():
        _apt_install(session, "fonts-noto-cjk")  # the Chinese figures' tests draw with it
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
    if not _has_cjk_font():
        _apt_install(session, "fonts-noto-cjk")  # the Chinese figures
    install(session, "docs")
    session.run("python", "docs/_scripts/build.py", *session.posargs)
    session.log(
        f"Open {BUILD / 'html' / 'index.html'} or run: python -m http.server -d docs/_build/html"
    )


@nox.session(python=PYTHON)
def e2e(session: nox.Session) -> None:
    """Walk the built site (nox -s docs first) in Debian's Chromium with Playwright."""
    if not shutil.which("chromium") and "CHROMIUM" not in os.environ:
        _apt_install(session, "chromium")
    install(session, "e2e")
    session.run("pytest", "tests/e2e", "-p", "no:cacheprovider", *session.posargs)


def _install_command() -> list[str]:
    """The learners' install command, as the site states it (docs/_ext/dln_install.py)."""
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        from dln_install import INSTALL_COMMAND
    finally:
        sys.path.pop(0)
    return shlex.split(INSTALL_COMMAND)


@nox.session(python=PYTHON)
def downloads(session: nox.Session) -> None:
    """Run every downloaded script and notebook (nox -s docs first) where a learner would."""
    html = BUILD / "html"
    if not any(html.glob("*/_downloads")):
        session.error("No downloads to run: build the site first with nox -s docs")
    install(session, "release")
    tmp = Path(session.create_tmp())
    wheels = tmp / "wheels"
    shutil.rmtree(wheels, ignore_errors=True)
    session.run("python", "-m", "build", "--wheel", "--outdir", str(wheels), str(ROOT))
    # A clean environment each time, set up as the site tells a learner to.
    learner = tmp / "learner"
    shutil.rmtree(learner, ignore_errors=True)
    session.run("python", "-m", "venv", str(learner))
    python = str(learner / "bin" / "python")
    # deeplearn-notes from the wheel just built, everything else from the index, pinned.
    env = {"PIP_FIND_LINKS": str(wheels), "PIP_CONSTRAINT": str(CONSTRAINTS)}
    pip = [python, "-m", *_install_command()]
    session.run(*pip, "--quiet", "--disable-pip-version-check", env=env, external=True)
    jupyter = ["ipykernel", "nbclient", "nbformat"]  # what a notebook runner brings
    session.run(python, "-m", "pip", "install", "--quiet", *jupyter, env=env, external=True)
    runner = str(DOCS / "_scripts" / "run_downloads.py")
    session.run(python, runner, str(html), *session.posargs, env=env, external=True)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Time a clean and a no-op bilingual build and fit's overhead; write .bench/latest.json."""
    if not _has_cjk_font():
        _apt_install(session, "fonts-noto-cjk")
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
    session.run("python", "docs/_scripts/theme_messages.py", str(gettext_dir))
    session.run("python", "docs/_scripts/figure_messages.py", str(gettext_dir))
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

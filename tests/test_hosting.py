"""The hosting files build the site the way nox does and publish the right folder."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOX_PIN = re.search(r'"nox==([\d.]+)"', (ROOT / ".ci" / "run").read_text())[1]


def _steps_text(commands: list[str]) -> str:
    return "\n".join(commands)


def test_read_the_docs_builds_with_nox_and_serves_both_languages():
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    assert config["version"] == 2
    assert config["build"]["tools"]["python"] == "3.11"
    commands = _steps_text(config["build"]["commands"])
    assert f"nox=={NOX_PIN}" in commands
    assert "nox -s docs" in commands
    assert 'DLN_INTERSPHINX=1 DLN_SITE_URL="$READTHEDOCS_CANONICAL_URL" nox -s docs' in commands
    assert "docs/_build/html/." in commands and "$READTHEDOCS_OUTPUT/html" in commands


def test_github_pages_workflow_builds_with_nox_and_uploads_the_site():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert "main" in triggers["push"]["branches"]
    assert workflow["permissions"]["pages"] == "write"
    build = workflow["jobs"]["build"]["steps"]
    runs = _steps_text([s.get("run", "") for s in build])
    assert f"nox=={NOX_PIN}" in runs and "nox -s docs" in runs
    docs_step = next(s for s in build if s.get("run") == "nox -s docs")
    assert docs_step["env"]["DLN_INTERSPHINX"] == "1"
    assert docs_step["env"]["DLN_SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "docs/_build/html"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy["steps"])


def test_the_published_folder_is_what_nox_builds():
    noxfile = (ROOT / "noxfile.py").read_text()
    assert '"docs/_scripts/build.py"' in noxfile
    build = (ROOT / "docs" / "_scripts" / "build.py").read_text()
    assert 'BUILD = DOCS / "_build"' in build and 'str(BUILD / "html" / language)' in build


def test_release_workflow_builds_checks_tests_the_wheel_then_publishes():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"]["tags"] == ["v*"]
    jobs = workflow["jobs"]
    build = _steps_text([s.get("run", "") for s in jobs["build"]["steps"]])
    assert "uv build" in build and "twine check --strict dist/*" in build
    assert '"v$version" = "$GITHUB_REF_NAME"' in build  # the tag is the version
    assert jobs["test"]["needs"] == "build"
    test = _steps_text([s.get("run", "") for s in jobs["test"]["steps"]])
    assert "dist/*.whl" in test and "rm -r deeplearn_notes" in test and "pytest tests" in test
    publish = jobs["publish"]
    assert publish["needs"] == "test"
    assert publish["permissions"]["id-token"] == "write"  # trusted publishing, no token
    uses = [s.get("uses", "") for s in publish["steps"]]
    assert any(u.startswith("pypa/gh-action-pypi-publish@") for u in uses)
    assert not any("password" in s.get("with", {}) for s in publish["steps"])


def test_the_version_lives_in_one_place():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in pyproject["project"]
    assert pyproject["project"]["dynamic"] == ["version"]
    dynamic = pyproject["tool"]["setuptools"]["dynamic"]
    assert dynamic["version"] == {"attr": "deeplearn_notes.__version__"}

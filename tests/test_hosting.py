"""The hosting files build the site the way nox does and publish the right folder."""

from __future__ import annotations

import re
from pathlib import Path

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
    assert "docs/_build/html/." in commands and "$READTHEDOCS_OUTPUT/html" in commands


def test_github_pages_workflow_builds_with_nox_and_uploads_the_site():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert "main" in triggers["push"]["branches"]
    assert workflow["permissions"]["pages"] == "write"
    build = workflow["jobs"]["build"]["steps"]
    runs = _steps_text([s.get("run", "") for s in build])
    assert f"nox=={NOX_PIN}" in runs and "nox -s docs" in runs
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

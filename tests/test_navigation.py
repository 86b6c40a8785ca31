"""The sidebar navigation that dln_navigation builds once per folder is furo's, page for page,
and its labels are in the page's language."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS / "_ext"))

from dln_navigation import FolderTree  # noqa: E402

# Compares, on every page, what furo's own function gives with the tree the page got.
PROBE_EXTENSION = """
import json
from pathlib import Path

import furo

pages = []


def compare(app, pagename, templatename, context, doctree):
    ours = context.get("furo_navigation_tree")
    if ours is not None:
        theirs = furo._compute_navigation_tree.furo_function(context)
        pages.append({"page": pagename, "same": ours == theirs, "tree": ours})


def write(app, exception):
    Path(app.outdir, "navigation.json").write_text(json.dumps(pages), encoding="utf-8")


def setup(app):
    app.connect("html-page-context", compare, priority=900)  # after furo's
    app.connect("build-finished", write)
    return {"parallel_read_safe": True}
"""

PAGES = {
    "index.rst": "Home\n====\n\n.. toctree::\n   :caption: Start\n\n   intro\n   guide/index\n\n"
    ".. toctree::\n   :caption: More\n   :hidden:\n\n   more/index\n",
    "intro.md": "# Introduction\n\nText.\n\n## A section\n\nMore.\n",
    "guide/index.md": "# Guide\n\n```{toctree}\nfirst\nsecond\ndeep/index\n```\n",
    "guide/first.md": "# First step\n",
    "guide/second.md": "# Second step with `code`\n",
    "guide/deep/index.md": "# Deeper\n\n```{toctree}\nleaf\n```\n",
    "guide/deep/leaf.md": "# A leaf & <its> title\n",
    # Two top-level sections, like the gallery's index: the second is linked with an anchor.
    "more/index.rst": "More\n====\n\n.. toctree::\n\n   x\n\nOther part\n==========\n\n"
    ".. toctree::\n\n   y\n",
    "more/x.md": "# X\n",
    "more/y.md": "# Y\n",
}


def _site(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in PAGES.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    (docs / "_ext").mkdir()
    shutil.copy(DOCS / "_ext" / "dln_navigation.py", docs / "_ext")
    (docs / "_ext" / "nav_probe.py").write_text(PROBE_EXTENSION, encoding="utf-8")
    locale = docs / "locale" / "zh_CN" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    shutil.copy(DOCS / "locale" / "zh_CN" / "LC_MESSAGES" / "sphinx.po", locale)
    (docs / "conf.py").write_text(
        "import sys\nfrom pathlib import Path\n"
        "sys.path.insert(0, str(Path(__file__).parent / '_ext'))\n"
        "extensions = ['myst_parser', 'dln_navigation', 'nav_probe']\n"
        "html_theme = 'furo'\nlocale_dirs = ['locale']\ngettext_compact = False\n"
        "exclude_patterns = ['_build']\n",
        encoding="utf-8",
    )
    return docs


def _build(docs: Path, language: str) -> list[dict]:
    out = docs / "_build" / language
    result = subprocess.run(
        [
            sys.executable,
            *("-m", "sphinx", "-W", "-q", "-b", "html", "-D"),
            f"language={language}",
            str(docs),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads((out / "navigation.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_every_page_gets_furos_own_navigation_and_chinese_labels(tmp_path):
    docs = _site(tmp_path)
    english = _build(docs, "en")
    names = {page["page"] for page in english}
    assert {"index", "intro", "guide/deep/leaf", "more/y", "genindex", "search"} <= names
    assert [page["page"] for page in english if not page["same"]] == []
    leaf = next(page["tree"] for page in english if page["page"] == "guide/deep/leaf")
    assert 'class="current reference internal" href="#"' in leaf  # the tree marks the page
    assert "Toggle navigation of Guide" in leaf
    more = next(page["tree"] for page in english if page["page"] == "more/index")
    assert 'href="#other-part"' in more  # a section of the page itself

    chinese = _build(docs, "zh_CN")
    for page in chinese:
        assert "Toggle navigation of" not in page["tree"], page["page"]
    leaf = next(page["tree"] for page in chinese if page["page"] == "guide/deep/leaf")
    assert "展开或收起“Guide”" in leaf


TREE = (
    '<ul><li class="toctree-l1 has-children"><a class="reference internal" href="a.html">A</a>'
    '<input aria-label="Toggle navigation of A" class="toctree-checkbox" id="toctree-checkbox-1"'
    ' name="toctree-checkbox-1" role="switch" type="checkbox"/><label for="toctree-checkbox-1">'
    '</label><ul><li class="toctree-l2"><a class="reference internal" href="b.html">B</a></li>'
    '<li class="toctree-l2"><a class="reference internal" href="a.html#part">Part</a></li>'
    "</ul></li></ul>"
)


def test_a_page_marks_its_path_and_the_folder_tree_stays_unmarked():
    tree = FolderTree(TREE, lambda title: f"展开或收起“{title}”")
    page_b = tree.for_page("b.html")
    assert '<li class="toctree-l1 current has-children">' in page_b
    assert 'checked=""' in page_b and '<ul class="current">' in page_b
    assert (
        '<li class="toctree-l2 current current-page"><a class="current reference internal" '
        'href="#">B</a>' in page_b
    )
    assert 'aria-label="展开或收起“A”"' in page_b
    page_a = tree.for_page("a.html")
    assert 'href="#part"' in page_a  # its own section: an anchor on the same page
    assert '<li class="toctree-l1 current has-children current-page">' in page_a
    unmarked = tree.for_page(None)
    assert "current" not in unmarked and "checked" not in unmarked
    assert tree.for_page("b.html") == page_b  # marking one page left nothing behind

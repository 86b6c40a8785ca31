"""Notebook Markdown from one pandoc run per notebook instead of one per text block.

sphinx-gallery converts each text block of an example to Markdown with its own pandoc process:
about 900 processes for the gallery's notebooks in two languages, a large share of a clean
build. Here all the text blocks of a notebook go through pandoc together, separated by a
marker paragraph, and the Markdown is cut at the markers. The cells are the same; the Lua
filter (``notebook_roles.lua``) is told by ``dln_whole_notebook`` that the heading levels are
already the notebook's.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx_gallery import notebook

BREAK = "DLNNOTEBOOKCELLBREAK"
_BREAK_LINE = re.compile(rf"^{BREAK}$", re.MULTILINE)

_per_block_fill = notebook.fill_notebook


def markdown_cells(texts: list[str], pypandoc_conf: dict[str, Any]) -> list[str] | None:
    """The Markdown of each rST text block, from one pandoc run; None if the cut fails."""
    import pypandoc

    extra_args = [*pypandoc_conf.get("extra_args", []), "--metadata=dln_whole_notebook:true"]
    markdown = pypandoc.convert_text(
        f"\n\n{BREAK}\n\n".join(texts),
        to="md",
        format="rst",
        **{**pypandoc_conf, "extra_args": extra_args},
    )
    parts = _BREAK_LINE.split(markdown)
    if len(parts) != len(texts):
        return None
    # As pandoc writes one block on its own: no blank lines around it, one newline at the end.
    return [part.strip("\n") + "\n" if part.strip() else "\n" for part in parts]


def fill_notebook(
    work_notebook: dict[str, Any],
    script_blocks: list[Any],
    gallery_conf: dict[str, Any],
    target_dir: str,
) -> None:
    """sphinx-gallery's ``fill_notebook`` with one pandoc run for all the text blocks."""
    pypandoc_conf = gallery_conf["pypandoc"]
    texts = [content for label, content, _ in script_blocks if label != "code"]
    # The cases this does not handle go the per-block way.
    simple = not (gallery_conf["promote_jupyter_magic"] or gallery_conf.get("rst_link_targets"))
    cells = markdown_cells(texts, pypandoc_conf) if pypandoc_conf and texts and simple else None
    if cells is None:
        _per_block_fill(work_notebook, script_blocks, gallery_conf, target_dir)
        return
    markdown = iter(cells)
    for label, content, _ in script_blocks:
        if label == "code":
            notebook.add_code_cell(work_notebook, content)
        else:
            notebook.add_markdown_cell(work_notebook, next(markdown))


def install() -> None:
    """Make sphinx-gallery's notebooks (and the Chinese ones) use :func:`fill_notebook`."""
    notebook.fill_notebook = fill_notebook

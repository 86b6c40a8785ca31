"""Chinese downloads: an example script with its text and comments from the Chinese catalog.

:func:`translate_script` rewrites a gallery script line by line: each reST paragraph of its
docstring and ``# %%`` text cells becomes the ``msgstr`` of that paragraph in the example's
catalog (titles re-underlined), and each code comment the Chinese of the same comment in the
catalog's code blocks. The code itself is untouched (a test compares the tokens). The Chinese
notebook and zips are made from the result by sphinx-gallery's own functions (``dln_site``).
"""

from __future__ import annotations

import io
import json
import re
import tokenize
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dln_figures import LANGUAGE, load_catalog

_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+<>])\1+$")
_BULLET = re.compile(r"^(\*|-|#\.|\d+\.)\s+")


def width(text: str) -> int:
    """Columns a line takes, as docutils counts them (wide characters count twice)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def comments(code: str) -> list[tuple[int, int, int, str]]:
    """Every comment of a piece of Python: (line, start column, end column, text)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []
    return [
        (t.start[0], t.start[1], t.end[1], t.string) for t in tokens if t.type == tokenize.COMMENT
    ]


def comment_translations(catalog: dict[str, str]) -> dict[str, str]:
    """English comment → Chinese comment, from the catalog's translated code blocks."""
    found: dict[str, str] = {}
    for english, chinese in catalog.items():
        if "#" not in english or english == chinese:
            continue
        pairs = [c[3] for c in comments(english)], [c[3] for c in comments(chinese)]
        if len(pairs[0]) == len(pairs[1]):
            found.update((e, c) for e, c in zip(*pairs, strict=True) if e != c)
    return found


@dataclass
class Translation:
    """A translated script and the English texts that found no translation."""

    text: str
    missing: list[str] = field(default_factory=list)


def _translate_paragraph(
    lines: list[str], catalog: dict[str, str], missing: list[str]
) -> list[str]:
    if not lines or lines[0].startswith((" ", "\t", ".. ")):
        return lines  # a directive and its body (maths, notes): nothing to translate
    if len(lines) == 2 and _UNDERLINE.match(lines[1]):
        title = catalog.get(lines[0].strip())
        if title is None:
            missing.append(lines[0].strip())
            return lines
        return [title, lines[1][0] * width(title)]
    if _BULLET.match(lines[0]):
        items: list[list[str]] = []
        for line in lines:
            if _BULLET.match(line) or not items:
                items.append([line])
            else:
                items[-1].append(line)
        out = []
        for item in items:
            bullet = _BULLET.match(item[0])
            marker = bullet.group(0) if bullet else ""
            english = " ".join([item[0][len(marker) :], *(x.strip() for x in item[1:])]).strip()
            chinese = catalog.get(english)
            if chinese is None:
                missing.append(english)
                out += item
            else:
                out.append(marker + chinese)
        return out
    english = " ".join(line.strip() for line in lines)
    chinese = catalog.get(english)
    if chinese is None:
        missing.append(english)
        return lines
    return [chinese]


def translate_text(text: str, catalog: dict[str, str], missing: list[str]) -> str:
    """A reST text with every paragraph, title and list item replaced by its translation."""
    out: list[str] = []
    paragraph: list[str] = []
    for line in [*text.split("\n"), ""]:
        if line.strip():
            paragraph.append(line)
            continue
        out += _translate_paragraph(paragraph, catalog, missing)
        paragraph = []
        out.append(line)
    return "\n".join(out[:-1])


def translate_script(source: str, catalog: dict[str, str]) -> Translation:
    """The script with its docstring, text cells and comments in the catalog's language."""
    missing: list[str] = []
    lines = source.split("\n")
    out: list[str] = []
    i = 0
    # The docstring: r\"\"\" ... \"\"\" at the top.
    if lines and lines[0].lstrip("r").startswith('"""'):
        end = next(j for j in range(1, len(lines)) if lines[j].rstrip().endswith('"""'))
        body = "\n".join(lines[1:end])
        out += [lines[0], *translate_text(body, catalog, missing).split("\n"), lines[end]]
        i = end + 1
    code: list[str] = []

    def flush_code() -> None:
        text = "\n".join(code)
        translated = text.split("\n")
        for line, start, stop, english in reversed(comments(text + "\n")):
            chinese = comment_map.get(english)
            if chinese is None:
                if not english.startswith(("# sphinx_gallery", "# noqa", "# type:")):
                    missing.append(english)
                continue
            row = translated[line - 1]
            translated[line - 1] = row[:start] + chinese + row[stop:]
        out.extend(translated if code else [])
        code.clear()

    comment_map = comment_translations(catalog)
    while i < len(lines):
        line = lines[i]
        if line.startswith("# %%"):
            flush_code()
            out.append(line)
            i += 1
            cell: list[str] = []
            while i < len(lines) and lines[i].startswith("#"):
                cell.append(lines[i][2:] if lines[i].startswith("# ") else "")
                i += 1
            translated = translate_text("\n".join(cell), catalog, missing) if cell else ""
            out += [f"# {x}".rstrip() for x in translated.split("\n")] if cell else []
            continue
        code.append(line)
        i += 1
    flush_code()
    return Translation("\n".join(out), missing)


def code_tokens(source: str) -> list[tuple[int, str]]:
    """The tokens of a script apart from comments, strings and layout: its code."""
    skip = {
        tokenize.COMMENT,
        tokenize.STRING,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
    }
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [(t.type, t.string) for t in tokens if t.type not in skip]


# -- Writing the Chinese downloads during the Chinese build -------------------------------------

INSTALL_COMMENT = "# 安装本站的代码库以及示例用到的依赖"


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _zip(path: Path, files: dict[str, bytes]) -> None:
    """A zip with fixed dates, rewritten only when its content changed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(files.items()):
            zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    _write_if_changed(path, buffer.getvalue())


def write_chinese_downloads(
    gallery: Path,
    target: Path,
    locale: Path,
    gallery_conf: dict[str, Any],
    links_file: Path,
    extras: dict[str, dict[str, str]],
) -> list[str]:
    """Write ``<section>/zh_CN/plot_x.{py,ipynb,zip}`` and the zipped galleries under
    ``target/zh_CN``; return the texts that had no translation."""
    from sphinx_gallery.notebook import jupyter_notebook
    from sphinx_gallery.py_source_parser import (
        Block,
        remove_config_comments,
        remove_ignore_blocks,
        split_code_and_text_blocks,
    )

    conf = dict(gallery_conf)
    conf["first_notebook_cell"] = f"{INSTALL_COMMENT}\n{gallery_conf['first_notebook_cell']}"
    args = [
        a if not a.startswith("--metadata=dln_links:") else f"--metadata=dln_links:{links_file}"
        for a in (gallery_conf.get("pypandoc") or {}).get("extra_args", [])
    ]
    conf["pypandoc"] = {**(gallery_conf.get("pypandoc") or {}), "extra_args": args}
    missing: list[str] = []
    scripts: dict[str, bytes] = {}
    notebooks: dict[str, bytes] = {}
    for script in sorted(gallery.rglob("plot_*.py")):
        section = script.parent.relative_to(gallery)
        catalog = load_catalog(locale / target.name / section / f"{script.stem}.po")
        translation = translate_script(script.read_text(encoding="utf-8"), catalog)
        missing += [f"{script.name}: {m}" for m in translation.missing]
        out_dir = target / section / LANGUAGE
        py_path = out_dir / script.name
        py_bytes = translation.text.encode("utf-8")
        nb_path = py_path.with_suffix(".ipynb")
        stale = not nb_path.is_file() or nb_path.stat().st_mtime < links_file.stat().st_mtime
        if _write_if_changed(py_path, py_bytes) or stale:
            _, blocks = split_code_and_text_blocks(py_path)
            blocks = [
                Block(b.type, remove_config_comments(remove_ignore_blocks(b.content)), b.lineno)
                if b.type == "code"
                else b
                for b in blocks
            ]
            notebook = jupyter_notebook(blocks, conf, out_dir)
            nb_text = json.dumps(notebook, indent=2, ensure_ascii=False) + "\n"
            nb_path.write_text(nb_text, encoding="utf-8")
        nb_bytes = nb_path.read_bytes()
        _zip(py_path.with_suffix(".zip"), {py_path.name: py_bytes, nb_path.name: nb_bytes})
        scripts[f"{section.as_posix()}/{script.name}"] = py_bytes
        notebooks[f"{section.as_posix()}/{nb_path.name}"] = nb_bytes
    for kind, files in (("python", scripts), ("jupyter", notebooks)):
        extra = {name: text.encode("utf-8") for name, text in extras[kind].items()}
        _zip(target / LANGUAGE / f"{target.name}_{kind}.zip", {**files, **extra})
    return missing

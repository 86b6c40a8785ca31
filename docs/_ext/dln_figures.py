"""Chinese figures from the same run: an image scraper that saves every figure twice.

While an example runs (once, for both languages), :class:`BilingualScraper` saves each figure
as drawn, through sphinx-gallery's matplotlib scraper, and again with its text translated from
``figures.po`` and drawn in a CJK font, as ``<image>.zh_CN.png`` beside it; the Chinese build
shows those (``dln_site``). Every text the scraper sees is recorded, with its numbers turned
into placeholders ("epoch {0}"), in ``.figure_text.json`` of the gallery: ``nox -s i18n`` makes
the ``figures`` catalog from it, so a new number needs no new translation.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

LANGUAGE = "zh_CN"
CJK_FONT = "Noto Sans CJK SC"
TEXT_FILE = ".figure_text.json"

# A number that is not part of a name: "epoch 5", "y = 1.89x + 3.29", not "Conv2d" or "x3".
_NUMBER = re.compile(r"(?<![A-Za-z_\d.])[-−]?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\d.])")
_LETTERS = re.compile(r"[A-Za-z]{2,}")


def template(text: str) -> tuple[str, list[str]]:
    """``text`` with its numbers replaced by ``{0}``, ``{1}`` ..., and the numbers."""
    numbers: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        numbers.append(match.group(0))
        return f"{{{len(numbers) - 1}}}"

    escaped = text.replace("{", "{{").replace("}", "}}")
    return _NUMBER.sub(placeholder, escaped), numbers


def needs_translation(text: str) -> bool:
    """Whether a figure text holds words (not only numbers, symbols or maths)."""
    return bool(_LETTERS.search(re.sub(r"\$[^$]*\$", "", text)))


def load_catalog(po_path: Path) -> dict[str, str]:
    """The translations of a catalog, English → Chinese (empty when there is none yet)."""
    if not po_path.is_file():
        return {}
    return dict(_read_catalog(str(po_path), po_path.stat().st_mtime_ns))


@functools.lru_cache(maxsize=256)
def _read_catalog(path: str, mtime_ns: int) -> tuple[tuple[str, str], ...]:
    """Read once per version of the file: every page of a build asks for the same ones."""
    from babel.messages.pofile import read_po

    with open(path, "rb") as f:
        catalog = read_po(f)
    return tuple(
        (m.id, m.string)
        for m in catalog
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string and not m.fuzzy
    )


def translate(text: str, catalog: dict[str, str]) -> str | None:
    """The Chinese of a figure text, numbers put back; None when the catalog lacks it."""
    key, numbers = template(text)
    translated = catalog.get(key)
    if translated is None:
        return None
    return translated.format(*numbers)


def find_cjk_font() -> str:
    """The path of the CJK font; a clear error when none is installed (never boxes)."""
    from matplotlib import font_manager

    for font in font_manager.fontManager.ttflist:
        if font.name == CJK_FONT:
            return str(font.fname)
    # Installed after matplotlib cached its font list: add the files themselves.
    for folder in (Path("/usr/share/fonts"), Path.home() / ".fonts"):
        for path in sorted(folder.rglob("NotoSansCJK-*.tt[cf]")) if folder.is_dir() else []:
            font_manager.fontManager.addfont(str(path))
    for font in font_manager.fontManager.ttflist:
        if font.name == CJK_FONT:
            return str(font.fname)
    raise RuntimeError(
        f"No {CJK_FONT} font found, which the Chinese figures need: install Debian's "
        "fonts-noto-cjk (nox -s docs does so itself when it runs as root)."
    )


def figure_texts(fig: Any) -> list[Any]:
    """Every text artist of a figure that holds words: titles, labels, legends, annotations."""
    from matplotlib.text import Text

    return [t for t in fig.findobj(Text) if t.get_visible() and needs_translation(t.get_text())]


def chinese_path(image_path: str | Path) -> Path:
    path = Path(image_path)
    return path.with_name(f"{path.stem}.{LANGUAGE}{path.suffix}")


class BilingualScraper:
    """sphinx-gallery image scraper: each figure as drawn, and in Chinese beside it.

    The Chinese copy is drawn here, in the build's process. Drawing it in a forked child, on the
    idle second core, was measured and dropped: the child shares the open font file's offset
    with the parent (FreeType "invalid outline" errors) and hangs once an example has started
    an OpenMP pool.
    """

    def __init__(self, catalog_path: str, text_file: str) -> None:
        self.catalog_path = Path(catalog_path)
        self.text_file = Path(text_file)
        self._catalog: dict[str, str] | None = None
        self._recorded: set[str] = set()  # examples whose record this build rewrote

    def __repr__(self) -> str:  # sphinx-gallery hashes its configuration through repr
        return "BilingualScraper()"

    # Sphinx compares the configuration of two builds: equal settings must compare equal.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, BilingualScraper) and (
            (self.catalog_path, self.text_file) == (other.catalog_path, other.text_file)
        )

    def __hash__(self) -> int:
        return hash((self.catalog_path, self.text_file))

    def __getstate__(self) -> dict[str, Any]:
        return {"catalog_path": self.catalog_path, "text_file": self.text_file}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(str(state["catalog_path"]), str(state["text_file"]))  # type: ignore[misc]

    def __call__(self, block: Any, block_vars: dict[str, Any], gallery_conf: dict[str, Any]) -> str:
        import matplotlib.pyplot as plt
        from sphinx_gallery.scrapers import matplotlib_scraper

        if self._catalog is None:
            find_cjk_font()
            self._catalog = load_catalog(self.catalog_path)
        paths = block_vars["image_path_iterator"]
        seen: list[str] = []
        for offset, number in enumerate(plt.get_fignums()):
            fig = plt.figure(number)
            image = paths.image_path.format(len(paths) + offset + 1)
            seen += self._save_chinese(fig, chinese_path(image), gallery_conf)
        self._record(block_vars["src_file"], seen)
        return matplotlib_scraper(block, block_vars, gallery_conf)

    def _save_chinese(self, fig: Any, path: Path, gallery_conf: dict[str, Any]) -> list[str]:
        import matplotlib

        assert self._catalog is not None
        texts = figure_texts(fig)
        originals = [t.get_text() for t in texts]
        for text, original in zip(texts, originals, strict=True):
            translated = translate(original, self._catalog)
            if translated is not None:
                text.set_text(translated)
        families = [CJK_FONT, *matplotlib.rcParams["font.sans-serif"]]
        try:
            with matplotlib.rc_context({"font.sans-serif": families}):
                fig.savefig(path, facecolor=fig.get_facecolor(), edgecolor=fig.get_edgecolor())
        finally:
            for text, original in zip(texts, originals, strict=True):
                text.set_text(original)
        return [template(t)[0] for t in originals]

    def _record(self, src_file: str, templates: Iterable[str]) -> None:
        """Add the example's figure texts to the gallery's record, for ``nox -s i18n``."""
        record: dict[str, list[str]] = {}
        if self.text_file.is_file():
            record = json.loads(self.text_file.read_text(encoding="utf-8"))
        name = Path(src_file).name
        # The first block of an example's run starts its record afresh: no stale texts.
        previous = set(record.get(name, [])) if name in self._recorded else set()
        self._recorded.add(name)
        record[name] = sorted(previous | set(templates))
        self.text_file.parent.mkdir(parents=True, exist_ok=True)
        self.text_file.write_text(
            json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
        )

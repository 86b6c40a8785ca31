"""Check the built site: every page has its twin in the other language, linked both ways, and
no example's printed output shows an object's default repr.

Usage: python docs/_scripts/check_site.py docs/_build/html
"""

from __future__ import annotations

import html
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

LANGUAGES = ("en", "zh_CN")
SKIP_DIRS = {"_static", "_images", "_sources", "_downloads", "_sphinx_design_static"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.alternates: dict[str, str] = {}
        self.switcher: list[str] = []
        self.html_lang = ""
        self._in_switcher = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang", "")
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a.get("href", "")
        elif tag == "nav" and "dln-lang-switcher" in a.get("class", ""):
            self._in_switcher = True
        elif tag == "a" and self._in_switcher:
            self.switcher.append(a.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_switcher = False


# Reprs that mean a block echoed an object instead of printing something a learner can read.
REPR_LEAK = re.compile(r"object at 0x[0-9a-fA-F]+|\bText\(-?\d|<matplotlib\.|<mpl_toolkits\.")
_SCRIPT_OUT = re.compile(r'<div class="sphx-glr-script-out[^"]*">.*?<pre>(.*?)</pre>', re.S)
_TAG = re.compile(r"<[^>]+>")


def repr_leaks(page_html: str) -> list[str]:
    """Lines of the page's example output blocks that show an object's repr."""
    leaks = []
    for block in _SCRIPT_OUT.finditer(page_html):
        text = html.unescape(_TAG.sub("", block.group(1)))
        leaks += [line.strip() for line in text.splitlines() if REPR_LEAK.search(line)]
    return leaks


def pages(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if not SKIP_DIRS.intersection(p.relative_to(root).parts)
    }


def problems(html_root: Path) -> list[str]:
    found: list[str] = []
    sets = {lang: pages(html_root / lang) for lang in LANGUAGES}
    for lang, other in (LANGUAGES, LANGUAGES[::-1]):
        for page in sorted(sets[lang] - sets[other]):
            found.append(f"{lang}/{page} has no {other} twin")
    for lang in LANGUAGES:
        other = LANGUAGES[1] if lang == LANGUAGES[0] else LANGUAGES[0]
        for page in sorted(sets[lang] & sets[other]):
            path = html_root / lang / page
            text = path.read_text(encoding="utf-8")
            found += [f"{lang}/{page}: output shows a repr: {leak}" for leak in repr_leaks(text)]
            parser = _Links()
            parser.feed(text)
            target = (path.parent / parser.alternates.get(other.replace("_", "-"), "")).resolve()
            if target != (html_root / other / page).resolve():
                found.append(f"{lang}/{page}: hreflang link to {other} missing or wrong")
            twin = [h for h in parser.switcher if (path.parent / h).resolve() == target]
            if not twin:
                found.append(f"{lang}/{page}: no language switcher link to its {other} twin")
    return found


def main(html_root: str) -> int:
    found = problems(Path(html_root))
    for line in found[:50]:
        print(line)
    count = len(pages(Path(html_root) / LANGUAGES[0]))
    print(f"{count} pages per language, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_site.py HTML_ROOT")
    sys.exit(main(sys.argv[1]))

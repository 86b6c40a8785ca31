"""Check the built site: every page has its twin in the other language, linked both ways; no
example's printed output shows an object's default repr; no page shows markup that failed to
render (a role such as :math:`x` or {doc}`x`, or the asterisks of broken bold text); no Chinese
page shows the theme's English text.

Usage: python docs/_scripts/check_site.py docs/_build/html
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

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


# Markup that reaches a reader when a translation (or a page) breaks it.
RAW_MARKUP = re.compile(r"(?::[a-z]+:|\{[a-z]+\})`|\*\*[^*\s][^*]*?(?<=\S)\*\*")
_CODE = re.compile(r"<(pre|code|script|style|textarea)\b.*?</\1>", re.S)
_ARTICLE = re.compile(r'<article[^>]*role="main"[^>]*>(.*)</article>', re.S)


def raw_markup(page_html: str) -> list[str]:
    """Snippets of a page's prose (outside code) that show unrendered markup."""
    article = _ARTICLE.search(page_html)
    # Code becomes a placeholder: a role left before it (":math:<code>x</code>") still shows.
    body = _CODE.sub("`code`", article[1] if article else page_html)
    text = html.unescape(_TAG.sub("", body))
    return [text[max(m.start() - 30, 0) : m.end() + 30].strip() for m in RAW_MARKUP.finditer(text)]


# The theme's English texts, which the Chinese pages must show translated (docs/locale's sphinx.po).
THEME_ENGLISH = (
    "Skip to content",
    "Back to top",
    "On this page",
    "Made with",
    "Toggle site navigation sidebar",
    "Toggle table of contents sidebar",
    "Toggle Light / Dark / Auto color theme",
    "Toggle navigation of",
    'aria-label="Language"',
    "Please activate JavaScript",
    ">Next<",
    ">Previous<",
)


def english_theme_text(page_html: str) -> list[str]:
    body = _CODE.sub(" ", page_html)
    return [text for text in THEME_ENGLISH if text in body]


# Pygments marks comments as <span class="c1"> (and c, ch, cm); a Chinese one holds Han characters.
_COMMENT = re.compile(r'<span class="c[1hm]?">(.*?)</span>', re.S)
_HAN = re.compile(r"[\u4e00-\u9fff]")
MIN_CHINESE_COMMENTS = 0.8


def comment_counts(page_html: str) -> tuple[int, int]:
    """How many code comments a page shows, and how many of them are Chinese."""
    comments = [html.unescape(c) for c in _COMMENT.findall(page_html)]
    comments = [c for c in comments if c.strip("# ")]
    return len(comments), sum(1 for c in comments if _HAN.search(c))


def pages(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if not SKIP_DIRS.intersection(p.relative_to(root).parts)
    }


# Where the links that _Links reads are: parsing only these is ten times faster than the page.
_LINK_PARTS = re.compile(
    r"<html\b[^>]*>|<head\b.*?</head>|<nav\b[^>]*dln-lang-switcher.*?</nav>", re.S
)


def page_facts(path: Path, lang: str) -> dict[str, Any]:
    """What the checks need from one page; the same for a page until it is written again."""
    text = path.read_text(encoding="utf-8")
    parser = _Links()
    parser.feed("".join(m.group(0) for m in _LINK_PARTS.finditer(text)))
    facts: dict[str, Any] = {
        "leaks": repr_leaks(text),
        "raw": raw_markup(text),
        "alternates": parser.alternates,
        "switcher": parser.switcher,
    }
    if lang != "en":
        facts["theme"] = english_theme_text(text)
        facts["comments"] = comment_counts(text)
    return facts


class FactCache:
    """Page facts kept between runs, keyed by each page's size and modification time: a
    rebuild that writes a few pages has only those read again."""

    def __init__(self, html_root: Path) -> None:
        # Beside the site, not in it: the site is published as it is.
        self.path = html_root.parent / f".check_site-{html_root.name}.json"
        try:
            self.old = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.old = {}
        # A change to this script changes what the facts hold.
        self.version = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
        if self.old.get("version") != self.version:
            self.old = {}
        self.new: dict[str, Any] = {}

    def facts(self, path: Path, key: str, lang: str) -> dict[str, Any]:
        stat = path.stat()
        stamp = [stat.st_mtime_ns, stat.st_size]
        entry = self.old.get("pages", {}).get(key)
        if entry is None or entry["stamp"] != stamp:
            entry = {"stamp": stamp, "facts": page_facts(path, lang)}
        self.new[key] = entry
        return entry["facts"]

    def save(self) -> None:
        data = {"version": self.version, "pages": self.new}
        self.path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def problems(html_root: Path) -> tuple[list[str], float]:
    """What is wrong with the built site, and the share of Chinese code comments on zh pages."""
    found: list[str] = []
    comments = chinese = 0
    cache = FactCache(html_root)
    sets = {lang: pages(html_root / lang) for lang in LANGUAGES}
    for lang, other in (LANGUAGES, LANGUAGES[::-1]):
        for page in sorted(sets[lang] - sets[other]):
            found.append(f"{lang}/{page} has no {other} twin")
    for lang in LANGUAGES:
        other = LANGUAGES[1] if lang == LANGUAGES[0] else LANGUAGES[0]
        for page in sorted(sets[lang] & sets[other]):
            path = html_root / lang / page
            facts = cache.facts(path, f"{lang}/{page}", lang)
            found += [f"{lang}/{page}: output shows a repr: {leak}" for leak in facts["leaks"]]
            found += [f"{lang}/{page}: raw markup: {bit!r}" for bit in facts["raw"]]
            if lang != "en":
                found += [f"{lang}/{page}: English theme text {t!r}" for t in facts["theme"]]
                page_comments, page_chinese = facts["comments"]
                comments, chinese = comments + page_comments, chinese + page_chinese
            href = facts["alternates"].get(other.replace("_", "-"), "")
            target = (path.parent / href).resolve()
            if target != (html_root / other / page).resolve():
                found.append(f"{lang}/{page}: hreflang link to {other} missing or wrong")
            twin = [h for h in facts["switcher"] if (path.parent / h).resolve() == target]
            if not twin:
                found.append(f"{lang}/{page}: no language switcher link to its {other} twin")
    cache.save()
    share = chinese / comments if comments else 1.0
    if share < MIN_CHINESE_COMMENTS:
        found.append(f"only {share:.0%} of the zh_CN code comments are Chinese")
    return found, share


def main(html_root: str) -> int:
    found, share = problems(Path(html_root))
    print(f"Chinese code comments on the zh_CN pages: {share:.0%}")
    for line in found[:50]:
        print(line)
    count = len(pages(Path(html_root) / LANGUAGES[0]))
    print(f"{count} pages per language, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_site.py HTML_ROOT")
    sys.exit(main(sys.argv[1]))

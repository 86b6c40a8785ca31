"""Check the translation catalogs: all translated, none fuzzy, markup kept, every catalog compiles.

Usage: python docs/_scripts/check_catalogs.py [--report] [-v] docs/locale
Exits non-zero when a catalog is incomplete or broken (with --report it only prints).
"""

from __future__ import annotations

import io
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

# Markup a translation must keep: roles and their targets, literals, maths and link targets.
_ROLE = re.compile(r"(?::(?P<r>[\w:+-]+):|\{(?P<m>[\w:+-]+)\})`(?P<c>[^`]*)`")
_LITERAL = re.compile(r"``[^`]+``")
_MATH = re.compile(r"(?<!\$)\$[^$\n]+\$(?!\$)")
_CODE = re.compile(r"(?<![`\w])`[^`\n]+`(?![`_])")
_LINK = re.compile(r"\]\((?P<t>[^)\s]+)\)")


def markup(text: str) -> Counter[str]:
    """The markup tokens of a message, titles of explicit-title references left out."""
    tokens: Counter[str] = Counter()
    for match in _ROLE.finditer(text):
        role = match["r"] or match["m"]
        content = match["c"]
        target = re.search(r"<([^<>]+)>\s*$", content)
        tokens[f"{role}:{target[1] if target else content}"] += 1
    without_roles = _ROLE.sub(" ", text)
    tokens.update(_LITERAL.findall(without_roles))
    rest = _LITERAL.sub(" ", without_roles)
    tokens.update(_MATH.findall(rest))
    tokens.update(_CODE.findall(rest))  # MyST's `code`
    tokens.update(f"link:{m['t']}" for m in _LINK.finditer(text))
    return tokens


@dataclass
class CatalogStatus:
    path: Path
    total: int = 0
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    markup_mismatch: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def complete(self) -> bool:
        return not (self.untranslated or self.fuzzy or self.markup_mismatch or self.error)


def check(po_path: Path) -> CatalogStatus:
    status = CatalogStatus(po_path)
    try:
        with po_path.open("rb") as f:
            catalog = read_po(f, abort_invalid=True)
        write_mo(io.BytesIO(), catalog)  # what sphinx-build does with it
    except Exception as error:  # any parse or compile failure makes the catalog unusable
        status.error = f"{type(error).__name__}: {error}"
        return status
    for message in catalog:
        if not message.id:
            continue
        status.total += 1
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            status.fuzzy.append(msgid)
        elif not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            status.untranslated.append(msgid)
        elif isinstance(message.string, str) and markup(msgid) != markup(message.string):
            status.markup_mismatch.append(msgid)
    return status


def check_all(locale_dir: Path) -> list[CatalogStatus]:
    return [check(p) for p in sorted(locale_dir.rglob("*.po"))]


def main(argv: list[str]) -> int:
    report_only = "--report" in argv
    args = [a for a in argv if a not in ("--report", "-v")]
    if len(args) != 1:
        print("usage: check_catalogs.py [--report] LOCALE_DIR", file=sys.stderr)
        return 2
    statuses = check_all(Path(args[0]))
    incomplete = [s for s in statuses if not s.complete]
    total = sum(s.total for s in statuses)
    missing = sum(len(s.untranslated) + len(s.fuzzy) + len(s.markup_mismatch) for s in statuses)
    for s in incomplete:
        detail = s.error or (
            f"{len(s.untranslated)} untranslated, {len(s.fuzzy)} fuzzy, "
            f"{len(s.markup_mismatch)} with markup unlike the English"
        )
        print(f"  {s.path}: {detail}")
        for msgid in s.markup_mismatch if "-v" in argv else []:
            print(f"      markup differs: {msgid[:100]!r}")
    print(
        f"{len(statuses)} catalogs, {total} messages, {missing} to translate, "
        f"{sum(1 for s in statuses if s.error)} broken"
    )
    return 0 if report_only or not incomplete else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

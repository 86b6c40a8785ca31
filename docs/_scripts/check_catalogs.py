"""Check the translation catalogs: every message translated, none fuzzy, every catalog compiles.

Usage: python docs/_scripts/check_catalogs.py [--report] docs/locale
Exits non-zero when a catalog is incomplete or broken (with --report it only prints).
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


@dataclass
class CatalogStatus:
    path: Path
    total: int = 0
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def complete(self) -> bool:
        return not (self.untranslated or self.fuzzy or self.error)


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
    return status


def check_all(locale_dir: Path) -> list[CatalogStatus]:
    return [check(p) for p in sorted(locale_dir.rglob("*.po"))]


def main(argv: list[str]) -> int:
    report_only = "--report" in argv
    args = [a for a in argv if a != "--report"]
    if len(args) != 1:
        print("usage: check_catalogs.py [--report] LOCALE_DIR", file=sys.stderr)
        return 2
    statuses = check_all(Path(args[0]))
    incomplete = [s for s in statuses if not s.complete]
    total = sum(s.total for s in statuses)
    missing = sum(len(s.untranslated) + len(s.fuzzy) for s in statuses)
    for s in incomplete:
        detail = s.error or f"{len(s.untranslated)} untranslated, {len(s.fuzzy)} fuzzy"
        print(f"  {s.path}: {detail}")
    print(f"{len(statuses)} catalogs, {total} messages, {missing} to translate, "
          f"{sum(1 for s in statuses if s.error)} broken")
    return 0 if report_only or not incomplete else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

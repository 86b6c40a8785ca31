"""Make the figure-text catalog template, ``figures.pot``, from what the examples drew.

Usage: python docs/_scripts/figure_messages.py docs/_build/gettext

The image scraper (``docs/_ext/dln_figures.py``) records every figure text of every example it
ran, with numbers as placeholders, in ``docs/auto_examples/.figure_text.json``; ``nox -s i18n``
turns that record into ``figures.pot``, and sphinx-intl into ``figures.po``.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

DOCS = Path(__file__).resolve().parents[1]
RECORD = DOCS / "auto_examples" / ".figure_text.json"


def figure_catalog(record: dict[str, list[str]]) -> Catalog:
    created = datetime(2026, 1, 1, tzinfo=timezone.utc)  # changes only with the texts
    catalog = Catalog(project="deeplearn-notes", creation_date=created, fuzzy=False)
    for example in sorted(record):
        for text in record[example]:
            if text not in catalog:
                catalog.add(text, auto_comments=[example])
    return catalog


def main(gettext_dir: str) -> None:
    if not RECORD.is_file():
        sys.exit(f"{RECORD} is missing: build the site (nox -s docs) so the examples run first")
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    out = Path(gettext_dir) / "figures.pot"
    out.parent.mkdir(parents=True, exist_ok=True)
    catalog = figure_catalog(record)
    with out.open("wb") as f:
        write_po(f, catalog, width=0, omit_header=False)
    print(f"wrote {len(catalog)} figure texts from {len(record)} examples to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: figure_messages.py GETTEXT_DIR")
    main(sys.argv[1])

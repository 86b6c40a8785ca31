"""Extract the theme's user-visible strings into a catalog template, ``sphinx.pot``.

Usage: python docs/_scripts/theme_messages.py docs/_build/gettext

furo's templates and the Sphinx templates it uses mark their text for translation in Sphinx's
own "sphinx" domain, but Sphinx's Chinese catalog lacks most of furo's strings ("Skip to content",
"Back to top", "On this page" ...). The Chinese site's ``sphinx.po`` adds them; ``nox -s i18n``
updates it from the installed theme with this script, so a new furo string shows up untranslated.
The site's own templates (``docs/_templates``) and the navigation labels that
``dln_navigation`` translates are in the same catalog.
"""

from __future__ import annotations

import io
import sys
from datetime import datetime, timezone
from pathlib import Path

import furo
from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.pofile import write_po

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))
from dln_navigation import TOGGLE_MESSAGE
from dln_site import mark_theme_text

THEME = Path(furo.__file__).parent / "theme" / "furo"
OWN_TEMPLATES = Path(__file__).resolve().parents[1] / "_templates"
# Templates furo does not use, or that only Read the Docs fills in.
SKIP = {"rtd-versions.html", "variant-selector.html", "edit-this-page.html", "view-this-page.html"}


def theme_catalog() -> Catalog:
    """The texts of furo's templates, including those dln_site marks when they load."""
    # A fixed date: the template changes only when the theme's text does.
    created = datetime(2026, 1, 1, tzinfo=timezone.utc)
    catalog = Catalog(project="deeplearn-notes", creation_date=created, fuzzy=False)
    templates = sorted(THEME.rglob("*.html")) + sorted(OWN_TEMPLATES.rglob("*.html"))
    for template in templates:
        if template.name in SKIP:
            continue
        source = mark_theme_text(template.read_text(encoding="utf-8")).encode("utf-8")
        options = {"extensions": "jinja2.ext.i18n"}
        for _lineno, message, _comments, _context in extract(
            "jinja2.ext:babel_extract", io.BytesIO(source), options=options
        ):
            if isinstance(message, str):
                catalog.add(message)
    catalog.add(TOGGLE_MESSAGE)
    return catalog


def main(gettext_dir: str) -> None:
    out = Path(gettext_dir) / "sphinx.pot"
    out.parent.mkdir(parents=True, exist_ok=True)
    catalog = theme_catalog()
    with out.open("wb") as f:
        write_po(f, catalog, width=0, omit_header=False)
    print(f"wrote {len(catalog)} theme messages to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: theme_messages.py GETTEXT_DIR")
    main(sys.argv[1])

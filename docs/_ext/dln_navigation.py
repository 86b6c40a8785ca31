"""furo's sidebar navigation, built once per folder instead of once per page, in the page's
language.

furo builds every page's sidebar from the whole site's table of contents, which it then parses
with BeautifulSoup: a third of the time a page takes to write. Two pages in one folder get the
same tree (the same relative links) except for the entries marked current. So the tree is made
once per folder with no entry current, and each page marks its own path in it, as Sphinx and
furo would: ``current`` on the page's link and on the list items and lists above it, the
ancestors' checkboxes checked (expanded), ``current-page`` on the last current item, and ``#``
as the page's own link. ``tests/test_navigation.py`` compares the result with furo's own.

furo also writes "Toggle navigation of <title>" labels that no catalog holds: they are put
through Sphinx's translations (``docs/locale/<lang>/LC_MESSAGES/sphinx.po``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.locale import _

# furo's label, and the message it is translated from (``nox -s i18n`` extracts it).
FURO_TOGGLE = "Toggle navigation of "
TOGGLE_MESSAGE = "Toggle navigation of {title}"
# A page name no document has: a tree made for it marks nothing current.
_NO_PAGE = "__dln_navigation__"


class FolderTree:
    """furo's navigation tree of one folder's pages, with nothing marked current."""

    def __init__(self, neutral_html: str, translate: Callable[[str], str] | None = None) -> None:
        from bs4 import BeautifulSoup

        # The parser furo uses; its output then prints as furo's does.
        self.soup = BeautifulSoup(neutral_html, "html.parser")
        if translate is not None:
            for checkbox in self.soup.find_all("input", class_="toctree-checkbox"):
                label = checkbox.get("aria-label", "")
                if label.startswith(FURO_TOGGLE):
                    checkbox["aria-label"] = translate(label.removeprefix(FURO_TOGGLE))
        self.links: dict[str, list[Any]] = {}  # by the page they go to, anchors aside
        for link in self.soup.find_all("a", class_="reference"):
            self.links.setdefault(link.get("href", "").partition("#")[0], []).append(link)
        self.order = {id(item): n for n, item in enumerate(self.soup.find_all("li"))}

    def for_page(self, href: str | None) -> str:
        """The tree as the page that the folder's links reach as ``href`` shows it (None: the
        tree as it is)."""
        saved: list[tuple[Any, str, Any]] = []

        def change(tag: Any, attribute: str, value: Any) -> None:
            saved.append((tag, attribute, tag.get(attribute)))
            tag[attribute] = value

        current_items = []
        for link in self.links.get(href, []) if href is not None else []:
            # Sphinx's link from a page to itself, or to a section of it, is "#…".
            anchor = link["href"].partition("#")[2]
            change(link, "href", f"#{anchor}")
            if anchor:
                continue  # a section: only the page itself is current
            change(link, "class", ["current", *link["class"]])
            for parent in link.parents:
                if parent.name == "li":
                    # Sphinx's classes first ("toctree-l2 current"), then furo's ("has-children").
                    classes = list(parent["class"])
                    level = sum(1 for c in classes if c.startswith("toctree-l"))
                    change(parent, "class", [*classes[:level], "current", *classes[level:]])
                    checkbox = parent.find("input", class_="toctree-checkbox", recursive=False)
                    if checkbox is not None:
                        change(checkbox, "checked", "")  # expanded
                    current_items.append(parent)
                elif parent.name == "ul":
                    change(parent, "class", [*parent.get("class", []), "current"])
        if current_items:
            last = max(current_items, key=lambda item: self.order[id(item)])
            change(last, "class", [*last["class"], "current-page"])
        try:
            return str(self.soup)
        finally:
            for tag, attribute, value in reversed(saved):
                if value is None:
                    del tag[attribute]
                else:
                    tag[attribute] = value


class NavigationTrees:
    """The trees of one build, by folder; furo's own function for pages that are not
    documents (such as the 404 page, whose links sphinx-notfound-page rewrites)."""

    def __init__(self, app: Sphinx, furo_function: Callable[[dict[str, Any]], str]) -> None:
        self.app = app
        self.furo_function = furo_function
        self.trees: dict[str, FolderTree] = {}

    def reset(self, *args: Any) -> None:
        self.trees.clear()

    def __call__(self, context: dict[str, Any]) -> str:
        builder = self.app.builder
        pagename = context.get("pagename", "")
        if "toctree" not in context or pagename not in builder.env.all_docs:
            # The index, search and 404 pages: furo's tree, its labels translated.
            return FolderTree(self.furo_function(context), _translate_toggle).for_page(None)
        folder = posixpath.dirname(pagename)
        tree = self.trees.get(folder)
        if tree is None:
            tree = self.trees[folder] = FolderTree(self._neutral(folder), _translate_toggle)
        stand_in = posixpath.join(folder, _NO_PAGE)
        return tree.for_page(builder.get_relative_uri(stand_in, pagename))

    def _neutral(self, folder: str) -> str:
        from furo.navigation import get_navigation_tree

        builder = self.app.builder
        # What furo asks Sphinx for (furo._compute_navigation_tree), for a page of the folder.
        toctree = global_toctree_for_doc(
            builder.env,
            posixpath.join(folder, _NO_PAGE),
            builder,
            tags=builder.tags,
            collapse=False,
            titles_only=True,
            maxdepth=-1,
            includehidden=True,
        )
        return get_navigation_tree(builder.render_partial(toctree)["fragment"])


def _translate_toggle(title: str) -> str:
    return _(TOGGLE_MESSAGE).format(title=title)


def setup(app: Sphinx) -> dict[str, Any]:
    import furo

    # A second Sphinx application in the same process wraps furo's function, not the first's.
    original = furo._compute_navigation_tree
    trees = NavigationTrees(app, getattr(original, "furo_function", original))
    # furo looks the function up when each page is written.
    furo._compute_navigation_tree = trees  # type: ignore[assignment]
    app.connect("env-updated", trees.reset)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

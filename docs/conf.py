"""Sphinx configuration for deeplearn-notes (English source; Chinese from docs/locale)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import tomllib

DOCS = Path(__file__).parent
sys.path.insert(0, str(DOCS / "_ext"))

import torch
from dln_figures import TEXT_FILE, BilingualScraper
from dln_install import INSTALL_COMMAND

import deeplearn_notes

# The examples train tiny models, where a second thread gains nothing and, on a busy machine,
# can slow a run tenfold; one thread also makes float sums (and so the printed numbers)
# independent of the machine's core count.
torch.set_num_threads(1)

project = "deeplearn-notes"
author = "The deeplearn-notes developers"
copyright = "2026, the deeplearn-notes developers"
release = version = deeplearn_notes.__version__

# Where the site is published (pyproject's Documentation URL; a hosted build may override it):
# the notebooks link there, and the sitemap lists its pages.
_PYPROJECT = DOCS.parent / "pyproject.toml"
_URLS = tomllib.loads(_PYPROJECT.read_text())["project"]["urls"] if _PYPROJECT.is_file() else {}
dln_site_url = os.environ.get("DLN_SITE_URL") or _URLS.get("Documentation", "https://example.org/")
dln_notebook_links = str(DOCS / "_build" / "notebook_links.json")
dln_figure_catalog = str(DOCS / "locale" / "zh_CN" / "LC_MESSAGES" / "figures.po")

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinx_gallery.gen_gallery",
    "sphinx_sitemap",
    "notfound.extension",
    "dln_site",
    "dln_navigation",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = [
    "_build",
    "_ext",
    "_scripts",
    "_search",
    "locale",
    "conftest.py",
    "**/.ipynb_checkpoints",
]
templates_path = ["_templates"]
nitpicky = True

# -- Languages -------------------------------------------------------------------------------
language = "en"
locale_dirs = ["locale/"]
# One catalog per page; no locations or uuids, so catalogs only change when the text does.
gettext_compact = False
gettext_location = False
gettext_uuid = False
# Code blocks are messages too, so that their comments can be translated (the catalog checker
# makes sure nothing else changes); printed output is marked untranslatable by dln_site.
gettext_additional_targets = ["literal-block", "doctest-block"]

# -- MyST --------------------------------------------------------------------------------------
# MathJax is served from _static (copied by _ext/dln_site.py): the site is read offline too.
mathjax_path = "mathjax/tex-chtml.js"

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 0
suppress_warnings = ["myst.header"]

# -- API reference -----------------------------------------------------------------------------
autosummary_generate = True
autodoc_typehints = "none"  # types are in the numpydoc Parameters sections
autodoc_default_options = {"members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_validation_checks: set[str] = set()

# Cross-references to Python, NumPy and PyTorch need their online inventories; the default
# build is offline, so they are opt-in (DLN_INTERSPHINX=1) and names outside the project are
# left unlinked instead of failing the strict build.
# The hosted builds (the Pages workflow, Read the Docs) set DLN_INTERSPHINX=1: names in prose and
# in the examples' code then link to the official documentation.
if os.environ.get("DLN_INTERSPHINX") == "1":
    extensions.append("sphinx.ext.intersphinx")
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "numpy": ("https://numpy.org/doc/stable", None),
        "torch": ("https://docs.pytorch.org/docs/stable", None),
        "matplotlib": ("https://matplotlib.org/stable", None),
    }
nitpick_ignore_regex = [
    (
        r"py:.*",
        r"(torch|numpy|np|matplotlib|sklearn|torchvision|tqdm|collections|typing|pathlib)\..*",
    ),
    (r"py:.*", r"(torch|callable|path-like|array-like|optional|iterable|mapping|sequence)"),
]

# -- Gallery -----------------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": ["../gallery"],
    "gallery_dirs": ["auto_examples"],
    "filename_pattern": r"/plot_",
    "subsection_order": "dln_site.section_order",
    "within_subsection_order": "dln_site.LessonOrder",
    "doc_module": ("deeplearn_notes",),
    "backreferences_dir": "api/generated/backreferences",
    "prefer_full_module": set(),
    "download_all_examples": True,
    "remove_config_comments": True,
    "reset_modules": ("matplotlib", "dln_site.journal_example"),
    "reset_modules_order": "both",
    # A block's last expression is not echoed: examples print what a learner should read, and
    # an echoed `ax.legend()` would show `<matplotlib.legend.Legend object at 0x…>`.
    "capture_repr": (),
    # Stable pages for the translation catalogs: no timings, memory or signatures.
    "min_reported_time": float("inf"),
    "write_computation_times": False,
    "show_memory": False,
    "show_signature": False,
    "nested_sections": True,
    "parallel": False,  # each worker re-imports torch: slower on 2 cores
    # Downloaded notebooks install what they need, and their text is Markdown: pandoc converts
    # the reST, and a filter turns Sphinx roles into links to the hosted site.
    # Every figure also in Chinese, from the same run (docs/_ext/dln_figures.py).
    "image_scrapers": (
        BilingualScraper(dln_figure_catalog, str(DOCS / "auto_examples" / TEXT_FILE)),
    ),
    "first_notebook_cell": f"%{INSTALL_COMMAND}",
    "pypandoc": {
        "extra_args": [
            "--to=commonmark_x-smart",  # Jupyter's Markdown, with $maths$; no \' escapes
            "--wrap=none",
            f"--lua-filter={DOCS / '_ext' / 'notebook_roles.lua'}",
            f"--metadata=dln_links:{dln_notebook_links}",
        ]
    },
}

# -- HTML --------------------------------------------------------------------------------------
html_theme = "furo"
html_static_path = ["_static"]
html_css_files = ["dln.css"]
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/lang-switcher.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}
html_search_scorer = str(DOCS / "_search" / "scorer.js")
html_search_options = {"dict": str(DOCS / "_static" / "jieba_dict.txt")}

# A sitemap per language, each page with its twin (the root sitemap.xml indexes both); a 404
# page per language whose links work from any address (dln_site sets the prefix).
html_baseurl = dln_site_url.rstrip("/") + "/"
sitemap_url_scheme = "{lang}{link}"
sitemap_locales = ["en", "zh_CN"]
sitemap_excludes = ["search.html", "genindex.html", "404.html"]

copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_exclude = ".linenos, .gp, .go"

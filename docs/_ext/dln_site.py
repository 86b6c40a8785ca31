"""Site machinery for deeplearn-notes: the two languages, stale examples, gallery order.

- ``html_title`` per language, the language switcher's context and ``hreflang`` links;
- a workaround for Chinese search in Sphinx 9.0 (sphinx-doc/sphinx#14229);
- re-running cached gallery examples when the library they import has changed, or when a build
  was killed while it wrote their output;
- the handshake that lets both languages build at once (``docs/_scripts/build.py``);
- the order of the gallery's sections and lessons;
- the learners' install command (``dln_install.py``), its directive and the note
  on every example page; the addresses that the notebooks' links point to.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import os
import re
import time
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlparse

import dln_downloads
import dln_figures
import dln_notebooks
from dln_install import INSTALL_COMMAND, INSTALL_FROM_CLONE
from docutils import nodes
from docutils.parsers.rst import directives
from jinja2 import BaseLoader, Environment
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util import logging as sphinx_logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.fileutil import copy_asset
from sphinx.util.i18n import docname_to_domain

logger = sphinx_logging.getLogger(__name__)


LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
HREFLANG = {"en": "en", "zh_CN": "zh-CN"}
TITLES = {
    "en": "deeplearn-notes: PyTorch from tensors to CNNs, RNNs and GANs",
    "zh_CN": "深度学习笔记：从张量到卷积网络、循环网络与生成对抗网络",
}
SHORT_TITLES = {"en": "deeplearn-notes", "zh_CN": "深度学习笔记"}
NOT_FOUND = {
    "en": ("Page not found", "There is no page at this address. Search, or start from the {home}."),
    "zh_CN": ("找不到页面", "这个地址上没有页面。可以搜索，或者从{home}开始浏览。"),
}
HOME = {"en": "home page", "zh_CN": "首页"}


def not_found_context(lang: str, prefix: str) -> dict[str, str]:
    """The 404 page's title and body; its links are absolute, as the page has no fixed place."""
    title, text = NOT_FOUND[lang]
    home = f'<a href="{prefix}index.html">{HOME[lang]}</a>'
    return {"title": title, "body": f"<h1>{title}</h1>\n\n<p>{text.format(home=home)}</p>"}


# Lessons in teaching order; anything not listed comes after, by file name.
GALLERY_ORDER = {
    "tensors": [
        "plot_creating_tensors.py",
        "plot_dtypes_devices_numpy.py",
        "plot_indexing.py",
        "plot_reshaping.py",
        "plot_broadcasting.py",
        "plot_reductions.py",
    ],
    "autograd": [
        "plot_autograd_by_hand.py",
        "plot_linear_regression_numpy.py",
        "plot_linear_regression_torch.py",
        "plot_autograd_internals.py",
    ],
    "networks": [
        "plot_activation_functions.py",
        "plot_regression_hidden_layer.py",
        "plot_two_blobs_classifier.py",
        "plot_module_vs_sequential.py",
        "plot_save_and_load.py",
        "plot_weight_init.py",
        "plot_datasets_minibatches.py",
        "plot_image_folder_dataset.py",
    ],
    "optimization": [
        "plot_optimizers.py",
        "plot_batch_vs_stochastic.py",
        "plot_adagrad.py",
        "plot_lr_schedulers.py",
        "plot_training_controls.py",
    ],
    "generalization": [
        "plot_under_over_fitting.py",
        "plot_dropout.py",
        "plot_train_eval_modes.py",
        "plot_circles.py",
        "plot_digits_mlp.py",
        "plot_softmax_regression_digits.py",
    ],
    "cnn": [
        "plot_convolution_pooling.py",
        "plot_lenet5_digits.py",
        "plot_transforms_augmentation.py",
        "plot_batchnorm_residual.py",
        "plot_classic_architectures.py",
        "plot_transfer_learning.py",
        "plot_unet_segmentation.py",
    ],
    "sequences": [
        "plot_rnn_regression.py",
        "plot_lstm_digits.py",
        "plot_rnn_lstm_gradients.py",
    ],
    "generative": [
        "plot_autoencoder_digits.py",
        "plot_gan_2d.py",
        "plot_gan_digits.py",
    ],
    "tools": ["plot_gpu_timing.py", "plot_tensorboard.py", "plot_reproducibility.py"],
}
SECTION_ORDER = list(GALLERY_ORDER)


class SectionOrder:
    """Sort key for gallery sections: teaching order first, unknown folders last."""

    def __call__(self, path: str) -> tuple[int, str]:
        name = Path(path).name
        return (SECTION_ORDER.index(name) if name in SECTION_ORDER else len(SECTION_ORDER), name)

    def __repr__(self) -> str:  # sphinx-gallery hashes the config through repr
        return f"SectionOrder({SECTION_ORDER})"


section_order = SectionOrder()


class LessonOrder:
    """Sort key for the examples of one gallery section, in teaching order."""

    def __init__(self, src_dir: str) -> None:
        self.order = GALLERY_ORDER.get(Path(src_dir).name, [])

    def __call__(self, filename: str) -> tuple[int, str]:
        name = Path(filename).name
        return (self.order.index(name) if name in self.order else len(self.order), name)

    def __repr__(self) -> str:
        return "LessonOrder()"


def library_hash(library: Path) -> str:
    """Hash of the library's source: examples must re-run when it changes."""
    digest = hashlib.sha256()
    for path in sorted(library.rglob("*.py")):
        digest.update(path.relative_to(library).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# The gallery settings that change what an example's page, notebook or zip holds.
OUTPUT_SETTINGS = (
    "capture_repr",
    "ignore_repr_types",
    "first_notebook_cell",
    "last_notebook_cell",
    "pypandoc",
    "remove_config_comments",
    "notebook_images",
    "image_scrapers",
)


# The packages whose versions can change what an example prints or draws.
RUNTIME_PACKAGES = ("torch", "torchvision", "numpy", "scikit-learn", "matplotlib", "sphinx-gallery")


def _runtime_versions() -> str:
    versions = []
    for name in RUNTIME_PACKAGES:
        try:
            versions.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name} missing")
    return "\n".join(versions)


def _with_settings(library_digest: str, gallery_conf: dict[str, Any], links: Path) -> str:
    digest = hashlib.sha256(library_digest.encode())
    # Cached output restored from another run (CI's cache) is stale under other versions.
    digest.update(_runtime_versions().encode())
    for key in OUTPUT_SETTINGS:
        digest.update(f"{key}={gallery_conf.get(key)!r}\n".encode())
    # How the notebooks' Markdown is made: dln_notebooks, the pandoc filter and the links it
    # reads (the last two named by the pypandoc arguments).
    digest.update(Path(dln_notebooks.__file__).read_bytes())
    for arg in (gallery_conf.get("pypandoc") or {}).get("extra_args", []):
        if arg.startswith("--lua-filter="):
            digest.update(Path(arg.partition("=")[2]).read_bytes())
    if links.is_file():
        digest.update(links.read_bytes())
    # The translations the Chinese figures are drawn with.
    for scraper in gallery_conf.get("image_scrapers", ()):
        catalog = getattr(scraper, "catalog_path", None)
        if catalog is not None and Path(catalog).is_file():
            digest.update(Path(catalog).read_bytes())
    return digest.hexdigest()


def _hash_file(app: Sphinx) -> Path:
    return Path(app.srcdir) / app.config.dln_gallery_dir / ".library_hash"


def _journal_dir(gallery_conf: dict[str, Any]) -> Path:
    gallery_dirs = gallery_conf["gallery_dirs"]
    first = gallery_dirs if isinstance(gallery_dirs, str) else gallery_dirs[0]
    return Path(gallery_conf["src_dir"], first, ".running")


def journal_example(gallery_conf: dict[str, Any], fname: str | None, when: str) -> None:
    """Mark an example as running from before it runs until all its output is written.

    sphinx-gallery writes an example's md5 as soon as the code has run, before the page,
    notebook and zip: a build killed in between would leave half-written output that the next
    build takes as current. A mark left behind makes :func:`recover_killed_examples` drop that
    md5, so the example runs again. Used as a sphinx-gallery ``reset_modules`` hook.
    """
    if fname is None:  # called once per gallery folder, not for an example
        return
    # Not named *.py: sphinx-gallery takes any .py below the gallery for an example's copy.
    mark = _journal_dir(gallery_conf) / f"{Path(fname).name}.running"
    if when == "before":
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.touch()
    else:
        mark.unlink(missing_ok=True)


def recover_killed_examples(gallery_conf: dict[str, Any]) -> list[Path]:
    """Forget the cached run of every example a killed build left marked; return their md5s."""
    journal = _journal_dir(gallery_conf)
    if not journal.is_dir():
        return []
    gallery = journal.parent
    dropped = []
    for mark in sorted(journal.iterdir()):
        for md5 in gallery.rglob(f"{mark.stem}.md5"):
            md5.unlink()
            dropped.append(md5)
        mark.unlink()
    return dropped


def _on_config_inited(app: Sphinx, config: Config) -> None:
    lang = config.language if config.language in LANGUAGES else "en"
    config.html_title = TITLES[lang]
    config.html_short_title = SHORT_TITLES[lang]
    config.notfound_urls_prefix = f"{urlparse(config.dln_site_url).path.rstrip('/')}/{lang}/"
    config.notfound_context = not_found_context(lang, config.notfound_urls_prefix)
    # Cached example output is stale when the library, or a setting that shapes the generated
    # pages and notebooks, changed since it was made (sphinx-gallery's md5 covers the script).
    library = Path(app.confdir, config.dln_library_dir).resolve()
    current = library_hash(library) if library.is_dir() else ""
    current = _with_settings(current, config.sphinx_gallery_conf, Path(config.dln_notebook_links))
    hash_file = _hash_file(app)
    stored = hash_file.read_text().strip() if hash_file.is_file() else None
    if stored is not None and stored != current:
        config.sphinx_gallery_conf["run_stale_examples"] = True
    app.dln_library_hash = current  # type: ignore[attr-defined]
    gallery = {"src_dir": app.srcdir, "gallery_dirs": config.dln_gallery_dir}
    for md5 in recover_killed_examples(gallery):
        logger.info("%s: its last run was interrupted, running it again", md5.stem)


# Both languages build at once (docs/_scripts/build.py), each in its own process, and take
# turns with the gallery's files, which both write: the Chinese build waits until the English
# one has run the examples, and the English one reads its pages meanwhile but copies no
# download until the Chinese one has found the examples current and rewritten the zips. Each
# variable names a file that marks a turn.
GALLERY_AFTER = "DLN_GALLERY_AFTER"  # wait for it before touching the gallery
GALLERY_DONE = "DLN_GALLERY_DONE"  # create it once this build is done with the gallery
GALLERY_HOLD = "DLN_GALLERY_HOLD"  # wait for it before writing (and copying downloads)


def wait_for_turn(variable: str) -> None:
    """Block until the file named by environment ``variable`` exists (no variable: at once)."""
    name = os.environ.get(variable)
    if not name:
        return
    mark = Path(name)
    while not mark.exists():
        time.sleep(0.05)


def _wait_for_gallery(app: Sphinx, config: Config) -> None:
    wait_for_turn(GALLERY_AFTER)


def _on_gallery_done(app: Sphinx) -> None:
    """Record which library the examples ran with, then hand the gallery to the other build."""
    conf = app.config.sphinx_gallery_conf
    if conf.get("failing_examples"):
        # The build fails at its end, and the Chinese one, which needs current examples, is
        # stopped then (build.py): hand nothing over, and wait for nothing.
        app.dln_gallery_failed = True  # type: ignore[attr-defined]
        return
    plot = str(conf.get("plot_gallery", "True")) not in ("0", "False", "false")
    if plot and app.builder.name == "html":
        hash_file = _hash_file(app)
        hash_file.parent.mkdir(parents=True, exist_ok=True)
        stored = hash_file.read_text() if hash_file.is_file() else None
        current = app.dln_library_hash + "\n"  # type: ignore[attr-defined]
        if stored != current:
            hash_file.write_text(current)
    done = os.environ.get(GALLERY_DONE)
    if done:
        Path(done).touch()


def _wait_before_writing(app: Sphinx, builder: Any) -> None:
    if not getattr(app, "dln_gallery_failed", False):
        wait_for_turn(GALLERY_HOLD)


def _copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    """Serve MathJax from _static, so maths renders offline.

    The files come from the sphinx-mathjax-offline package; its own extension does the same
    copy but does not declare itself safe for parallel builds, which would cost -j its speed.
    """
    if exception is not None or app.builder.format != "html":
        return
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise RuntimeError("sphinx-mathjax-offline is not installed: it provides MathJax")
    source = Path(spec.origin).parent / "static" / "mathjax"
    copy_asset(source, Path(app.outdir, "_static", "mathjax"), force=True)


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    lang = app.config.language if app.config.language in LANGUAGES else "en"
    root = context["pathto"]("", 1)  # relative URL of this language's root
    root = "" if root in ("", "#") else root.rstrip("/") + "/"
    links = []
    for code in LANGUAGES:
        href = f"{root}../{code}/{pagename}.html"
        links.append({"code": code, "name": LANGUAGES[code], "href": href, "current": code == lang})
    context["dln_languages"] = links
    alternates = "".join(
        f'<link rel="alternate" hreflang="{HREFLANG[link["code"]]}" href="{link["href"]}" />\n'
        for link in links
    )
    context["metatags"] = context.get("metatags", "") + alternates


def _quiet_library_logs() -> None:
    """Keep the build log to the build's own lines: jieba reports its dictionary loading, and
    TensorBoard's event reader (run by an example) its polling, both at INFO level."""
    import logging

    for name in ("jieba", "tensorboard"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _fix_chinese_search(app: Sphinx) -> None:
    """Sphinx 9.0 loads English's stemmer for Chinese but binds ``ChineseStemmer``, which does
    not exist, so search dies in the browser (sphinx-doc/sphinx#14229). Bind the right name;
    this switches itself off once Sphinx ships the fix."""
    from sphinx.search.zh import SearchChinese  # imports jieba: only when building

    if SearchChinese.js_stemmer_rawcode == "english-stemmer.js" and (
        SearchChinese.language_name == "Chinese"
    ):

        class SearchChineseFixed(SearchChinese):
            language_name = "English"

        app.add_search_language(SearchChineseFixed)


class KeepExampleOutput(SphinxTransform):
    """Mark the examples' printed output untranslatable: it stays as executed in every language.

    sphinx-gallery writes output as ``.. code-block:: none`` and code as ``.. code-block:: Python``;
    this runs before the i18n transform, so the output never becomes a catalog message.
    """

    default_priority = 10  # before sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs: Any) -> None:
        if not self.env.docname.startswith(f"{self.config.dln_gallery_dir}/"):
            return
        for block in self.document.findall(nodes.literal_block):
            if block.get("language") == "none":
                block["translatable"] = False


# furo writes a few texts without marking them for translation: the menu and colour-toggle
# labels (aria-label attributes) and the "'s" of "@pradyunsg's Furo" in the footer.
_PLAIN_ARIA_LABEL = re.compile(r'aria-label="([^"{}]+)"')
_POSSESSIVE = "</a>'s"


def mark_theme_text(source: str) -> str:
    """furo's template source with its unmarked texts wrapped in ``_()``, Sphinx's gettext."""
    source = _PLAIN_ARIA_LABEL.sub(lambda m: f'aria-label="{{{{ _("{m[1]}") }}}}"', source)
    return source.replace(_POSSESSIVE, '</a>{{ _("\'s") }}')


class _ThemeTextLoader(BaseLoader):
    """Serve furo's templates with :func:`mark_theme_text` applied."""

    def __init__(self, loader: BaseLoader) -> None:
        self.loader = loader

    def get_source(self, environment: Environment, template: str) -> Any:
        source, filename, uptodate = self.loader.get_source(environment, template)
        if filename and f"{Path('furo', 'theme')}" in filename:
            source = mark_theme_text(source)
        return source, filename, uptodate


def _translate_theme_text(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None and not isinstance(environment.loader, _ThemeTextLoader):
        environment.loader = _ThemeTextLoader(environment.loader)


class TranslateCodeBlocks(SphinxTransform):
    """Put the translated code blocks (their comments in Chinese) in place of the English ones.

    Sphinx's i18n transform re-parses a translated literal block as ``::`` plus an indented
    reST block, which the MyST parser reads as a paragraph "::": a translated code block on a
    Markdown page would vanish. The text of a code block needs no parsing, so it is swapped in
    here, before that transform, and the block is then left alone by it.
    """

    default_priority = 15  # after KeepExampleOutput, before sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs: Any) -> None:
        if self.config.language in (None, "en"):
            return  # the source language, and the gettext build that extracts the messages
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        dirs = [Path(self.env.srcdir, d) for d in self.config.locale_dirs]
        catalog, has_catalog = init_locale(dirs, self.config.language, domain)
        if not has_catalog:
            return
        for block in self.document.findall(
            lambda n: isinstance(n, (nodes.literal_block, nodes.doctest_block))
        ):
            if not block.get("translatable", True):
                continue
            english = block.rawsource or block.astext()
            chinese = catalog.gettext(english)
            if chinese and chinese != english:
                block.rawsource = chinese
                block[:] = [nodes.Text(chinese)]
            block["translatable"] = False


class ChineseFigures(SphinxTransform):
    """On the Chinese pages, show each example figure's Chinese rendering with Chinese alt text.

    The scraper saved it beside the English one (``dln_figures``); the alt text is the
    figure's titles, translated with the same catalog.
    """

    default_priority = 16

    def apply(self, **kwargs: Any) -> None:
        if self.config.language != dln_figures.LANGUAGE:
            return
        if not self.env.docname.startswith(f"{self.config.dln_gallery_dir}/"):
            return
        from sphinx_gallery.directives import imgsgnode

        catalog = dln_figures.load_catalog(Path(self.config.dln_figure_catalog))
        src = Path(self.env.srcdir)
        for node in self.document.findall(imgsgnode):
            chinese = dln_figures.chinese_path(node["uri"])
            if not (src / chinese.as_posix().lstrip("/")).is_file():
                raise RuntimeError(f"{self.env.docname}: no Chinese rendering {chinese}")
            node["uri"] = chinese.as_posix()
            if node.get("srcset"):
                node["srcset"] = str(dln_figures.chinese_path(node["srcset"]).as_posix())
            titles = [t for t in node.get("alt", "").split(", ") if t]
            node["alt"] = "，".join(dln_figures.translate(t, catalog) or t for t in titles)


class InstallCommand(SphinxDirective):
    """``install-command``: the learners' install command as a copyable shell block.

    With ``:from-clone:``, the command for a clone of the repository instead.
    """

    option_spec: ClassVar[dict[str, Any]] = {"from-clone": directives.flag}

    def run(self) -> list[nodes.Node]:
        command = INSTALL_FROM_CLONE if "from-clone" in self.options else INSTALL_COMMAND
        block = nodes.literal_block(command, command, language="bash", translatable=False)
        self.set_source_info(block)
        return [block]


# Before the download buttons at the end of every example page.
EXAMPLE_NOTE = """\
.. admonition:: Run this example on your computer
   :class: tip

   Download it below as a script or a notebook and install the library and what the examples
   use:

   .. install-command::

"""
_DOWNLOAD_LABEL = re.compile(r"^\.\. _sphx_glr_download_", re.M)


def _add_example_note(app: Sphinx, docname: str, source: list[str]) -> None:
    if not re.fullmatch(rf"{re.escape(app.config.dln_gallery_dir)}/.+/plot_\w+", docname):
        return
    text, count = _DOWNLOAD_LABEL.subn(lambda m: EXAMPLE_NOTE + m.group(0), source[0], count=1)
    if not count:
        raise RuntimeError(f"{docname}: sphinx-gallery's download section was not found")
    source[0] = text


def _first_heading(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError(f"{path} has no '# ' title")


def _section_labels(path: Path) -> list[tuple[str, str]]:
    """The MyST ``(label)=`` targets of a page with the heading each one names."""
    found = re.findall(
        r"^\(([\w-]+)\)=\n+#+ (.+)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE
    )
    return [(label, heading.strip()) for label, heading in found]


def _example_title(path: Path) -> str:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return docstring.strip().splitlines()[0]


def notebook_links(
    docs: Path, gallery: Path, site_url: str, language: str, locale: Path | None = None
) -> dict[str, Any]:
    """Titles and hosted addresses of the pages and examples the notebooks may link to.

    With ``locale`` (the catalogs of ``language``), the titles are translated.
    """
    root = f"{site_url.rstrip('/')}/{language}/"

    def title(docname: str, english: str) -> str:
        if locale is None:
            return english
        return dln_figures.load_catalog(locale / f"{docname}.po").get(english, english)

    targets = {}
    for page in sorted(docs.rglob("*.md")):
        docname = page.relative_to(docs).with_suffix("").as_posix()
        if not docname.startswith(("_", "auto_examples/", "api/generated/")):
            name = title(docname, _first_heading(page))
            targets[f"/{docname}"] = {"title": name, "url": f"{root}{docname}.html"}
            for label, heading in _section_labels(page):
                url = f"{root}{docname}.html#{label}"
                targets[label] = {"title": title(docname, heading), "url": url}
    for script in sorted(gallery.rglob("plot_*.py")):
        path = script.relative_to(gallery).with_suffix("").as_posix()
        label = f"sphx_glr_auto_examples_{path.replace('/', '_')}.py"
        url = f"{root}auto_examples/{path}.html"
        name = title(f"auto_examples/{path}", _example_title(script))
        targets[label] = {"title": name, "url": url}
    return {"targets": targets, "api": f"{root}api/generated/"}


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _gallery_source(app: Sphinx) -> Path:
    return Path(app.confdir, app.config.sphinx_gallery_conf["examples_dirs"][0]).resolve()


def _write_notebook_links(app: Sphinx, config: Config) -> None:
    """The file the notebooks' pandoc filter (``notebook_roles.lua``) reads its links from."""
    links = notebook_links(Path(app.srcdir), _gallery_source(app), config.dln_site_url, "en")
    _write_json(Path(config.dln_notebook_links), links)


def _write_chinese_downloads(app: Sphinx) -> None:
    """The Chinese site's downloads: scripts, notebooks and zips in Chinese (dln_downloads)."""
    if app.config.language != dln_figures.LANGUAGE or app.builder.name != "html":
        return
    conf = app.config.sphinx_gallery_conf
    if str(conf.get("plot_gallery", "True")) in ("0", "False", "false"):
        return
    docs, lang = Path(app.srcdir), dln_figures.LANGUAGE
    locale = docs / app.config.locale_dirs[0] / lang / "LC_MESSAGES"
    links_file = Path(app.config.dln_notebook_links).with_suffix(f".{lang}.json")
    links = notebook_links(docs, _gallery_source(app), app.config.dln_site_url, lang, locale)
    _write_json(links_file, links)
    extras = {
        kind: zip_extras(kind, app.config.dln_site_url, app.config.release, lang)
        for kind in ("python", "jupyter")
    }
    missing = dln_downloads.write_chinese_downloads(
        _gallery_source(app), docs / app.config.dln_gallery_dir, locale, conf, links_file, extras
    )
    for text in missing:
        logger.info("Chinese download keeps English: %s", text)


ZIP_README = """\
# deeplearn-notes: the examples

The {kind} of the deeplearn-notes gallery: {site}

Each one runs on its own, on the CPU in well under a minute, or on a CUDA GPU when there is
one. None of them downloads data: they use scikit-learn's digits and data made in code.

## Install

In a virtual environment with Python 3.10 or newer:

```bash
python -m venv .venv
source .venv/bin/activate          # on Windows: .venv\\Scripts\\activate
pip install -r requirements.txt    # the library and what the examples use
```

`requirements.txt` asks for the library's version that this site ran; `{install}`
takes the newest.

## Run

{run}
"""
ZIP_RUN = {
    "python": "```bash\npython plot_lenet5_digits.py    # any plot_*.py; figures open in a window\n"
    "```",
    "jupyter": "```bash\njupyter lab    # then open any plot_*.ipynb and run all cells\n```\n\n"
    "The first cell of each notebook installs the library too, so a notebook also runs on its\n"
    "own (for example on Google Colab).",
}


ZIP_README_ZH = """\
# 深度学习笔记：示例

深度学习笔记示例库中的全部{kind}：{site}

每个示例都可以单独运行：在 CPU 上用时远不到一分钟，有 CUDA GPU 时也会用它。示例都不下载数据，
用的是 scikit-learn 自带的手写数字和代码生成的数据。

## 安装

在 Python 3.10 或更新版本的虚拟环境中：

```bash
python -m venv .venv
source .venv/bin/activate          # Windows 上：.venv\\Scripts\\activate
pip install -r requirements.txt    # 本站的代码库以及示例用到的依赖
```

`requirements.txt` 指定的是本站运行时所用的代码库版本；`{install}` 则安装最新版本。

## 运行

{run}
"""
ZIP_RUN_ZH = {
    "python": "```bash\npython plot_lenet5_digits.py    # 任意一个 plot_*.py；图形会在窗口中打开\n"
    "```",
    "jupyter": "```bash\njupyter lab    # 然后打开任意一个 plot_*.ipynb，运行全部单元格\n```\n\n"
    "每个笔记本的第一个单元格也会安装代码库，所以笔记本也能单独运行（例如在 Google Colab 上）。",
}


def zip_extras(kind: str, site_url: str, version: str, language: str = "en") -> dict[str, str]:
    """README.md and requirements.txt for the all-examples zip of ``kind`` (python, jupyter)."""
    requirements = f"deeplearn-notes[examples]=={version}\n"  # the version the site ran
    if kind == "jupyter":
        requirements += "jupyterlab\n"
    if language == "zh_CN":
        kinds = {"python": " Python 脚本", "jupyter": " Jupyter 笔记本"}
        readme = ZIP_README_ZH.format(
            kind=kinds[kind],
            site=f"{site_url.rstrip('/')}/zh_CN/",
            install=INSTALL_COMMAND,
            run=ZIP_RUN_ZH[kind],
        )
    else:
        kinds = {"python": "Python scripts", "jupyter": "Jupyter notebooks"}
        readme = ZIP_README.format(
            kind=kinds[kind], site=site_url, install=INSTALL_COMMAND, run=ZIP_RUN[kind]
        )
    return {"README.md": readme, "requirements.txt": requirements}


def _add_zip_extras(app: Sphinx) -> None:
    """Put a README and a requirements file into the gallery's all-examples zips."""
    gallery = Path(app.srcdir, app.config.dln_gallery_dir)
    for kind in ("python", "jupyter"):
        archive = gallery / f"{gallery.name}_{kind}.zip"
        if not archive.is_file():
            continue
        with zipfile.ZipFile(archive, "a", zipfile.ZIP_DEFLATED) as zf:
            present = set(zf.namelist())
            for name, text in zip_extras(kind, app.config.dln_site_url, app.config.release).items():
                if name not in present:  # a fixed date: the same zip from every build
                    zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), text)


def setup(app: Sphinx) -> dict[str, Any]:
    dln_notebooks.install()
    app.add_config_value("dln_library_dir", "../deeplearn_notes", "env")
    app.add_config_value("dln_gallery_dir", "auto_examples", "env")
    app.add_config_value("dln_site_url", "", "env")
    app.add_config_value("dln_notebook_links", "", "env")
    app.add_config_value("dln_figure_catalog", "", "env")
    app.add_directive("install-command", InstallCommand)
    app.add_transform(KeepExampleOutput)
    app.add_transform(TranslateCodeBlocks)
    app.add_transform(ChineseFigures)
    app.connect("builder-inited", _translate_theme_text)
    app.connect("source-read", _add_example_note)
    app.connect("builder-inited", _add_zip_extras, priority=900)  # after sphinx-gallery's zips
    app.connect("builder-inited", _write_chinese_downloads, priority=910)
    app.connect("config-inited", _wait_for_gallery, priority=0)  # before anything reads it
    app.connect("config-inited", _write_notebook_links)
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_gallery_done, priority=999)  # after every gallery step
    app.connect("write-started", _wait_before_writing)  # downloads are copied first
    app.connect("html-page-context", _on_html_page_context)
    app.connect("build-finished", _copy_mathjax)
    _fix_chinese_search(app)
    _quiet_library_logs()  # after jieba's import, which sets its logger to DEBUG
    # The version is this file's hash: Sphinx reads every page again when the extension changed.
    version = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    return {"version": version, "parallel_read_safe": True, "parallel_write_safe": True}

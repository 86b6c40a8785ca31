"""Site machinery for deeplearn-notes: the two languages, stale examples, gallery order.

- ``html_title`` per language, the language switcher's context and ``hreflang`` links;
- a workaround for Chinese search in Sphinx 9.0 (sphinx-doc/sphinx#14229);
- re-running cached gallery examples when the library they import has changed, or when a build
  was killed while it wrote their output;
- the order of the gallery's sections and lessons.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging as sphinx_logging
from sphinx.util.fileutil import copy_asset

logger = sphinx_logging.getLogger(__name__)

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
HREFLANG = {"en": "en", "zh_CN": "zh-CN"}
TITLES = {
    "en": "deeplearn-notes: PyTorch from tensors to CNNs",
    "zh_CN": "深度学习笔记：从张量到卷积网络",
}
SHORT_TITLES = {"en": "deeplearn-notes", "zh_CN": "深度学习笔记"}

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
    ],
    "networks": [
        "plot_activation_functions.py",
        "plot_regression_hidden_layer.py",
        "plot_two_blobs_classifier.py",
        "plot_module_vs_sequential.py",
        "plot_save_and_load.py",
        "plot_datasets_minibatches.py",
    ],
    "optimization": [
        "plot_optimizers.py",
        "plot_batch_vs_stochastic.py",
        "plot_adagrad.py",
        "plot_lr_schedulers.py",
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
        "plot_unet_segmentation.py",
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
    # Cached example output is stale when the library changed since it was made.
    library = Path(app.confdir, config.dln_library_dir).resolve()
    current = library_hash(library) if library.is_dir() else ""
    hash_file = _hash_file(app)
    stored = hash_file.read_text().strip() if hash_file.is_file() else None
    if stored is not None and stored != current:
        config.sphinx_gallery_conf["run_stale_examples"] = True
    app.dln_library_hash = current  # type: ignore[attr-defined]
    gallery = {"src_dir": app.srcdir, "gallery_dirs": config.dln_gallery_dir}
    for md5 in recover_killed_examples(gallery):
        logger.info("%s: its last run was interrupted, running it again", md5.stem)


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    conf = app.config.sphinx_gallery_conf
    plot = str(conf.get("plot_gallery", "True")) not in ("0", "False", "false")
    if exception is None and plot and app.builder.name == "html":
        hash_file = _hash_file(app)
        hash_file.parent.mkdir(parents=True, exist_ok=True)
        hash_file.write_text(app.dln_library_hash + "\n")  # type: ignore[attr-defined]


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


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("dln_library_dir", "../deeplearn_notes", "env")
    app.add_config_value("dln_gallery_dir", "auto_examples", "env")
    app.connect("config-inited", _on_config_inited)
    app.connect("build-finished", _on_build_finished)
    app.connect("html-page-context", _on_html_page_context)
    app.connect("build-finished", _copy_mathjax)
    _fix_chinese_search(app)
    _quiet_library_logs()  # after jieba's import, which sets its logger to DEBUG
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

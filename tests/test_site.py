"""The site machinery: catalogs, boilerplate filling, example caching, failures, language pages."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LOCALE = DOCS / "locale" / "zh_CN" / "LC_MESSAGES"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


check_catalogs = _load("check_catalogs", DOCS / "_scripts" / "check_catalogs.py")
fill_boilerplate = _load("fill_boilerplate", DOCS / "_scripts" / "fill_boilerplate.py")
write_root_index = _load("write_root_index", DOCS / "_scripts" / "write_root_index.py")
sys.path.insert(0, str(DOCS / "_ext"))  # dln_site imports its sibling modules, as in conf.py
dln_site = _load("dln_site", DOCS / "_ext" / "dln_site.py")
check_site = _load("check_site", DOCS / "_scripts" / "check_site.py")
compare_outputs = _load("compare_outputs", DOCS / "_scripts" / "compare_outputs.py")


# -- Translation catalogs ------------------------------------------------------------------------


def _pages() -> list[str]:
    """Docnames of the English sources that need a Chinese catalog."""
    names = [p.relative_to(DOCS).with_suffix("").as_posix() for p in DOCS.rglob("*.md")]
    names = [n for n in names if not n.startswith(("_build/", "auto_examples/", "api/generated/"))]
    for script in (ROOT / "gallery").rglob("plot_*.py"):
        names.append(
            f"auto_examples/{script.relative_to(ROOT / 'gallery').with_suffix('').as_posix()}"
        )
    return sorted(names)


@pytest.mark.parametrize("docname", _pages())
def test_every_page_has_a_chinese_catalog(docname):
    assert (LOCALE / f"{docname}.po").is_file(), f"no catalog for {docname}: run nox -s i18n"


@pytest.mark.parametrize(
    "po", sorted(LOCALE.rglob("*.po")), ids=lambda p: p.relative_to(LOCALE).as_posix()
)
def test_catalog_is_complete_and_compiles(po):
    status = check_catalogs.check(po)
    assert status.error is None, status.error
    assert not status.fuzzy, f"{len(status.fuzzy)} fuzzy messages, first: {status.fuzzy[0]!r}"
    assert not status.untranslated, (
        f"{len(status.untranslated)} untranslated messages, first: {status.untranslated[0]!r}"
    )
    assert not status.markup_mismatch, (
        "translations must keep the references, literals and maths of the English; first: "
        f"{status.markup_mismatch[0]!r}"
    )


@pytest.mark.parametrize(
    ("english", "chinese", "same"),
    [
        ("See :doc:`/tensors` and ``x.view``.", "见 :doc:`/tensors` 和 ``x.view``。", True),
        ("See :doc:`/tensors`.", "见张量页面。", False),
        (":ref:`Go to the end <t>` now", ":ref:`跳到末尾 <t>` 吧", True),
        ("Use ``view``.", "使用 ``视图``。", False),
        ("Maths $x^2$ here", "数学 $x^2$", True),
        ("Maths $x^2$ here", "数学 $x^3$", False),
        ("{doc}`autograd` and [A](b.md)", "{doc}`autograd` 和 [甲](b.md)", True),
        ("Call `x.view(2, 3)` now", "现在调用 `x.view(2, 3)`", True),
        ("Call `x.view(2, 3)` now", "现在调用 `视图`", False),
        ("`Link <https://a.b>`_ text", "`链接 <https://a.b>`_ 文本", True),
    ],
)
def test_markup_must_survive_translation(english, chinese, same):
    assert (check_catalogs.markup(english) == check_catalogs.markup(chinese)) is same


@pytest.mark.parametrize(
    ("english", "chinese", "same"),
    [
        ("x = torch.ones(3)  # a vector\n", "x = torch.ones(3)  # 一个向量\n", True),
        (
            ">>> x.shape  # its shape\ntorch.Size([3])",
            ">>> x.shape  # 它的形状\ntorch.Size([3])",
            True,
        ),
        ("x = torch.ones(3)  # a vector", "x = torch.ones(4)  # 一个向量", False),  # code changed
        ("print('a')  # say a", "print('甲')  # 打印甲", False),  # strings are code
        (">>> x.sum()  # total\ntensor(3.)", ">>> x.sum()  # 总和\ntensor(3.0)", False),  # output
        (">>> x  # x\n>>> y", ">>> x  # 甲\n", False),  # a line lost
    ],
)
def test_code_blocks_may_change_only_in_comments(english, chinese, same):
    assert check_catalogs.is_code(english)
    assert check_catalogs.code_matches(english, chinese) is same


@pytest.mark.parametrize(
    "msgid", ["Tensors", "Parameters", "The loss falls (slowly).", "pip install torch"]
)
def test_prose_is_not_code(msgid):
    assert not check_catalogs.is_code(msgid)


@pytest.mark.parametrize(
    ("english", "chinese", "problem"),
    [
        ("called **backpropagation**.", "称为 **反向传播** 。", "a space before full-width"),
        ("the **momentum** method", "**动量** 法", "a space between bold text"),
        ("*adds* to it", "会 *加到* 上面", "italic Chinese"),
        ("``a``, ``b`` and ``c``", "``a``, ``b`` 和 ``c``", "half-width comma"),
        ("Join by concatenation.", "用连结把它们连起来。", "连结"),
        ("A reduction such as sum.", "求和这样的降维运算。", "needs 归约"),
        ("Apply Softmax.", "应用 Softmax。", "Sigmoid/Softmax"),
        ("the dropout network", "暂退网络", "暂退"),
        ("Call ``view`` on 3 tensors.", "对3个张量调用``view``。", "no space between Chinese"),
    ],
)
def test_style_check_flags_typography_and_terms(english, chinese, problem):
    assert any(problem in p for p in check_catalogs.style_problems(english, chinese))


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("called **backpropagation**.", "称为**反向传播**。"),
        ("the **momentum** method", "\\ **动量**\\ 法"),
        ("Call ``view`` here.", "在这里调用 ``view``。"),
        ("``a``, ``b`` and ``c``", "``a``、``b`` 和 ``c``"),
        ("A reduction such as sum.", "求和这样的归约运算。"),
        ("Apply softmax to the logits.", "对 logit 应用 softmax。"),
        ("$f(x) = \\text{loss}$", "$f(x) = \\text{损失}$"),
    ],
)
def test_style_check_passes_good_chinese(english, chinese):
    assert check_catalogs.style_problems(english, chinese) == []
    assert check_catalogs.markup(english) == check_catalogs.markup(chinese)


def test_fill_copies_code_blocks_without_comments():
    assert (
        fill_boilerplate.translate("x = torch.ones(3)\nprint(x)") == "x = torch.ones(3)\nprint(x)"
    )
    assert fill_boilerplate.translate("x = torch.ones(3)  # a vector\nprint(x)") is None


def _write_po(path: Path, entries: str) -> Path:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    path.write_text(header + entries, encoding="utf-8")
    return path


def test_checker_flags_untranslated_fuzzy_and_broken(tmp_path):
    good = _write_po(tmp_path / "good.po", 'msgid "Tensor"\nmsgstr "张量"\n')
    untranslated = _write_po(tmp_path / "u.po", 'msgid "Tensor"\nmsgstr ""\n')
    fuzzy = _write_po(tmp_path / "f.po", '#, fuzzy\nmsgid "Tensor"\nmsgstr "张量"\n')
    broken = _write_po(tmp_path / "b.po", 'msgid "Tensor"\nmsgstr "张量"\nthis is not a catalog\n')
    assert check_catalogs.check(good).complete
    assert check_catalogs.check(untranslated).untranslated == ["Tensor"]
    assert check_catalogs.check(fuzzy).fuzzy == ["Tensor"]
    assert check_catalogs.check(broken).error is not None
    assert check_catalogs.main([str(tmp_path)]) == 1
    assert check_catalogs.main(["--report", str(tmp_path)]) == 0


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        (
            ":ref:`Go to the end <sphx_glr_download_auto_examples_a_plot_b.py>` "
            "to download the full example code.",
            ":ref:`跳到末尾 <sphx_glr_download_auto_examples_a_plot_b.py>` 下载完整的示例代码。",
        ),
        (
            ":download:`Download Jupyter notebook: plot_b.ipynb <plot_b.ipynb>`",
            ":download:`下载 Jupyter 笔记本：plot_b.ipynb <zh_CN/plot_b.ipynb>`",
        ),
        (
            ":download:`Download Python source code: plot_b.py <plot_b.py>`",
            ":download:`下载 Python 源代码：plot_b.py <zh_CN/plot_b.py>`",
        ),
        (  # the zipped gallery: an absolute target
            ":download:`Download all examples in Python source code: auto_examples_python.zip "
            "</auto_examples/auto_examples_python.zip>`",
            ":download:`下载全部 Python 源代码示例：auto_examples_python.zip "
            "</auto_examples/zh_CN/auto_examples_python.zip>`",
        ),
        ("Examples using ``fit``", "使用 ``fit`` 的示例"),
        ("Parameters", "参数"),
        (
            ":doc:`/auto_examples/tensors/plot_indexing`",
            ":doc:`/auto_examples/tensors/plot_indexing`",
        ),
        ("``torch.Tensor``", "``torch.Tensor``"),
        ("A tensor holds numbers.", None),
        ("See :doc:`/tensors` for details.", None),
    ],
)
def test_boilerplate_translation(msgid, expected):
    assert fill_boilerplate.translate(msgid) == expected


def test_fill_keeps_existing_translations(tmp_path):
    po = _write_po(
        tmp_path / "x.po",
        'msgid "Parameters"\nmsgstr "形参"\n\nmsgid "Returns"\nmsgstr ""\n\n'
        'msgid "Prose"\nmsgstr ""\n',
    )
    assert fill_boilerplate.fill(po) == 1
    status = check_catalogs.check(po)
    assert status.untranslated == ["Prose"]
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "形参"' in text and 'msgstr "返回"' in text


# -- Root page and gallery order -------------------------------------------------------------------


def test_root_index_links_both_languages(tmp_path):
    site = "https://example.org/en/latest"  # a path that holds /en/ itself
    for lang in ("en", "zh_CN"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "index.html").write_text("<html></html>")
        (tmp_path / lang / "404.html").write_text(f"<html>{lang} 404</html>")
        (tmp_path / lang / "sitemap.xml").write_text(
            f"<urlset><url><loc>{site}/{lang}/index.html</loc></url></urlset>"
        )
    write_root_index.main(str(tmp_path))
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="en/index.html"' in page and 'href="zh_CN/index.html"' in page
    assert "<noscript>" in page and "navigator.languages" in page
    assert (tmp_path / ".nojekyll").exists()
    assert (tmp_path / "404.html").read_text() == "<html>en 404</html>"
    index = (tmp_path / "sitemap.xml").read_text()
    assert f"<loc>{site}/en/sitemap.xml</loc>" in index
    assert f"<loc>{site}/zh_CN/sitemap.xml</loc>" in index


def test_not_found_page_links_absolutely_in_its_language():
    context = dln_site.not_found_context("zh_CN", "/deeplearn-notes/zh_CN/")
    assert context["title"] == "找不到页面"
    assert '<a href="/deeplearn-notes/zh_CN/index.html">首页</a>' in context["body"]


def test_root_index_refuses_a_missing_language(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "index.html").write_text("<html></html>")
    with pytest.raises(SystemExit, match="zh_CN"):
        write_root_index.main(str(tmp_path))


def test_gallery_order_follows_the_learning_path():
    folders = ["tools", "cnn", "tensors", "zzz_new", "autograd"]
    assert sorted(folders, key=dln_site.section_order) == [
        "tensors",
        "autograd",
        "cnn",
        "tools",
        "zzz_new",
    ]
    key = dln_site.LessonOrder("gallery/tensors")
    files = ["plot_reductions.py", "plot_new.py", "plot_creating_tensors.py"]
    assert sorted(files, key=key) == [
        "plot_creating_tensors.py",
        "plot_reductions.py",
        "plot_new.py",
    ]


def test_every_example_is_in_the_gallery_order():
    listed = {f"{d}/{f}" for d, files in dln_site.GALLERY_ORDER.items() for f in files}
    found = {
        p.relative_to(ROOT / "gallery").as_posix() for p in (ROOT / "gallery").rglob("plot_*.py")
    }
    assert found <= listed, (
        f"add to GALLERY_ORDER in docs/_ext/dln_site.py: {sorted(found - listed)}"
    )


def _output_block(text: str) -> str:
    return (
        '<div class="sphx-glr-script-out highlight-none notranslate"><div class="highlight">'
        f"<pre><span></span>{text}\n</pre></div></div>"
    )


@pytest.mark.parametrize(
    "text",
    [
        "&lt;matplotlib.legend.Legend object at 0x7fef2c1d9a90&gt;",
        "Text(0.5, 0.99, &#39;Broadcasting&#39;)",
        "[&lt;matplotlib.lines.Line2D object at 0x7f00&gt;]",
        "&lt;torch.utils.data.dataloader.DataLoader object at 0x7f3b1c&gt;",
    ],
)
def test_site_check_finds_reprs_in_example_output(text):
    page = "<p>Text(0.5) in prose is fine</p>" + _output_block("loss 0.25\n" + text)
    assert check_site.repr_leaks(page) == [check_site.html.unescape(text)]


def test_site_check_passes_readable_output():
    page = _output_block("shape torch.Size([4, 3])\nText and numbers: 0.5\nTextures(3)")
    assert check_site.repr_leaks(page) == []


def _example_page(*outputs: str) -> str:
    """A generated example page as sphinx-gallery writes it, with these output blocks."""
    page = "Title\n=====\n\n.. code-block:: Python\n\n    print(1)\n\n"
    for text in outputs:
        body = "\n".join(f"    {line}" for line in text.splitlines())
        page += f".. rst-class:: sphx-glr-script-out\n\n .. code-block:: none\n\n{body}\n\n\n"
    return page + ".. _sphx_glr_download:\n"


def test_compare_outputs_lists_only_what_differs(tmp_path, capsys):
    for build, loss in (("a", "0.2500"), ("b", "0.2501")):
        (tmp_path / build / "tools").mkdir(parents=True)
        (tmp_path / build / "tools" / "plot_same.rst").write_text(
            _example_page("device: cpu", "shape (3, 4)\n\nend")
        )
        (tmp_path / build / "tools" / "plot_loss.rst").write_text(_example_page(f"loss {loss}"))
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    assert compare_outputs.main([a, b]) == 1
    printed = capsys.readouterr().out
    assert "tools/plot_loss: differs\n    -loss 0.2500\n    +loss 0.2501" in printed
    assert "plot_same" not in printed
    assert "2 examples compared, 1 differ, 1 unexpectedly" in printed
    assert compare_outputs.main([a, b, "--allow", "plot_loss"]) == 0
    assert "(allowed)" in capsys.readouterr().out


def test_compare_outputs_reads_every_block():
    blocks = compare_outputs.output_blocks(_example_page("one\n  indented", "two"))
    assert blocks == [["one", "  indented"], ["two"]]


@pytest.mark.parametrize(
    ("prose", "found"),
    [
        ("<p>线性回归，:math:`\\hat y = x W^T + b`。</p>", True),
        ("<p>See {doc}`tensors` for more.</p>", True),
        ("<p>线性回归，:math:<code>\\hat y</code>。</p>", True),  # MyST read an rST role
        ("<p>称为 **反向传播**。</p>", True),
        ("<p>See <a href='x'>tensors</a>, <strong>bold</strong>.</p>", False),
        ("<p>Write <code>:math:`x`</code> or <code>{doc}`x`</code>.</p>", False),
        ("<pre>def f(**kwargs): return x ** 2</pre>", False),
    ],
)
def test_site_check_finds_raw_markup_in_prose(prose, found):
    page = f'<article class="bd-article" role="main">{prose}</article>'
    assert bool(check_site.raw_markup(page)) is found


def test_theme_text_is_marked_for_translation():
    source = (
        '<input aria-label="Toggle site navigation sidebar">'
        '<b aria-label="{{ _("Search") }}"></b><a href="u">@pradyunsg</a>\'s'
    )
    marked = dln_site.mark_theme_text(source)
    assert 'aria-label="{{ _("Toggle site navigation sidebar") }}"' in marked
    assert 'aria-label="{{ _("Search") }}"' in marked  # already marked: unchanged
    assert '</a>{{ _("\'s") }}' in marked


def test_site_check_finds_english_theme_text():
    page = (
        '<a class="skip-to-content">Skip to content</a><pre>On this page</pre><span>下一页</span>'
    )
    assert check_site.english_theme_text(page) == ["Skip to content"]


def test_site_check_counts_chinese_comments():
    page = (
        '<pre><span class="n">x</span> <span class="c1"># 一个向量</span>\n'
        '<span class="c1"># (3, 1)</span>\n<span class="c1"># a vector</span>\n'
        '<span class="s2">"# not a comment"</span></pre>'
    )
    assert check_site.comment_counts(page) == (3, 1)


def test_library_hash_changes_with_the_source(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    first = dln_site.library_hash(tmp_path)
    assert dln_site.library_hash(tmp_path) == first
    (tmp_path / "a.py").write_text("x = 2\n")
    assert dln_site.library_hash(tmp_path) != first


# -- Real builds of a tiny site with the project's configuration ----------------------------------


def _mini_site(tmp_path: Path, example: str) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(DOCS / "conf.py", docs / "conf.py")
    for folder in ("_ext", "_search", "_static", "_templates"):
        shutil.copytree(DOCS / folder, docs / folder)
    (docs / "index.rst").write_text("Mini\n====\n\n.. toctree::\n\n   auto_examples/index\n")
    gallery = tmp_path / "gallery"
    (gallery / "tensors").mkdir(parents=True)
    (gallery / "GALLERY_HEADER.rst").write_text(".. _gallery:\n\nGallery\n=======\n\nExamples.\n")
    (gallery / "tensors" / "GALLERY_HEADER.rst").write_text("Tensors\n=======\n\nSome.\n")
    (gallery / "tensors" / "plot_probe.py").write_text(example)
    library = tmp_path / "deeplearn_notes"
    library.mkdir()
    (library / "core.py").write_text("VALUE = 1\n")
    return docs


def _build_command(docs: Path, language: str = "en") -> list[str]:
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "--keep-going",
        "-n",
        "-q",
        "-b",
        "html",
        "-D",
        f"language={language}",
        "-d",
        str(docs / "_build" / "doctrees" / language),
        str(docs),
        str(docs / "_build" / "html" / language),
    ]


def _build(docs: Path, language: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _build_command(docs, language),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


PROBE = '''r"""
Probe
=====

Prints a fresh number each time it runs.
"""

import time

print("run", time.time_ns())
'''


@pytest.mark.slow
def test_examples_run_once_and_rerun_when_the_library_changes(tmp_path):
    docs = _mini_site(tmp_path, PROBE)
    output = docs / "auto_examples" / "tensors" / "plot_probe.rst"

    first = _build(docs)
    assert first.returncode == 0, first.stderr
    ran = output.read_text()
    assert "run " in ran

    chinese = _build(docs, "zh_CN")  # the second language reuses the cached output
    assert chinese.returncode == 0, chinese.stderr
    assert output.read_text() == ran
    assert (
        docs / "_build" / "html" / "zh_CN" / "auto_examples" / "tensors" / "plot_probe.html"
    ).is_file()

    (tmp_path / "deeplearn_notes" / "core.py").write_text("VALUE = 2\n")
    again = _build(docs)
    assert again.returncode == 0, again.stderr
    assert output.read_text() != ran, "the example was not re-run after the library changed"


@pytest.mark.slow
def test_a_failing_example_fails_the_build_and_is_named(tmp_path):
    docs = _mini_site(
        tmp_path, PROBE.replace('print("run", time.time_ns())', 'raise RuntimeError("boom")')
    )
    result = _build(docs)
    assert result.returncode != 0
    assert "plot_probe.py" in result.stdout + result.stderr
    assert "boom" in result.stdout + result.stderr


@pytest.mark.slow
def test_an_example_killed_while_its_output_is_written_runs_again(tmp_path):
    """sphinx-gallery writes an example's md5 before its page: a build killed between the two
    leaves a current md5 beside half-written output. The mark the journal leaves must make the
    next build run the example again rather than take that output as cached."""
    docs = _mini_site(tmp_path, PROBE)
    output = docs / "auto_examples" / "tensors" / "plot_probe.rst"
    assert _build(docs).returncode == 0
    ran = output.read_text()
    assert not list((docs / "auto_examples" / ".running").iterdir()), "a finished run left a mark"

    # The state a kill in that window leaves: the mark, a current md5, a truncated page.
    (docs / "auto_examples" / ".running" / "plot_probe.py.running").touch()
    output.write_text(ran[: len(ran) // 2])
    again = _build(docs)
    assert again.returncode == 0, again.stderr
    rerun = output.read_text()
    assert "run " in rerun and rerun != ran, "the example was taken from the stale cache"
    assert rerun.rstrip().endswith(ran.rstrip().splitlines()[-1]), "the page is incomplete"


KILLER = PROBE.replace(
    'print("run", time.time_ns())',
    """print("run", time.time_ns())
import os, signal
from pathlib import Path

flag = Path(os.environ["DLN_KILL_FLAG"])
if not flag.exists():  # the first build dies here, as under `kill -9 -- -PGID`
    flag.touch()
    os.killpg(os.getpgid(0), signal.SIGKILL)""",
)


@pytest.mark.slow
def test_a_build_killed_while_an_example_runs_recovers(tmp_path, monkeypatch):
    docs = _mini_site(tmp_path, KILLER)
    monkeypatch.setenv("DLN_KILL_FLAG", str(tmp_path / "killed"))
    killed = subprocess.run(  # its own process group, so the kill spares pytest
        [
            sys.executable,
            "-c",
            "import os, subprocess, sys; os.setpgrp(); "
            "sys.exit(subprocess.run(sys.argv[1:]).returncode)",
            *_build_command(docs),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert killed.returncode != 0 and (tmp_path / "killed").exists()
    again = _build(docs)
    assert again.returncode == 0, again.stderr
    html = docs / "_build" / "html" / "en" / "auto_examples" / "tensors" / "plot_probe.html"
    assert "run " in (docs / "auto_examples" / "tensors" / "plot_probe.rst").read_text()
    assert "run " in html.read_text(encoding="utf-8")


def test_fill_points_download_links_to_the_chinese_files(tmp_path):
    po = _write_po(
        tmp_path / "x.po",
        'msgid ":download:`Download Python source code: p.py <p.py>`"\n'
        'msgstr ":download:`下载 Python 源代码：p.py <p.py>`"\n',
    )
    assert fill_boilerplate.fill(po) == 1
    assert "<zh_CN/p.py>" in po.read_text(encoding="utf-8")
    assert check_catalogs.check(po).complete


def test_notebook_links_name_pages_examples_and_section_labels(tmp_path):
    docs, gallery = tmp_path / "docs", tmp_path / "gallery"
    (gallery / "cnn").mkdir(parents=True)
    docs.mkdir()
    (docs / "cnn.md").write_text(
        "# Convolutional networks\n\ntext\n\n(cnn-residual)=\n\n## Residual networks\n",
        encoding="utf-8",
    )
    (gallery / "cnn" / "plot_lenet.py").write_text('"""\nLeNet-5\n=======\n"""\n', encoding="utf-8")
    links = dln_site.notebook_links(docs, gallery, "https://example.org/site", "en")
    targets = links["targets"]
    assert targets["/cnn"] == {
        "title": "Convolutional networks",
        "url": "https://example.org/site/en/cnn.html",
    }
    assert targets["cnn-residual"] == {
        "title": "Residual networks",
        "url": "https://example.org/site/en/cnn.html#cnn-residual",
    }
    assert targets["sphx_glr_auto_examples_cnn_plot_lenet.py"]["url"] == (
        "https://example.org/site/en/auto_examples/cnn/plot_lenet.html"
    )


def test_site_check_reads_a_page_again_only_when_it_was_written_again(tmp_path):
    html_root = tmp_path / "html"
    page = html_root / "en" / "a.html"
    page.parent.mkdir(parents=True)
    clean = '<html lang="en"><div class="sphx-glr-script-out highlight-none"><pre>1</pre></div>'
    page.write_text(clean, encoding="utf-8")
    cache = check_site.FactCache(html_root)
    assert cache.facts(page, "en/a.html", "en")["leaks"] == []
    cache.save()

    leak = clean.replace("<pre>1</pre>", "<pre>&lt;Foo object at 0x7f00&gt;</pre>")
    page.write_text(leak, encoding="utf-8")
    os.utime(page, ns=(page.stat().st_mtime_ns + 10**9,) * 2)
    again = check_site.FactCache(html_root)
    assert again.facts(page, "en/a.html", "en")["leaks"] == ["<Foo object at 0x7f00>"]


@pytest.mark.parametrize(
    "example", ["optimization/plot_lr_schedulers.py", "sequences/plot_lstm_digits.py"]
)
def test_notebook_markdown_from_one_pandoc_run_equals_one_run_per_block(tmp_path, example):
    import dln_notebooks
    from sphinx_gallery.py_source_parser import split_code_and_text_blocks

    links = tmp_path / "links.json"
    targets = dln_site.notebook_links(DOCS, ROOT / "gallery", "https://example.org", "en")
    links.write_text(json.dumps(targets), encoding="utf-8")
    args = [
        "--to=commonmark_x-smart",
        "--wrap=none",
        f"--lua-filter={DOCS / '_ext' / 'notebook_roles.lua'}",
        f"--metadata=dln_links:{links}",
    ]
    conf = {"pypandoc": {"extra_args": args}, "promote_jupyter_magic": False}
    _, blocks = split_code_and_text_blocks(str(ROOT / "gallery" / example))
    per_block, batched = {"cells": []}, {"cells": []}
    dln_notebooks._per_block_fill(per_block, blocks, conf, str(tmp_path))
    dln_notebooks.fill_notebook(batched, blocks, conf, str(tmp_path))
    assert len(batched["cells"]) == len(blocks)
    assert batched == per_block


# -- Both languages at once (docs/_scripts/build.py) ---------------------------------------------

sys.path.insert(0, str(DOCS / "_scripts"))  # build.py imports the site check beside it
build_script = _load("build_script", DOCS / "_scripts" / "build.py")

# A stand-in for one language's Sphinx build that keeps the handshake as dln_site does.
FAKE_BUILD = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, {ext!r})
import dln_site

language, log = sys.argv[1], Path({log!r})
def note(event):
    with log.open("a") as f:
        f.write(f"{{language}} {{event}}\\n")
dln_site.wait_for_turn(dln_site.GALLERY_AFTER)
note("gallery")
time.sleep(0.3)
if language == os.environ.get("FAIL_GALLERY"):
    sys.exit(3)
Path(os.environ[dln_site.GALLERY_DONE]).touch()
dln_site.wait_for_turn(dln_site.GALLERY_HOLD)
note("writes")
"""


def _fake_builds(tmp_path, monkeypatch):
    log = tmp_path / "log"
    script = FAKE_BUILD.format(ext=str(DOCS / "_ext"), log=str(log))
    monkeypatch.setattr(build_script, "BUILD", tmp_path)
    monkeypatch.setattr(
        build_script,
        "sphinx_command",
        lambda language, *_: [sys.executable, "-c", script, language],
    )
    turns = tmp_path / "turns"
    turns.mkdir()
    return log, turns


def test_the_languages_take_turns_with_the_gallery(tmp_path, monkeypatch):
    log, turns = _fake_builds(tmp_path, monkeypatch)
    returncode, timings = build_script.build_both(turns, [])
    assert returncode == 0
    events = log.read_text().splitlines()
    # Chinese starts on the gallery once English ran it; English writes pages after that.
    assert events.index("en gallery") < events.index("zh_CN gallery") < events.index("en writes")
    assert set(timings) == {"en", "zh_CN"}
    assert not list(tmp_path.glob("*.unfinished"))


def test_a_failed_english_build_stops_the_chinese_one(tmp_path, monkeypatch):
    log, turns = _fake_builds(tmp_path, monkeypatch)
    monkeypatch.setenv("FAIL_GALLERY", "en")
    returncode, _ = build_script.build_both(turns, [])
    assert returncode == 3
    assert log.read_text().splitlines() == ["en gallery"]  # Chinese never touched the gallery
    assert (tmp_path / "zh_CN.unfinished").exists()  # its pages are all written next time
    assert (tmp_path / "en.unfinished").exists()


def test_a_failed_chinese_build_releases_the_english_one(tmp_path, monkeypatch):
    log, turns = _fake_builds(tmp_path, monkeypatch)
    monkeypatch.setenv("FAIL_GALLERY", "zh_CN")
    returncode, _ = build_script.build_both(turns, [])
    assert returncode == 3
    assert "en writes" in log.read_text().splitlines()
    assert not (tmp_path / "en.unfinished").exists()


def test_failing_examples_hand_nothing_over_and_wait_for_nothing(tmp_path, monkeypatch):
    """English with a failing example must not wait for Chinese, which waits for it."""
    monkeypatch.setenv(dln_site.GALLERY_DONE, str(tmp_path / "en"))
    monkeypatch.setenv(dln_site.GALLERY_HOLD, str(tmp_path / "zh_CN"))  # never created
    conf = {"failing_examples": {"plot_x.py": "Traceback"}, "image_scrapers": ()}
    app = SimpleNamespace(config=SimpleNamespace(sphinx_gallery_conf=conf))
    dln_site._on_gallery_done(app)
    assert not (tmp_path / "en").exists()
    waiting = threading.Thread(target=dln_site._wait_before_writing, args=(app, None))
    waiting.start()
    waiting.join(timeout=5)
    assert not waiting.is_alive(), "the English build waits for a turn that never comes"


def _mini_bilingual_site(tmp_path: Path, example: str) -> Path:
    docs = _mini_site(tmp_path, example)
    shutil.copytree(DOCS / "_scripts", docs / "_scripts")
    locale = docs / "locale" / "zh_CN" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    shutil.copy(LOCALE / "sphinx.po", locale)  # the theme's text in Chinese
    return docs


def _run_build_script(docs: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(docs / "_scripts" / "build.py")],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.slow
def test_both_languages_build_at_once_and_run_the_example_once(tmp_path):
    docs = _mini_bilingual_site(tmp_path, PROBE)
    result = _run_build_script(docs)
    assert result.returncode == 0, result.stdout + result.stderr
    page = Path("auto_examples", "tensors", "plot_probe.html")
    runs = [
        re.findall(r"run \d+", (docs / "_build" / "html" / lang / page).read_text("utf-8"))
        for lang in ("en", "zh_CN")
    ]
    assert runs[0] and runs[0] == runs[1], "the Chinese build ran the example again"


@pytest.mark.slow
def test_a_failing_example_fails_the_bilingual_build_without_hanging(tmp_path):
    docs = _mini_bilingual_site(
        tmp_path, PROBE.replace('print("run", time.time_ns())', 'raise RuntimeError("boom")')
    )
    result = _run_build_script(docs)  # a hang would end in subprocess.TimeoutExpired
    assert result.returncode != 0
    assert "plot_probe.py" in result.stdout + result.stderr
    assert (docs / "_build" / "zh_CN.unfinished").exists()

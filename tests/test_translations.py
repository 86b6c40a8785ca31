"""Chinese figures and downloads: figure-text templates, the bilingual scraper, zh scripts."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXT = ROOT / "docs" / "_ext"
LOCALE = ROOT / "docs" / "locale" / "zh_CN" / "LC_MESSAGES"


sys.path.insert(0, str(EXT))  # the site's extension modules, as conf.py imports them
import dln_downloads  # noqa: E402
import dln_figures  # noqa: E402


@pytest.mark.parametrize(
    ("text", "template", "numbers"),
    [
        ("epoch 5", "epoch {0}", ["5"]),
        ("learned: y = 1.89x + 3.29", "learned: y = {0}x + {1}", ["1.89", "3.29"]),
        ("Conv2d, x3 and v1.2", "Conv2d, x3 and v1.2", []),  # digits inside names stay
        ("loss −0.5 at {step}", "loss {0} at {{step}}", ["−0.5"]),
    ],
)
def test_figure_text_templates(text, template, numbers):
    assert dln_figures.template(text) == (template, numbers)


def test_a_template_translation_puts_the_numbers_back():
    catalog = {"epoch {0}": "第 {0} 轮", "learned: y = {0}x + {1}": "学到的：y = {0}x + {1}"}
    assert dln_figures.translate("epoch 12", catalog) == "第 12 轮"
    assert dln_figures.translate("learned: y = 2.00x + 3.01", catalog) == "学到的：y = 2.00x + 3.01"
    assert dln_figures.translate("accuracy", catalog) is None


@pytest.mark.parametrize(
    ("text", "needs"), [("train loss", True), ("0.5", False), ("$x^2$", False), ("ReLU", True)]
)
def test_only_words_need_translation(text, needs):
    assert dln_figures.needs_translation(text) is needs


def test_the_scraper_saves_a_chinese_figure_and_restores_the_english(tmp_path):
    dln_figures.find_cjk_font()  # the docs and tests sessions install it
    scraper = dln_figures.BilingualScraper(str(tmp_path / "none.po"), str(tmp_path / "t.json"))
    scraper._catalog = {"epoch {0}": "第 {0} 轮", "loss": "损失"}
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4], label="loss")
    ax.set_title("epoch 7")
    ax.legend()
    path = tmp_path / "fig.zh_CN.png"
    seen = scraper._save_chinese(fig, path, {})
    assert path.stat().st_size > 1000
    assert ax.get_title() == "epoch 7"  # the English figure is untouched
    assert sorted(seen) == ["epoch {0}", "loss"]


def test_the_scraper_compares_equal_across_builds():
    """Sphinx compares configurations: equal settings must not look changed."""
    a = dln_figures.BilingualScraper("a.po", "t.json")
    assert a == dln_figures.BilingualScraper("a.po", "t.json")
    assert a != dln_figures.BilingualScraper("b.po", "t.json")


def _catalog(script: Path) -> dict[str, str]:
    return dln_figures.load_catalog(
        LOCALE / "auto_examples" / script.parent.name / f"{script.stem}.po"
    )


SCRIPTS = sorted((ROOT / "gallery").rglob("plot_*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_chinese_download_runs_the_same_code(script):
    """The zh script is the English one in Chinese: identical code, translated text."""
    english = script.read_text(encoding="utf-8")
    chinese = dln_downloads.translate_script(english, _catalog(script))
    assert dln_downloads.code_tokens(chinese.text) == dln_downloads.code_tokens(english)
    # Every paragraph and title is translated; only a few comments (shapes such as
    # "# (3, 1)", and the hidden checks, which no page shows) may stay English.
    assert [m for m in chinese.missing if not m.startswith("#")] == []
    assert re.search("[\u4e00-\u9fff]", chinese.text.split("\n")[1]), "the title is English"
    compile(chinese.text, script.name, "exec")


def test_translated_titles_are_underlined_to_their_width():
    text = "Load the digits\n---------------\n\nSome text here."
    catalog = {"Load the digits": "加载手写数字", "Some text here.": "一些文字。"}
    missing: list[str] = []
    out = dln_downloads.translate_text(text, catalog, missing)
    assert out == "加载手写数字\n------------\n\n一些文字。"
    assert missing == []


def test_comments_are_translated_and_code_kept():
    catalog = {"x = 1  # one\ny = 2": "x = 1  # 一\ny = 2"}
    source = "# %%\n# Some text.\nx = 1  # one\nz = 3  # one\n"
    out = dln_downloads.translate_script(source, {**catalog, "Some text.": "一些文字。"})
    assert out.text == "# %%\n# 一些文字。\nx = 1  # 一\nz = 3  # 一\n"

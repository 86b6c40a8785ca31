"""Write the site's root pages: index.html, which sends a reader to the Chinese or English
site; 404.html, the English 404 page (its links are absolute); and sitemap.xml, an index of the
two languages' sitemaps.

Usage: python docs/_scripts/write_root_index.py docs/_build/html
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>deeplearn-notes · 深度学习笔记</title>
  <link rel="icon" href="en/_static/favicon.svg" type="image/svg+xml">
  <link rel="alternate" hreflang="en" href="en/index.html">
  <link rel="alternate" hreflang="zh-CN" href="zh_CN/index.html">
  <noscript><meta http-equiv="refresh" content="5; url=en/index.html"></noscript>
  <script>
    // Chinese for a browser that prefers any zh variant, English for everything else.
    (function () {
      var langs = navigator.languages && navigator.languages.length
        ? navigator.languages : [navigator.language || "en"];
      var target = "en/index.html";
      for (var i = 0; i < langs.length; i++) {
        var code = String(langs[i]).toLowerCase();
        if (code.indexOf("zh") === 0) { target = "zh_CN/index.html"; break; }
        if (code.indexOf("en") === 0) { break; }
      }
      window.location.replace(target);
    })();
  </script>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto;
           padding: 0 1rem; }
    a { display: block; font-size: 1.25rem; margin: 0.75rem 0; }
  </style>
</head>
<body>
  <h1>deeplearn-notes · 深度学习笔记</h1>
  <p>PyTorch from tensors to convolutional, recurrent and generative networks ·
     从张量到卷积、循环与生成网络学习 PyTorch</p>
  <a href="en/index.html" hreflang="en" lang="en">English</a>
  <a href="zh_CN/index.html" hreflang="zh-CN" lang="zh-CN">简体中文</a>
</body>
</html>
"""


SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{entries}</sitemapindex>
"""


def sitemap_index(root: Path) -> str:
    """An index of ``<lang>/sitemap.xml``, at the address the sitemaps give their pages."""
    entries = ""
    for lang in ("en", "zh_CN"):
        first = re.search(r"<loc>(.*?)</loc>", (root / lang / "sitemap.xml").read_text("utf-8"))
        if first is None:
            sys.exit(f"{root / lang / 'sitemap.xml'} lists no page")
        site = first[1].rsplit(f"/{lang}/", 1)[0]
        entries += f"  <sitemap><loc>{site}/{lang}/sitemap.xml</loc></sitemap>\n"
    return SITEMAP_INDEX.format(entries=entries)


def main(html_root: str) -> None:
    root = Path(html_root)
    missing = [lang for lang in ("en", "zh_CN") if not (root / lang / "index.html").is_file()]
    if missing:
        sys.exit(f"{root} lacks the {', '.join(missing)} build(s); build them first")
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    shutil.copyfile(root / "en" / "404.html", root / "404.html")
    (root / "sitemap.xml").write_text(sitemap_index(root), encoding="utf-8")
    (root / ".nojekyll").write_text("")  # GitHub Pages must serve _static/ as it is


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: write_root_index.py HTML_ROOT")
    main(sys.argv[1])

"""The built site as a reader gets it, in a real browser, in both languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse
from urllib.request import urlopen

import pytest

LANGUAGES = ("en", "zh_CN")
SKIP = {"_static", "_images", "_sources", "_downloads", "_sphinx_design_static"}


def _pages(site: Path, lang: str) -> list[str]:
    root = site / lang
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if not SKIP.intersection(p.relative_to(root).parts)
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_loads_without_errors(site, base_url, new_page, lang):
    page = new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def failed(request) -> None:
        # Leaving a page aborts its unfinished requests (ERR_ABORTED): only real failures count.
        if "ERR_ABORTED" not in (request.failure or ""):
            problems.append(f"request failed: {request.url} ({request.failure})")

    page.on("requestfailed", failed)
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
    pages = _pages(site, lang)
    assert len(pages) > 50
    for name in pages:
        before = len(problems)
        page.goto(f"{base_url}/{lang}/{name}", wait_until="load")
        broken = page.eval_on_selector_all(
            "img", "imgs => imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
        )
        problems.extend(f"broken image: {src}" for src in broken)
        problems[before:] = [f"{lang}/{name}: {p}" for p in problems[before:]]
    assert not problems, "\n".join(problems[:30])


def _search(page, base_url: str, lang: str, query: str) -> list[str]:
    page.goto(f"{base_url}/{lang}/search.html?q={query}", wait_until="load")
    page.wait_for_selector("#search-results .search-summary", timeout=30_000)
    return page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("en", "tensor", "tensors.html"),
        ("en", "backward", "autograd.html"),
        ("zh_CN", "张量", "tensors.html"),
        ("zh_CN", "反向传播", "autograd.html"),
        ("zh_CN", "卷积", "cnn.html"),
    ],
)
def test_search_finds_relevant_pages(base_url, new_page, lang, query, expected):
    page = new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    hits = _search(page, base_url, lang, query)
    assert not errors, errors
    assert any(h.endswith(f"/{lang}/{expected}") for h in hits[:5]), hits[:5]


@pytest.mark.parametrize(
    "name",
    [
        "tensors.html",
        "auto_examples/tensors/plot_indexing.html",
        "api/generated/deeplearn_notes.fit.html",
    ],
)
def test_language_switcher_round_trip(base_url, new_page, name):
    page = new_page()
    page.goto(f"{base_url}/en/{name}")
    page.click("nav.dln-lang-switcher a[hreflang='zh-CN']")
    page.wait_for_load_state("load")
    assert page.url == f"{base_url}/zh_CN/{name}"
    assert page.get_attribute("html", "lang").startswith("zh")
    page.click("nav.dln-lang-switcher a[hreflang='en']")
    page.wait_for_load_state("load")
    assert page.url == f"{base_url}/en/{name}"


@pytest.mark.parametrize(("locale", "lang"), [("zh-CN", "zh_CN"), ("en-US", "en"), ("fr-FR", "en")])
def test_root_page_picks_the_browser_language(base_url, new_page, locale, lang):
    page = new_page(locale=locale)
    page.goto(f"{base_url}/")
    page.wait_for_url(f"{base_url}/{lang}/index.html")


def test_root_page_without_javascript_links_both(base_url, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(f"{base_url}/")
    hrefs = page.eval_on_selector_all("a", "as => as.map(a => a.getAttribute('href'))")
    assert {"en/index.html", "zh_CN/index.html"} <= set(hrefs)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_maths_renders_offline(base_url, new_page, lang):
    page = new_page()
    external: list[str] = []
    page.on("request", lambda r: not r.url.startswith(base_url) and external.append(r.url))
    page.goto(f"{base_url}/{lang}/losses.html")
    page.wait_for_selector("mjx-container", timeout=30_000)
    assert page.locator("mjx-container").count() > 5
    text = page.inner_text("article")
    assert "$$" not in text and "\\frac" not in text
    assert not external, external


def test_copy_button_copies_code_without_prompts_or_output(base_url, new_page):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{base_url}/en/tensors.html")
    block = page.locator("div.highlight-python:has(.gp)").first
    block.hover()
    block.locator("button.copybtn").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    shown = block.inner_text()
    assert ">>>" in shown and ">>>" not in copied
    assert copied.strip(), "nothing was copied"
    outputs = block.locator(".go").all_inner_texts()
    assert outputs and not any(o.strip() and o.strip() in copied.splitlines() for o in outputs)


def test_dark_mode_toggle(base_url, new_page):
    page = new_page(color_scheme="light")
    page.goto(f"{base_url}/en/index.html")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    themes = []
    for _ in range(3):
        page.locator("button.theme-toggle:visible").first.click()
        themes.append(page.evaluate("document.body.dataset.theme"))
        if themes[-1] == "dark":
            break
    assert "dark" in themes, themes
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != background


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gallery_downloads_are_served(base_url, new_page, lang):
    page = new_page()
    page.goto(f"{base_url}/{lang}/auto_examples/cnn/plot_lenet5_digits.html")
    hrefs = page.eval_on_selector_all("a.download", "as => as.map(a => a.href)")
    page.goto(f"{base_url}/{lang}/auto_examples/index.html")
    hrefs += page.eval_on_selector_all("a.download", "as => as.map(a => a.href)")
    for suffix in (".py", ".ipynb", ".zip"):
        assert any(h.endswith(suffix) for h in hrefs), (suffix, hrefs)
    for href in hrefs:
        response = page.request.get(href)
        assert response.status == 200 and len(response.body()) > 100, href


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key) and not (tag == "link" and a.get("rel") in ("canonical",)):
                self.links.append(a[key])


def test_crawl_finds_no_broken_links_or_anchors(base_url):
    start = f"{base_url}/index.html"
    queue, seen, parsed, broken = [start], {start}, {}, []
    while queue:
        url = queue.pop()
        with urlopen(url) as response:
            body = response.read()
        if not url.endswith(".html"):
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        parsed[url] = parser
        for link in parser.links:
            target = urljoin(url, link)
            if urlparse(target).netloc != urlparse(base_url).netloc or target.startswith("data:"):
                continue
            page, _ = urldefrag(target)
            if page not in seen:
                seen.add(page)
                try:
                    urlopen(page).close()
                except OSError as error:
                    broken.append(f"{url} -> {link}: {error}")
                    continue
                queue.append(page)
    for url, parser in parsed.items():
        for link in parser.links:
            target, fragment = urldefrag(urljoin(url, link))
            if fragment and target in parsed and unquote(fragment) not in parsed[target].ids:
                broken.append(f"{url} -> {link}: no anchor #{fragment}")
    assert len(parsed) > 100
    assert not broken, "\n".join(broken[:30])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_screenshots_for_review(base_url, new_page, screenshots, lang):
    page = new_page(viewport={"width": 1280, "height": 900})
    for name, path in (
        ("landing", "index.html"),
        ("example", "auto_examples/cnn/plot_lenet5_digits.html"),
    ):
        page.goto(f"{base_url}/{lang}/{path}")
        page.wait_for_load_state("networkidle")
        out = screenshots / f"{lang}-{name}.png"
        page.screenshot(path=str(out), full_page=False)
        assert out.stat().st_size > 10_000
    title = page.title()
    assert re.search(r"[\u4e00-\u9fff]", title) if lang == "zh_CN" else "deeplearn-notes" in title

"""Check the translation catalogs: all translated, none fuzzy, markup kept, every catalog compiles;
code blocks changed only in their comments; Chinese typography; one term per concept.

Usage: python docs/_scripts/check_catalogs.py [--report] [-v] docs/locale  (or one .po file)
Exits non-zero when a catalog is incomplete or broken (with --report it only prints).
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

# Markup a translation must keep: roles and their targets, literals, maths and link targets.
_ROLE = re.compile(r"(?::(?P<r>[\w:+-]+):|\{(?P<m>[\w:+-]+)\})`(?P<c>[^`]*)`")
_LITERAL = re.compile(r"``[^`]+``")
_MATH = re.compile(r"(?<!\$)\$[^$\n]+\$(?!\$)")
_CODE = re.compile(r"(?<![`\w])`[^`\n]+`(?![`_])")
_LINK = re.compile(r"\]\((?P<t>[^)\s]+)\)")


_TEXT_IN_MATH = re.compile(r"\\text\{[^{}]*\}")


def markup(text: str) -> Counter[str]:
    """The markup tokens of a message, titles of explicit-title references left out.

    Words in ``\\text{...}`` inside formulas are prose and may be translated.
    """
    text = _TEXT_IN_MATH.sub(r"\\text{}", text)
    tokens: Counter[str] = Counter()
    for match in _ROLE.finditer(text):
        role = match["r"] or match["m"]
        content = match["c"]
        target = re.search(r"<([^<>]+)>\s*$", content)
        name = target[1] if target else content
        if role == "download":  # the Chinese site offers the Chinese file, in zh_CN/
            name = name.replace("zh_CN/", "")
        tokens[f"{role}:{name}"] += 1
    without_roles = _ROLE.sub(" ", text)
    tokens.update(_LITERAL.findall(without_roles))
    rest = _LITERAL.sub(" ", without_roles)
    tokens.update(_MATH.findall(rest))
    tokens.update(_CODE.findall(rest))  # MyST's `code`
    tokens.update(f"link:{m['t']}" for m in _LINK.finditer(text))
    tokens.update(re.findall(r"\{\d+\}", rest))  # the numbers of a figure text's template
    return tokens


# -- Code blocks (gettext_additional_targets): only comments may be translated ------------------

_PROMPT = re.compile(r"^(>>> |\.\.\. |>>>$|\.\.\.$)")


def _split_doctest(text: str) -> tuple[str, list[str]]:
    """The source of a block and its doctest output lines (none for a plain block)."""
    lines = text.splitlines()
    if not any(_PROMPT.match(line) for line in lines):
        return text, []
    source, output = [], []
    for line in lines:
        if _PROMPT.match(line):
            source.append(_PROMPT.sub("", line))
        else:
            output.append(line)
    return "\n".join(source), output


def _tokens(source: str) -> list[tuple[int, str]] | None:
    """Python tokens apart from comments and layout; None when it is not Python."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source + "\n").readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    return [(t.type, t.string) for t in tokens if t.type not in skip]


def is_code(msgid: str) -> bool:
    """Whether a message is a code block: Python that compiles and is more than one name."""
    source, output = _split_doctest(msgid)
    # One line of prose can parse as Python ("mean (given)"): a single line counts as code only
    # with an assignment, an import, a comment or a call written as code writes it.
    if not (output or "\n" in msgid or re.search(r"=|#|\w\(|^(import|from) ", msgid)):
        return False
    try:
        compile(source, "<block>", "exec")
    except (SyntaxError, ValueError):
        return False
    return True


def has_comment(code: str) -> bool:
    tokens = tokenize.generate_tokens(io.StringIO(_split_doctest(code)[0] + "\n").readline)
    try:
        return any(t.type == tokenize.COMMENT for t in tokens)
    except tokenize.TokenError:
        return False


def code_matches(msgid: str, msgstr: str) -> bool:
    """Whether a translated code block differs from the English only in its comments."""
    source, output = _split_doctest(msgid)
    translated_source, translated_output = _split_doctest(msgstr)
    if output != translated_output:  # printed output stays as executed
        return False
    expected = _tokens(source)
    return expected is not None and expected == _tokens(translated_source)


# -- Chinese typography and terms ---------------------------------------------------------------

_HAN = "\u4e00-\u9fff"
_FULLWIDTH = "，。；：！？、）」』》"
TYPOGRAPHY = [
    (re.compile(rf"\s+[{_FULLWIDTH}]"), "a space before full-width punctuation"),
    (re.compile(rf"[{_HAN}] \*\*|\*\* [{_HAN}]"), "a space between bold text and Chinese"),
    (
        re.compile(rf"(?<![*\\])\*(?![*\s])[^*\n]*[{_HAN}][^*\n]*(?<![*\s])\*(?!\*)"),
        "italic Chinese (use bold or plain text)",
    ),
    (re.compile(r"(?<=`),\s*(?=`)"), "a half-width comma between code items (use 、)"),
    (
        re.compile(rf"[{_HAN}][A-Za-z0-9`]|[A-Za-z0-9`][{_HAN}]"),
        "no space between Chinese and a Latin word, number or code",
    ),
]
# Variants of glossary terms that the catalogs must not use (docs/glossary.md).
FORBIDDEN_TERMS = {
    "逐元素": "按元素 (element-wise)",
    "连结": "拼接 (concatenation)",
    "暂退": "dropout (not translated)",
    "卷积主干": "卷积骨干 or 卷积前端 (stem)",
    "去除步长": "除以 (divide)",
}
# An English word in the msgid that requires a Chinese term in the msgstr (and forbids others).
TERM_PAIRS = [
    (re.compile(r"\bconcatenat", re.I), "拼接", ("连接", "合并", "连结")),
    (re.compile(r"\breductions?\b", re.I), "归约", ("降维", "汇总")),
    (re.compile(r"\belement-?wise\b", re.I), "按元素", ("逐元素",)),
    # The noun (a convolution's filter), not the verb "filter data".
    (
        re.compile(
            r"\b(filters|(a|the|one|each|every|its|per|this|that|first|second) filter)\b", re.I
        ),
        "滤波器",
        (),
    ),
]
_CODE_SPAN = re.compile(r"``[^`]+``|`[^`]+`|:\w+:`[^`]+`|\{\w+\}`[^`]+`|\$[^$]+\$")


_OPENING = "（“「『《"


def bold_cannot_close(text: str) -> bool:
    """Bold whose closing ``**`` follows full-width punctuation and precedes a Chinese character
    (``**术语。**中文``), or whose opening ``**`` follows a Chinese character and precedes
    full-width opening punctuation: Markdown leaves the asterisks as text, and reST needs an
    escape. Keep the punctuation outside the bold (``**术语**。中文``)."""
    for index, match in enumerate(re.finditer(r"\*\*", text)):
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        closing = index % 2 == 1
        if closing and before in _FULLWIDTH and re.match(rf"[{_HAN}]", after):
            return True
        if not closing and re.match(rf"[{_HAN}]", before) and after in _OPENING:
            return True
    return False


def style_problems(msgid: str, msgstr: str, *, terms: bool = True) -> list[str]:
    """Typography and (with ``terms``) terminology problems of one Chinese translation."""
    problems = []
    if bold_cannot_close(_CODE_SPAN.sub("`x`", msgstr)):
        problems.append("bold that cannot close (put the punctuation outside the bold)")
    prose = _CODE_SPAN.sub("`x`", msgstr)
    for pattern, what in TYPOGRAPHY:
        if pattern.search(msgstr if "comma" in what else prose):
            problems.append(what)
    if not terms:
        return problems
    for word, instead in FORBIDDEN_TERMS.items():
        if word in prose:
            problems.append(f"{word}: use {instead}")
    # Compounds that contain a variant legitimately: 全连接层, 跳跃连接 (skip connection).
    plain = re.sub("全连接|跳跃连接", "", prose)
    for english, term, variants in TERM_PAIRS:
        if english.search(_CODE_SPAN.sub(" ", msgid)):
            if term not in prose:
                problems.append(f"{english.pattern!r} needs {term}")
            problems += [f"{v}: use {term}" for v in variants if v in plain]
    if re.search(r"(?<![`\w.])(Sigmoid|Softmax)(?![`\w])", prose):
        problems.append("Sigmoid/Softmax in prose: write sigmoid/softmax (nn.Sigmoid in code)")
    return problems


@dataclass
class CatalogStatus:
    path: Path
    total: int = 0
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    markup_mismatch: list[str] = field(default_factory=list)
    code_mismatch: list[str] = field(default_factory=list)
    style: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def complete(self) -> bool:
        return not (
            self.untranslated
            or self.fuzzy
            or self.markup_mismatch
            or self.code_mismatch
            or self.style
            or self.error
        )


def check(po_path: Path) -> CatalogStatus:
    status = CatalogStatus(po_path)
    try:
        with po_path.open("rb") as f:
            catalog = read_po(f, abort_invalid=True)
        write_mo(io.BytesIO(), catalog)  # what sphinx-build does with it
    except Exception as error:  # any parse or compile failure makes the catalog unusable
        status.error = f"{type(error).__name__}: {error}"
        return status
    for message in catalog:
        if not message.id:
            continue
        status.total += 1
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            status.fuzzy.append(msgid)
        elif not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            status.untranslated.append(msgid)
        elif not isinstance(message.string, str):
            continue
        elif is_code(msgid):
            if not code_matches(msgid, message.string):
                status.code_mismatch.append(msgid)
        elif markup(msgid) != markup(message.string):
            status.markup_mismatch.append(msgid)
        else:
            # The glossary names the variants it rules out.
            terms = po_path.name != "glossary.po"
            problems = style_problems(msgid, message.string, terms=terms)
            status.style += [f"{p}: {message.string[:80]!r}" for p in problems]
    return status


def check_all(locale_dir: Path) -> list[CatalogStatus]:
    """Every catalog below ``locale_dir`` (or that one catalog, given a .po file)."""
    if locale_dir.is_file():
        return [check(locale_dir)]
    return [check(p) for p in sorted(locale_dir.rglob("*.po"))]


def main(argv: list[str]) -> int:
    report_only = "--report" in argv
    args = [a for a in argv if a not in ("--report", "-v")]
    if len(args) != 1:
        print("usage: check_catalogs.py [--report] LOCALE_DIR", file=sys.stderr)
        return 2
    statuses = check_all(Path(args[0]))
    incomplete = [s for s in statuses if not s.complete]
    total = sum(s.total for s in statuses)
    missing = sum(
        len(s.untranslated) + len(s.fuzzy) + len(s.markup_mismatch) + len(s.code_mismatch)
        for s in statuses
    )
    for s in incomplete:
        detail = s.error or (
            f"{len(s.untranslated)} untranslated, {len(s.fuzzy)} fuzzy, "
            f"{len(s.markup_mismatch)} with markup unlike the English, "
            f"{len(s.code_mismatch)} code blocks changed beyond comments, "
            f"{len(s.style)} typography or term problems"
        )
        print(f"  {s.path}: {detail}")
        if "-v" in argv:
            for msgid in s.markup_mismatch:
                print(f"      markup differs: {msgid[:100]!r}")
            for msgid in s.code_mismatch:
                print(f"      code differs: {msgid[:100]!r}")
            for problem in s.style:
                print(f"      {problem}")
    print(
        f"{len(statuses)} catalogs, {total} messages, {missing} to translate, "
        f"{sum(len(s.style) for s in statuses)} typography or term problems, "
        f"{sum(1 for s in statuses if s.error)} broken"
    )
    return 0 if report_only or not incomplete else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

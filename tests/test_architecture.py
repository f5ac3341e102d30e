"""The layers stay apart: what each package of fr_stats may import (ARCHITECTURE.md).

Every import is read from the source with :mod:`ast`, wherever it is written:
at the top, inside a function, or under ``if TYPE_CHECKING:``. Relative
imports are resolved to absolute names first (``from ..catalog import Study``
in ``fr_stats/stats/compare.py`` is ``fr_stats.catalog``; ``from .. import
text`` is ``fr_stats.text``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "fr_stats"

PICTURES_AND_PAGES = (
    "fr_stats.figures",
    "fr_stats.report",
    "fr_stats.cli",
    "fr_stats.render",
    "fr_stats.notebook",
    "matplotlib",
    "rich",
    "typer",
)
"""Drawing, pages and the terminal: the top layer, which the layers below never import."""

FORBIDDEN: dict[str, tuple[str, ...]] = {
    # Numbers only: counts in, frozen dataclasses of numbers out. No ids to look
    # up, no sentences, no formatting. fr_stats.errors and fr_stats.display are allowed.
    "stats": (
        "fr_stats.catalog",
        "fr_stats.analysis",
        "fr_stats.words",
        "fr_stats.text",
        "fr_stats.comparability",
        "fr_stats.ledger",
        *PICTURES_AND_PAGES,
    ),
    # Resolution (the catalog package): ids and counts in, typed records out. No
    # statistics results, no sentences, nothing drawn. table_kinds() reaching up for
    # the claims and live readers (fr_stats.ledger, fr_stats.live) is a known debt.
    "catalog": (
        "fr_stats.analysis",
        "fr_stats.words",
        "fr_stats.text",
        *PICTURES_AND_PAGES,
    ),
    # Sentences from typed results: no drawing, no terminal.
    "words": PICTURES_AND_PAGES,
    # Ids in, results out: nothing drawn or printed here either.
    "analysis": PICTURES_AND_PAGES,
}

WHERE: dict[str, tuple[str, ...]] = {
    # The claims ledger is analysis too: claims in, checked claims out.
    "analysis": ("analysis", "ledger"),
}
"""The folders of ``fr_stats/`` a layer of :data:`FORBIDDEN` is made of, where it is not
just the folder of its name."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module ``source`` imports, as absolute dotted names.

    ``module`` is the dotted name of the file the source is from; for
    ``from X import a, b`` both ``X`` and ``X.a``, ``X.b`` are returned, as
    ``a`` may be a submodule (``from .. import text``).
    """
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            if node.module:
                names.add(stem)
            names.update(f"{stem}.{alias.name}" for alias in node.names)
    return names


def _violations(layer: str) -> list[str]:
    folders = WHERE.get(layer, (layer,))
    files = sorted(path for folder in folders for path in (PACKAGE / folder).glob("**/*.py"))
    for folder in folders:
        assert any((PACKAGE / folder).glob("*.py")), f"fr_stats/{folder}/ has no modules"
    out: list[str] = []
    for path in files:
        module = _module_name(path)
        names = imported_names(
            path.read_text(encoding="utf-8"), module, is_package=path.name == "__init__.py"
        )
        for name in sorted(names):
            for banned in FORBIDDEN[layer]:
                line = f"{path.relative_to(PACKAGE.parent)} imports {banned}"
                if (name == banned or name.startswith(banned + ".")) and line not in out:
                    out.append(line)
    return out


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_nothing_above_it(layer: str) -> None:
    violations = _violations(layer)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        # A top-level relative import of a sibling package.
        ("from ..catalog import Study", "fr_stats.stats.compare", "fr_stats.catalog"),
        # A submodule named in the import list.
        ("from .. import text", "fr_stats.stats.compare", "fr_stats.text"),
        # An import inside a function.
        ("def f():\n    from ..words import change\n", "fr_stats.stats.pool", "fr_stats.words"),
        # An import under TYPE_CHECKING.
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import matplotlib.pyplot\n",
            "fr_stats.words.change",
            "matplotlib.pyplot",
        ),
        # A relative import from a package's __init__.
        ("from ..render import emit", "fr_stats.words", "fr_stats.render"),
    ],
)
def test_every_kind_of_import_is_seen(source: str, module: str, expected: str) -> None:
    is_package = module == "fr_stats.words"
    assert expected in imported_names(source, module, is_package=is_package)


def test_a_planted_import_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check fails for a statistics module that imports the catalog inside a function."""
    fake = tmp_path / "fr_stats"
    (fake / "stats").mkdir(parents=True)
    (fake / "stats" / "bad.py").write_text(
        "def f():\n    from ..catalog import load\n    return load\n", encoding="utf-8"
    )
    monkeypatch.setitem(globals(), "PACKAGE", fake)
    assert _violations("stats") == ["fr_stats/stats/bad.py imports fr_stats.catalog"]


def test_the_ledger_is_checked_as_analysis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A ledger module that imports the rendering layer is caught, like an analysis one."""
    fake = tmp_path / "fr_stats"
    for folder in ("analysis", "ledger"):
        (fake / folder).mkdir(parents=True)
        (fake / folder / "__init__.py").write_text("", encoding="utf-8")
    (fake / "ledger" / "bad.py").write_text("from ..render import clean\n", encoding="utf-8")
    monkeypatch.setitem(globals(), "PACKAGE", fake)
    assert _violations("analysis") == ["fr_stats/ledger/bad.py imports fr_stats.render"]


def _runtime_imports(path: Path) -> set[str]:
    """What a module imports when it runs: everything but the ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return imported_names(
        ast.unparse(_without_type_checking(tree)),
        _module_name(path),
        is_package=path.name == "__init__.py",
    )


def _without_type_checking(tree: ast.Module) -> ast.Module:
    """The module without the bodies of ``if TYPE_CHECKING:`` (their ``else`` stays)."""
    body: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        ):
            body.extend(node.orelse)
        else:
            body.append(node)
    tree.body = body
    return tree


@pytest.mark.parametrize(
    ("source", "seen"),
    [
        ("if TYPE_CHECKING:\n    import a\nelse:\n    import b\n", {"b"}),
        ("if not TYPE_CHECKING:\n    import a\n", {"a"}),
        ("if typing.TYPE_CHECKING:\n    import a\n", set()),
    ],
)
def test_runtime_imports_keep_all_but_the_type_checking_body(source: str, seen: set[str]) -> None:
    tree = _without_type_checking(ast.parse(source))
    assert imported_names(ast.unparse(tree), "fr_stats.words.x", is_package=False) == seen


def test_words_use_analysis_types_in_annotations_only() -> None:
    """The words layer names the result types of analysis and the ledger in annotations
    (under ``TYPE_CHECKING``) and never imports them when it runs."""
    above = ("fr_stats.analysis", "fr_stats.ledger")
    found = [
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in sorted((PACKAGE / "words").glob("*.py"))
        for name in sorted(_runtime_imports(path))
        if any(name == a or name.startswith(a + ".") for a in above)
    ]
    assert not found, "\n".join(found)


# -- the charts read typed results and place the words of words/ ---------------- #

CHART_KINDS = PACKAGE / "figures" / "kinds"
READER_TEXT = ("title", "subtitle", "alt", "notes", "heading", "xlabel", "label", "detail", "value")
"""Keyword arguments of a chart, a panel or a row that a reader sees."""


def dict_reads(source: str) -> list[int]:
    """Lines of ``.to_dict()`` calls other than for a chart's ``results=`` (its JSON)."""
    tree = ast.parse(source)
    calls = {
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "to_dict"
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "results":
            calls -= set(ast.walk(node.value))
    return sorted(node.lineno for node in calls)


def written_text(source: str) -> list[int]:
    """Lines where words a reader sees are written in place: a string or an f-string
    given as a chart's, panel's or row's title, subtitle, alt text, notes, heading,
    axis label, row label, detail or value (an empty string clears one)."""
    out: list[int] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        values = [k.value for k in node.keywords if k.arg in READER_TEXT]
        if isinstance(node.func, ast.Name) and node.func.id == "Row":
            values += node.args[:2]  # label, detail
        for value in values:
            compared = {
                c for n in ast.walk(value) if isinstance(n, ast.Compare) for c in ast.walk(n)
            }
            for inner in ast.walk(value):
                if isinstance(inner, ast.JoinedStr) or (
                    isinstance(inner, ast.Constant)
                    and isinstance(inner.value, str)
                    and inner.value
                    and inner not in compared  # r.shape == "heading" is no text
                ):
                    out.append(inner.lineno)
    return sorted(set(out))


def test_charts_read_typed_results_not_dicts() -> None:
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted((PACKAGE / "figures").glob("**/*.py"))
        for line in dict_reads(path.read_text(encoding="utf-8"))
    ]
    assert not found, "to_dict() outside a chart's results (JSON): " + ", ".join(found)


def test_chart_kinds_take_their_words_from_words() -> None:
    paths = [*sorted(CHART_KINDS.glob("*.py")), PACKAGE / "figures" / "alerts.py"]
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in paths
        for line in written_text(path.read_text(encoding="utf-8"))
    ]
    assert not found, "reader's words written in a chart module: " + ", ".join(found)


def test_planted_dict_reads_and_written_text_are_caught() -> None:
    source = (
        "d = result.to_dict()\n"
        "chart = Chart(title=f'{d[\"k\"]} pooled', alt=words.alt(r),\n"
        "              results={**result.to_dict(), 'extra': 1})\n"
        "row = Row('Change, B - A', detail, value='')\n"
        "alt = f(alt=words.alt(r.value if r.shape == 'heading' else None))\n"
    )
    assert dict_reads(source) == [1]
    assert written_text(source) == [2, 4]


# -- the statistics return numbers and codes, never a reader's sentence --------- #

SENTENCE_FIELDS = frozenset(
    {"note", "notes", "reason", "reasons", "rule", "method", "message", "caveat", "verdict"}
)
"""Names of a result's fields (and of the variables that fill them) that hold what a
reader is told: in :mod:`fr_stats.stats` they hold codes and method names, never prose."""

SENTENCE_WORDS = 4
"""A string of this many words or more is a sentence; method names (``"wilson"``,
``"conditional"``, ``"Katz log interval"``) are shorter."""


def _words(node: ast.expr) -> int:
    """The words of a string or an f-string (each ``{...}`` counts as one)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else " x "
            for v in node.values
        )
    else:
        return 0
    return sum(any(ch.isalpha() for ch in token) for token in text.split())


def _sentences(value: ast.expr) -> list[int]:
    """Lines of the sentences an expression is made of: its strings, f-strings and the
    branches, tuples and sums holding them, but not the arguments of a call it makes
    (those are counted where the call is: a result constructor, ``append``)."""
    if isinstance(value, ast.Constant | ast.JoinedStr):
        return [value.lineno] if _words(value) >= SENTENCE_WORDS else []
    if isinstance(value, ast.Call):
        return _sentences(value.func)
    if isinstance(value, ast.Attribute):
        return _sentences(value.value)
    parts: list[ast.expr] = []
    if isinstance(value, ast.IfExp):
        parts = [value.body, value.orelse]
    elif isinstance(value, ast.BoolOp):
        parts = value.values
    elif isinstance(value, ast.BinOp):
        parts = [value.left, value.right]
    elif isinstance(value, ast.Tuple | ast.List | ast.Set):
        parts = value.elts
    elif isinstance(value, ast.Dict):
        parts = [v for v in value.values if v is not None]
    return [line for part in parts for line in _sentences(part)]


def _field(target: ast.expr) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    return None


def _is_sentence_field(name: str | None) -> bool:
    if name is None:
        return False
    low = name.lower()
    return low in SENTENCE_FIELDS or low.endswith(("_note", "_rule", "_reason"))


def stats_sentences(source: str, result_classes: frozenset[str]) -> list[int]:
    """Lines where a statistics module returns or stores a sentence a reader would see.

    A string or f-string of :data:`SENTENCE_WORDS` words or more that is
    assigned to, or given as, a field named in :data:`SENTENCE_FIELDS` (``note
    = ...``, ``{"note": ...}``, ``note=...``, also ``*_RULE`` and ``*_note``),
    given to a constructor of one of ``result_classes``, returned, or appended
    to a list. Text inside a ``raise`` (an error's message) is not counted:
    errors are a separate path.
    """
    tree = ast.parse(source)
    raised = {
        inner for node in ast.walk(tree) if isinstance(node, ast.Raise) for inner in ast.walk(node)
    }
    values: list[ast.expr] = []
    for node in ast.walk(tree):
        if node in raised:
            continue
        if isinstance(node, ast.Assign):
            if any(_is_sentence_field(_field(t)) for t in node.targets):
                values.append(node.value)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            if node.value is not None and _is_sentence_field(_field(node.target)):
                values.append(node.value)
        elif isinstance(node, ast.Dict):
            values += [
                v
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant)
                and isinstance(k.value, str)
                and _is_sentence_field(k.value)
            ]
        elif isinstance(node, ast.Call):
            values += [k.value for k in node.keywords if _is_sentence_field(k.arg)]
            called = _field(node.func)
            if called in result_classes or called in ("append", "extend", "insert"):
                values += node.args
        elif isinstance(node, ast.Return) and node.value is not None:
            values.append(node.value)
    return sorted({line for value in values for line in _sentences(value)})


def _result_classes(paths: list[Path]) -> frozenset[str]:
    """The classes the statistics define, except their errors."""
    return frozenset(
        node.name
        for path in paths
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and not node.name.endswith("Error")
    )


def test_statistics_return_no_sentences() -> None:
    paths = sorted((PACKAGE / "stats").glob("**/*.py"))
    classes = _result_classes(paths)
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in paths
        for line in stats_sentences(path.read_text(encoding="utf-8"), classes)
    ]
    assert not found, "a sentence in fr_stats/stats/ (word it in fr_stats/words/): " + ", ".join(
        found
    )


def test_planted_statistics_sentences_are_caught() -> None:
    source = (
        "def f(x):\n"
        "    note = None\n"  # 2: no text
        "    if x:\n"
        "        note = 'the interval is undefined here'\n"  # 4
        "    method = 'wilson'\n"  # 5: a method name
        "    if x > 1:\n"
        "        raise InputError(f'{x} false matches cannot exceed the number tested')\n"  # 7
        "    notes.append(f'sample size: {x} is too small')\n"  # 8
        "    r = Estimate(0.0, None, None, 'katz', 'no false matches in the subgroup')\n"  # 9
        "    d = {'method': 'Katz log interval', 'note': f'{x} has no false matches'}\n"  # 10
        "    return Estimate(x, None, None, 'conditional', Reason.ODDS_ZERO)\n"  # 11
        "HETEROGENEITY_RULE = ('The studies disagree substantially when I2 is '\n"  # 12
        "    'fifty percent or more.')\n"
        "def g():\n"
        "    return 'the estimate is infinite'\n"  # 15
        "    return 'wilson-cc'\n"
    )
    assert stats_sentences(source, frozenset({"Estimate"})) == [4, 8, 9, 10, 12, 15]


# -- the report arranges sections; words/report.py words them -------------------- #

SECTION_TEXT = ("heading", "paragraphs", "caption")
"""Keyword arguments of a report section or table that a reader sees."""
SECTION_CALLS = ("Section", "Table", "interval_table", "Prose")
"""Calls whose first positional argument (a table's caption) is read too."""


def section_text(source: str) -> list[int]:
    """Lines where a report section's heading, paragraphs or a table's caption are
    written in place, as a string or an f-string, rather than taken from words/."""
    out: list[int] = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in SECTION_CALLS:
            continue
        values = [k.value for k in node.keywords if k.arg in SECTION_TEXT]
        if node.func.id in ("Table", "interval_table"):
            values += node.args[:1]  # caption
        elif node.func.id == "Prose":
            values += node.args[:3]  # heading, paragraphs, captions
        for value in values:
            for inner in ast.walk(value):
                if isinstance(inner, ast.JoinedStr) or (
                    isinstance(inner, ast.Constant) and isinstance(inner.value, str) and inner.value
                ):
                    out.append(inner.lineno)
    return sorted(set(out))


def test_report_sections_take_their_words_from_words() -> None:
    path = PACKAGE / "report" / "content.py"
    found = [f"report/content.py:{line}" for line in section_text(path.read_text(encoding="utf-8"))]
    assert not found, "reader's words written in the report's sections: " + ", ".join(found)


def test_planted_section_text_is_caught() -> None:
    source = (
        "s = Section(id='pool', heading=prose.heading,\n"
        "            paragraphs=(verdict, f'The pool of {k} studies.'))\n"
        "t = Table('Pooled estimate', COLUMNS, rows)\n"
        "u = interval_table(prose.captions[0], COLUMNS, rows, 'method')\n"
        "p = Prose('Methods', (words.methods(level),))\n"
    )
    assert section_text(source) == [2, 3, 5]

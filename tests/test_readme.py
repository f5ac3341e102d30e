"""Every terminal example in README.md and docs/ prints what the page says it prints."""

from __future__ import annotations

from pathlib import Path

import pytest
from readme_examples import DOCS, README, Example, all_examples, examples, run

EXAMPLES = all_examples()


def test_readme_has_a_short_tour() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(examples(text)) >= 5
    assert len(text.splitlines()) <= 250
    assert "fr-stats compare aclu2018 comparitech2020" in "\n".join(text.splitlines()[:12])
    assert ".venv/bin/fr-stats" in text and "source .venv/bin/activate" in text


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.page}: {e.command}" for e in EXAMPLES])
def test_documented_example_is_current(example: Example) -> None:
    assert run(example.command) == example.expected, (
        f"{example.page} is out of date; rewrite its examples with: "
        ".venv/bin/python tests/readme_examples.py --update"
    )


@pytest.mark.parametrize("page", DOCS, ids=[p.name for p in DOCS])
def test_documented_python_examples(page: Path) -> None:
    """The ``>>>`` examples of every page run and print what they show."""
    import doctest

    failures, _ = doctest.testfile(
        str(page),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert failures == 0

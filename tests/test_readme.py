"""Every terminal example in README.md prints what the README says it prints."""

from __future__ import annotations

import pytest
from readme_examples import README, Example, examples, run

EXAMPLES = examples(README.read_text(encoding="utf-8"))


def test_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.command for e in EXAMPLES])
def test_readme_example_is_current(example: Example) -> None:
    assert run(example.command) == example.expected, (
        "README.md is out of date; rewrite its examples with: .venv/bin/python tests/readme_examples.py --update"
    )


def test_readme_python_examples() -> None:
    """The ``>>>`` examples in README.md run and print what they show."""
    import doctest

    failures, attempted = doctest.testfile(
        str(README),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert attempted >= 5
    assert failures == 0

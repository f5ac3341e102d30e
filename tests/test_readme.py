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

"""The documentation's terminal examples are real: run them, compare, or rewrite them.

A block in README.md or docs/*.md fenced as ```console holds one or more commands, each on
a line starting with ``$ fr-stats``, followed by what it prints. The test
suite runs every command and compares; after a deliberate change to the
output, rewrite the blocks with:

    .venv/bin/python tests/readme_examples.py --update
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = (README, *sorted((ROOT / "docs").glob("*.md")))
"""Every page whose console examples are run and whose ``>>>`` examples are doctested."""
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
WIDTH = "80"


@dataclass(frozen=True)
class Example:
    command: str
    expected: str
    page: str = "README.md"


def examples(text: str, page: str = "README.md") -> list[Example]:
    found = []
    for block in BLOCK.findall(text):
        parts = re.split(r"^\$ ", block, flags=re.MULTILINE)
        for part in parts[1:]:
            command, _, output = part.partition("\n")
            found.append(Example(command.strip(), output, page))
    return found


def all_examples() -> list[Example]:
    """The console examples of every documentation page."""
    return [e for page in DOCS for e in examples(page.read_text(encoding="utf-8"), page.name)]


def run(command: str) -> str:
    """What ``command`` prints (stdout then stderr) at an 80-column terminal."""
    from typer.testing import CliRunner

    from fr_stats.cli import app

    argv = shlex.split(command)
    assert argv[0] == "fr-stats", f"README examples must call fr-stats: {command!r}"
    runner = CliRunner(env={"COLUMNS": WIDTH, "NO_COLOR": "1"})
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:  # files an example writes land here
        os.chdir(folder)
        try:
            result = runner.invoke(app, argv[1:], catch_exceptions=False)
        finally:
            os.chdir(here)
    return result.stdout + result.stderr


def update(text: str) -> str:
    def fill(match: re.Match[str]) -> str:
        block = match.group(1)
        commands = [line[2:] for line in block.splitlines() if line.startswith("$ ")]
        body = "".join(f"$ {c}\n{run(c)}" for c in commands)
        return f"```console\n{body}```"

    return BLOCK.sub(fill, text)


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        raise SystemExit(__doc__)
    for page in DOCS:
        page.write_text(update(page.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"updated {page}")

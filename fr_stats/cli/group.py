"""The command group: a negative count reads as a count, not as an option.

``fr-stats ci -1/535`` would otherwise fail with click's "No such option: -1",
because a leading ``-`` marks an option. The group notices that the unknown
"option" is the start of a count and says what is wrong with it instead.
"""

import re
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

_NEGATIVE_COUNT = re.compile(r"-[0-9][0-9,]*/")


class FrStatsGroup(TyperGroup):
    """The ``fr-stats`` group: its usage errors name a negative count as such."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.meta["fr_stats.argv"] = list(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.TyperException as exc:
            name = getattr(exc, "option_name", None)
            token = _negative_count(ctx.meta.get("fr_stats.argv", []), name)
            if token is None:
                raise
            typer.echo(f"Error: counts cannot be negative: {token}", err=True)
            raise typer.Exit(2) from None


def _negative_count(argv: list[str], option_name: str | None) -> str | None:
    """The argument that click took for the unknown option ``option_name``, if a count."""
    if not option_name:
        return None
    for token in argv:
        if token.startswith(option_name) and _NEGATIVE_COUNT.match(token):
            return token
    return None


class FrStatsCommand(TyperCommand):
    """A command whose usage line names its arguments plainly: ``ci [OPTIONS] ID|K/N``.

    (The parser's default wraps them as ``{ID|K/N}`` and ``[[ID ID]]...``.)
    """

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if getattr(param, "param_type_name", "") != "argument":
                continue
            name = param.metavar or (param.name or "").upper()
            if not param.required and not name.startswith("["):
                name = f"[{name}]"
            pieces.append(f"{name}..." if param.nargs != 1 and not param.metavar else name)
        return pieces

    def get_help(self, ctx: Any) -> str:
        # A repeatable argument is shown by its metavar alone, not as "<list[str]>".
        return re.sub(r" <list\[\w+\]>", "", super().get_help(ctx))

"""What a check returns: a verdict, its reason and the typed numbers it rests on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from .. import text
from ..display import Displayable
from .table import LEVEL, VERDICTS, Claim

if TYPE_CHECKING:
    import pandas as pd


class Facts(Protocol):
    """The numbers a verdict rests on: a frozen dataclass per check, JSON through
    ``to_dict()`` (plain numbers, never rounded, never NaN; strings and lists)."""

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Outcome:
    """One check's decision: the verdict, the reason (from :mod:`fr_stats.words.claims`)
    and the numbers behind it."""

    verdict: str
    reason: str
    facts: Facts


@dataclass(frozen=True)
class ClaimCheck(Displayable):
    """A claim with its verdict, the one-line reason and the numbers behind it.

    ``facts`` is typed (one frozen dataclass per check); ``numbers`` is the same,
    JSON-ready: plain numbers (never rounded, never NaN), strings and lists; derived
    numbers are listed under ``"derived"`` with how they were obtained.
    """

    claim: Claim
    verdict: str
    reason: str
    facts: Facts

    @property
    def numbers(self) -> dict[str, Any]:
        """The numbers behind the verdict, as in the JSON output."""
        return self.facts.to_dict()

    def to_dict(self) -> dict[str, Any]:
        c = self.claim
        return {
            "id": c.id,
            "quote": c.quote,
            "said_by": c.said_by,
            "url": c.url or None,
            "date": c.date or None,
            "studies": list(c.studies),
            "check": c.check,
            "verdict": self.verdict,
            "reason": self.reason,
            "numbers": self.numbers,
            "retrieved": c.retrieved or None,
            "parameters": c.parameters(),
            "notes": c.notes or None,
        }


@dataclass(frozen=True)
class ClaimsResult(Displayable):
    """The ledger: every claim checked, in table order."""

    checks: tuple[ClaimCheck, ...]
    level: float = LEVEL

    def to_dict(self) -> dict[str, Any]:
        """``{"claims": [{"id", "quote", "said_by", "url", "date", "studies", "check",
        "verdict", "reason", "numbers", ...}]}``."""
        return {"claims": [c.to_dict() for c in self.checks]}

    def counts(self) -> dict[str, int]:
        """How many claims got each verdict (every verdict listed, zeros included)."""
        return {v: sum(c.verdict == v for c in self.checks) for v in VERDICTS}

    def to_frame(self) -> pd.DataFrame:
        """One row per claim: id, said_by, date, url, quote, studies, check, verdict, reason,
        and the numbers as a JSON string."""
        import json

        import pandas as pd

        records = []
        for c in self.checks:
            record = c.to_dict()
            record["studies"] = ";".join(c.claim.studies)
            record["numbers"] = json.dumps(
                text.json_safe(c.numbers), ensure_ascii=False, sort_keys=True
            )
            record.pop("parameters")
            records.append(record)
        columns = ["id", "said_by", "date", "url", "quote", "studies", "check", "verdict",
                   "reason", "numbers", "retrieved", "notes"]  # fmt: skip
        return pd.DataFrame.from_records(records, columns=columns)

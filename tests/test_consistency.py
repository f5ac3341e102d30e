"""One finding, one answer: every output about a change says what the finding says.

For every ordered pair of bundled face-matching results with counts, and for
generated ``K/N`` pairs, the finding is computed once (:func:`fr_stats.compare`)
and then the compare JSON verdict, the compare chart's title, subtitle and
alt text, and a "worse" claim checked by the ledger on the same pair must
agree with it on significance and direction. None of them may say that a
rate "rose", "fell", got "worse" or "better" when the finding is "not
statistically detectable", and an unlike pair says so in the verdict itself.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fr_stats import compare
from fr_stats.catalog import load
from fr_stats.figures import plot
from fr_stats.ledger import Claim, check_claim

MOVED = re.compile(r"\b(rose|fell|worse|better|increased|decreased)\b", re.IGNORECASE)


def _pairs() -> list[tuple[str, str]]:
    refs = sorted({s.ref for s in load().studies if s.subgroup == "all" and s.rate is not None})
    return list(itertools.permutations(refs, 2))


def _worse_claim(a: str, b: str) -> Claim:
    return Claim(
        id="test-worse",
        quote="It performed worse this time.",
        said_by="a test",
        check="change",
        studies=(a, b),
        direction="increase",
    )


def _check_outputs(a: str, b: str) -> None:
    result = compare(a, b)
    finding = result.finding
    d = result.to_dict()
    chart = plot("compare", [a, b])
    said = [d["verdict"], chart.title, chart.subtitle, chart.alt]
    assert d["finding"]["detected"] == finding.detected
    assert chart.subtitle == result.verdict
    if finding.detected:
        way = "rose" if finding.direction > 0 else "fell"
        for sentence in said:
            assert f"the rate {way}" in sentence.lower() or f"rate {way} from" in sentence, sentence
            assert "Not statistically significant" not in sentence
    else:
        for sentence in said:
            shown = sentence.replace("The false-match rate", "")
            assert not MOVED.search(shown.split(":", 1)[-1]), sentence
        assert "No statistically detectable change" in chart.title
        assert "Not statistically significant" in d["verdict"]
    if not result.comparability.like_for_like:
        assert "not a like-for-like comparison" in d["verdict"]
        assert "not like for like" in chart.title
    else:
        assert "like-for-like" not in d["verdict"]
    check = check_claim(_worse_claim(a, b))
    if finding.detected and finding.direction > 0:
        assert check.verdict == "supported", check.reason
    else:
        assert check.verdict == "not supported", check.reason
    if not result.comparability.like_for_like:
        assert "not a like-for-like comparison" in check.reason


@pytest.mark.parametrize(("a", "b"), _pairs())
def test_bundled_pair_outputs_agree(a: str, b: str) -> None:
    _check_outputs(a, b)


counts = st.integers(min_value=1, max_value=5_000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts, counts)
def test_generated_pair_outputs_agree(a: tuple[int, int], b: tuple[int, int]) -> None:
    _check_outputs(f"{a[0]}/{a[1]}", f"{b[0]}/{b[1]}")


def test_borderline_is_said_everywhere() -> None:
    """0/200 vs 5/200: Fisher p = 0.061 (R: fisher.test(matrix(c(5, 195, 0, 200), 2))),
    while Newcombe's interval (+0.1 to +5.7 points) excludes zero."""
    result = compare("0/200", "5/200")
    assert not result.finding.detected and result.finding.borderline
    chart = plot("compare", ["0/200", "5/200"])
    assert (
        chart.title == "No statistically detectable change from 0 of 200 to 5 of 200 (borderline)"
    )
    assert "excludes zero, so the evidence is borderline" in result.verdict
    assert "excludes zero, so the evidence is borderline" in chart.alt


def test_pool_says_the_same_in_command_chart_and_report() -> None:
    """One pool, one verdict: the same estimate, interval kind and heterogeneity words."""
    import fr_stats
    from fr_stats.report import content
    from fr_stats.words import pool as pool_words

    r = fr_stats.pool()
    chart = plot("pool")
    assert chart.title == pool_words.headline(r)
    assert chart.title.startswith("The audits disagree")  # I² = 95% for the default pool
    assert r.verdict in chart.notes
    assert chart.results["hartung_knapp"] is r.hartung_knapp is True
    assert chart.results["low"] == r.low and chart.results["high"] == r.high
    section = content.pool_section(chart, 0.95)
    assert r.verdict in section.paragraphs


def test_detectable_change_is_the_same_in_compare_power_and_the_chart() -> None:
    """The detectability chart's rise at a study's size is compare's and power's rise."""
    import fr_stats

    chart = plot("detectability")
    base = chart.results["studies"]
    c = fr_stats.compare("aclu2018", "comparitech2020")
    p = fr_stats.power("aclu2018", "comparitech2020")
    assert c.power.detectable == p.detectable
    assert p.detectable is not None and p.detectable.rise is not None
    from fr_stats.stats.power import detectable_changes

    rise_at = {s["id"]: s["mde"] for s in base}
    # The chart takes ACLU 2018's rate as its base and each study's own size: the same
    # definition as compare's and power's, at n = 535 instead of the pair's 532.5.
    # R: power.prop.test(n=535, p1=28/535, power=0.8, tol=1e-12)$p2 - 28/535
    assert rise_at["aclu2018"] == pytest.approx(0.0450260587963314, rel=1e-9)
    assert rise_at["aclu2018"] == pytest.approx(detectable_changes(28 / 535, 535).rise, rel=1e-12)
    assert rise_at["aclu2018"] < p.detectable.rise  # a larger group detects a smaller rise

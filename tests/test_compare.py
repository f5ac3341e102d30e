"""``fr_stats.compare``: two rates, B compared with A, checked against R."""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Iterator

import pytest
from numpy.testing import assert_allclose

from fr_stats.analysis.compare import compare
from fr_stats.errors import InputError, NotComparableError
from fr_stats.render import to_json
from fr_stats.stats import compare as compare_module
from fr_stats.stats import oddsratio
from fr_stats.stats.common import Reason


def test_headline_comparison_matches_r() -> None:
    r = compare("aclu2018", "comparitech2020")
    assert (r.a.id, r.a.false_matches, r.a.tested) == ("aclu2018", 28, 535)
    assert (r.b.id, r.b.false_matches, r.b.tested) == ("comparitech2020", 32, 530)
    # R 4.2.2: prop.test(c(28, 32), c(535, 530), correct=FALSE): X-squared, p-value
    chi = r.test("chi2")
    assert_allclose([chi.statistic, chi.pvalue], [0.323796640146122, 0.569334887070585], rtol=1e-10)
    # R: prop.test(c(28, 32), c(535, 530)) (Yates)
    yates = r.test("chi2-yates")
    assert_allclose(
        [yates.statistic, yates.pvalue], [0.190211606181752, 0.662740557880741], rtol=1e-10
    )
    # R: fisher.test(matrix(c(28, 507, 32, 498), 2))$p.value
    assert_allclose(r.test("fisher").pvalue, 0.596988085381164, rtol=1e-12)
    # Newcombe method 10 for p2 - p1 from prop.test(correct=FALSE) limits (r_reference.R)
    d = r.difference
    assert (d.method, d.reason) == ("newcombe", None)
    assert_allclose(
        [d.estimate, d.low, d.high],
        [0.060377358490566 - 0.0523364485981308, -0.0201469156150177, 0.0364989464243952],
        rtol=1e-9,
    )
    # R: Katz, exp(log(rr) -/+ z sqrt(1/32 - 1/530 + 1/28 - 1/535))
    assert_allclose(
        [r.ratio.estimate, r.ratio.low, r.ratio.high],
        [1.15363881401617, 0.7048017932068, 1.88830750153063],
        rtol=1e-12,
    )
    # R: fisher_precise(28, 535, 32, 530) inverted (tol 1e-14): B/A is 1 / (A/B)
    o = r.odds_ratio
    assert_allclose(
        [o.estimate, o.low, o.high],
        [1 / 0.859589559123955, 1 / 1.49814030393193, 1 / 0.490692563611252],
        rtol=1e-11,
    )
    # R: prop.test(28, 535, correct=FALSE)$conf.int
    assert_allclose([r.a.ci.low, r.a.ci.high], [0.0364551318407416, 0.0746006487438905], rtol=1e-12)
    assert r.verdict == (
        "6.0% (Comparitech 2020: US Congress) vs 5.2% (ACLU 2018: US Congress): a change of +0.8 percentage points (95% CI −2.0 to +3.6). "
        "Not statistically significant (Fisher p = 0.60): the data are consistent with no change, "
        "which is not the same as showing there was none. "
        "This is also not a like-for-like comparison: the count of Comparitech 2020: US Congress "
        "is an average over repeated runs, not a single run. "
        "Samples this size detect, with 80% power, only rises of about 4.5 points or more, or falls of about "
        "3.2 points or more."
    )
    assert "no difference" not in r.verdict
    assert any("average of several runs" in c for c in r.caveats)


def test_power_matches_r_for_equal_groups() -> None:
    # R 4.2.2: power.prop.test(n=1e6, p1=1e-4, p2=1.3e-4)$power = 0.507296728748897;
    # power.prop.test(p1=1e-4, p2=1.3e-4, power=0.8, tol=1e-12)$n = 2005592.9722087
    r = compare("100/1000000", "130/1000000")
    # No 'observed power' (Hoenig & Heisey 2001): the people needed for the observed change.
    assert "observed" not in r.power.to_dict()
    assert_allclose(r.power.n_per_group, 2005592.9722087, rtol=1e-9)
    # power.prop.test(n=1e6, p1=1e-4, power=0.8, tol=1e-12)$p2 - 1e-4
    assert_allclose(r.power.mde, 0.000143735767154283 - 0.0001, rtol=1e-6)
    assert r.power.n_used == 1_000_000
    # R: prop.test(c(100, 130), c(1e6, 1e6), correct=FALSE)$p.value = 0.0478999273542064
    assert_allclose(r.test("chi2").pvalue, 0.0478999273542064, rtol=1e-9)


def test_unequal_groups_use_the_harmonic_mean() -> None:
    r = compare("28/535", "73/1429")
    assert_allclose(r.power.n_used, 2 * 535 * 1429 / (535 + 1429), rtol=1e-15)
    assert "harmonic mean" in r.to_dict()["power"]["method"]


def test_nist_scale_answers() -> None:
    r = compare("100000/1000000000", "130000/1000000000")
    # R: fisher_precise(100000, 1e9, 130000, 1e9): 1/0.769207... estimate; p < 2.2e-16
    assert r.odds_ratio.method == "conditional"
    assert_allclose(r.odds_ratio.estimate, 1.300039004901069, rtol=1e-9)
    assert r.test("fisher").pvalue == 0.0
    assert r.verdict.startswith(
        "0.013% (130,000 of 1,000,000,000) vs 0.01% (100,000 of 1,000,000,000): a change of +0.0030 percentage points "
        "(95% CI +0.0029 to +0.0031). Statistically significant (Fisher p < 0.001)"
    )


def test_zero_counts_never_nan() -> None:
    r = compare("0/530", "0/1429")
    d = r.to_dict()
    text = to_json(d)
    assert "NaN" not in text
    assert d["ratio"]["estimate"] is None and "0/0" in d["ratio"]["note"]
    assert d["odds_ratio"]["estimate"] is None and d["odds_ratio"]["high"] == math.inf
    chi = r.test("chi2")
    assert chi.statistic is None and chi.pvalue is None
    assert chi.reason is Reason.CHI2_NO_FALSE_MATCHES
    assert r.test("fisher").pvalue == 1.0
    assert r.power.n_per_group is None
    assert "consistent with no change" in r.verdict
    json.loads(text)


def test_significant_fall_and_borderline_wording() -> None:
    r = compare("28/535", "3/535")
    assert "Statistically significant (Fisher p < 0.001): the rate fell." in r.verdict
    # 5/530 vs 0/530: Newcombe's interval excludes zero but Fisher's p (0.062) does not.
    b = compare("0/530", "5/530")
    assert "Not statistically significant (Fisher p = 0.062)" in b.verdict
    assert "excludes zero, so the evidence is borderline" in b.verdict
    assert b.ratio.estimate == math.inf and b.ratio.reason is Reason.KATZ_A_ZERO


def test_level_changes_everything() -> None:
    r = compare("aclu2018", "comparitech2020", level=0.9)
    assert "(90% CI " in r.verdict and " at the 10% level" in r.verdict
    wide = compare("aclu2018", "comparitech2020", level=0.99)
    assert wide.difference.low < r.difference.low  # type: ignore[operator]


def test_other_methods_on_request() -> None:
    r = compare("aclu2018", "comparitech2020", difference_method="wald", ratio_method="score")
    assert (r.difference.method, r.ratio.method) == ("wald", "score")
    # R: prop.test(c(32, 28), c(530, 535), correct=FALSE)$conf.int (Wald for B - A)
    assert_allclose(
        [r.difference.low, r.difference.high], [-0.0196596085919174, 0.0357414283767877], rtol=1e-12
    )


def test_swapping_flips_the_effects() -> None:
    ab = compare("aclu2018", "comparitech2020")
    ba = compare("comparitech2020", "aclu2018")
    assert_allclose(ba.difference.estimate, -ab.difference.estimate)  # type: ignore[operator]
    assert_allclose(ba.ratio.estimate, 1 / ab.ratio.estimate)  # type: ignore[operator]
    assert_allclose(ba.odds_ratio.estimate, 1 / ab.odds_ratio.estimate, rtol=1e-10)  # type: ignore[operator]
    assert ba.test("fisher").pvalue == pytest.approx(ab.test("fisher").pvalue, rel=1e-12)


def test_boschloo_on_request_with_progress() -> None:
    from scipy.stats import boschloo_exact

    seen: list[str] = []

    @contextlib.contextmanager
    def progress(description: str) -> Iterator[None]:
        seen.append(description)
        yield

    r = compare("3/12", "7/11", exact_unconditional=True, progress=progress)
    assert seen == ["Boschloo's exact test"]
    b = r.test("boschloo")
    expected = boschloo_exact([[7, 4], [3, 9]]).pvalue
    assert_allclose(b.pvalue, expected, rtol=1e-12)
    assert [t.name for t in r.tests] == ["chi2", "chi2-yates", "fisher", "boschloo"]
    assert "boschloo" not in [t.name for t in compare("3/12", "7/11").tests]


def test_boschloo_refused_at_large_n_with_reason() -> None:
    r = compare("100000/1000000000", "130000/1000000000", exact_unconditional=True)
    b = r.test("boschloo")
    assert b.pvalue is None and b.reason is Reason.BOSCHLOO_TOO_MANY
    assert b.tables == (10**9 + 1) ** 2


def test_fisher_fallback_is_stated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oddsratio, "MAX_POINTS", 10)
    r = compare("aclu2018", "comparitech2020")
    f = r.test("fisher")
    # The p-value that was not computed is not filed under Fisher's name.
    assert f.pvalue is None
    assert f.reason is Reason.EXACT_TOO_LARGE
    assert f.support_points is not None and f.support_points > 10
    assert r.finding.test == "chi2" and r.finding.pvalue == r.test("chi2").pvalue
    assert "(chi-square p = 0.57)" in r.verdict and "Fisher" not in r.verdict
    assert r.odds_ratio.method == "woolf" and r.odds_ratio.reason is Reason.EXACT_TOO_LARGE


@pytest.mark.slow
def test_fisher_exact_at_ten_billion_events() -> None:
    """Fisher's p is computed, not replaced, at 5 x 10^9 events among 10^14 per group."""
    r = compare("5000000000/100000000000000", "5001000000/100000000000000")
    assert r.finding.test == "fisher" and r.test("fisher").pvalue is not None
    # At this size Fisher's two-sided p agrees with Yates' chi-square to about 1e-6
    # (R: prop.test(c(5001e6, 5e9), c(1e14, 1e14))$p.value = 1.5279760821892e-23).
    assert r.test("fisher").pvalue == pytest.approx(1.5279760821892e-23, rel=1e-5)
    assert "(Fisher p < 0.001): the rate rose" in r.verdict


def test_caveats() -> None:
    same = compare("comparitech2020", "comparitech2020@95")
    assert any(
        "same probes of Comparitech 2020: US Congress at two thresholds" in c for c in same.caveats
    )
    overlap = compare("comparitech2020-uk", "comparitech2020-all")
    assert any(
        c.startswith("Comparitech 2020: US and UK combined includes the probes of Comparitech "
                     "2020: UK Parliament")
        for c in overlap.caveats
    )  # fmt: skip
    assert any("Different people were searched" in c for c in overlap.caveats)
    athletes = compare("aclu2018", "aclu2019-ma")
    assert any("threshold of aclu2019-ma was not published" in c for c in athletes.caveats)
    assert any("galleries differ" in c for c in athletes.caveats)
    thresholds = compare("comparitech2020-uk@95", "aclu2018")
    assert any("threshold of 95% and B at 80%" in c for c in thresholds.caveats)
    congress = compare("aclu2018", "comparitech2020")
    assert any(
        "tested largely the same people" in c and "not independent" in c for c in congress.caveats
    )
    itself = compare("aclu2018", "aclu2018")
    assert any(c.startswith("A and B are the same result") for c in itself.caveats)
    assert "A and B are the same result, so this comparison shows nothing." in itself.verdict
    assert compare("28/535", "32/530").caveats == ()


def test_refusals() -> None:
    with pytest.raises(NotComparableError, match="gender-classification"):
        compare("aclu2018", "buolamwini2018")
    with pytest.raises(InputError, match="never published"):
        compare("aclu2018", "amazon2018")
    with pytest.raises(InputError, match="unknown difference method 'bogus'"):
        compare("aclu2018", "comparitech2020", difference_method="bogus")
    with pytest.raises(InputError, match="unknown ratio method 'bogus'"):
        compare("aclu2018", "comparitech2020", ratio_method="bogus")
    with pytest.raises(InputError, match=r"from 0.5 to 0.9999 \(e.g. 0.95\), not 1.5"):
        compare("aclu2018", "comparitech2020", level=1.5)
    with pytest.raises(InputError, match="a study must be an id"):
        compare("aclu2018", "  ")


def test_dict_and_frame_shapes() -> None:
    from fr_stats.catalog import load

    study = load().resolve("aclu2018")
    r = compare(study, "32/530")
    d = r.to_dict()
    assert list(d) == [
        "a",
        "b",
        "level",
        "difference",
        "ratio",
        "odds_ratio",
        "tests",
        "power",
        "verdict",
        "caveats",
        "finding",
        "comparability",
    ]
    assert list(d["a"]) == ["id", "label", "false_matches", "tested", "rate", "ci"]
    assert list(d["a"]["ci"]) == ["low", "high", "method"]
    assert [t["name"] for t in d["tests"]] == ["chi2", "chi2-yates", "fisher"]
    assert {"mde", "mde_fall", "n_per_group"} <= set(d["power"]) and "observed" not in d["power"]
    frame = r.to_frame()
    assert frame["quantity"].tolist()[:5] == [
        "rate A",
        "rate B",
        "difference B - A",
        "ratio B / A",
        "odds ratio B / A",
    ]
    with pytest.raises(KeyError):
        r.test("boschloo")


def test_public_name() -> None:
    import fr_stats

    assert fr_stats.compare is compare
    assert compare_module.TEST_NAMES == ("chi2", "chi2-yates", "fisher", "boschloo")


def test_compare_and_power_say_the_same_detectable_change() -> None:
    """One definition: the smallest rise and fall from A's rate at the harmonic mean size."""
    from fr_stats import power

    for a, b in (("aclu2018", "comparitech2020"), ("comparitech2020", "aclu2018")):
        c, p = compare(a, b), power(a, b)
        assert p.detectable is not None
        assert c.power.detectable == p.detectable
    c = compare("comparitech2020", "aclu2018")
    # R: n <- 2/(1/535+1/530); power.prop.test(n=n, p1=32/530, power=0.8, tol=1e-12)$p2
    assert_allclose(32 / 530 + c.power.detectable.rise, 0.107999915889213, rtol=1e-9)
    # R: power.prop.test(n=n, p2=32/530, power=0.8, tol=1e-12)$p1
    assert_allclose(32 / 530 - c.power.detectable.fall, 0.0255918142424871, rtol=1e-9)
    assert "rises of about 4.8 points or more, or falls of about 3.5 points" in c.verdict
    assert (
        "rises of about 4.8 points or more, or falls of about 3.5 points"
        in power("comparitech2020", "aclu2018").verdict
    )

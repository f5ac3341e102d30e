"""Subgroup disparity: the share test, derived rates and the rounding sensitivity.

Expected values are from R 4.2.2 (tests/reference/r_reference.txt, cases
D_binom_*, and the calls named in comments).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

import fr_stats
from fr_stats.analysis.disparity import DisparityResult, disparity
from fr_stats.catalog import STUDY_COLUMNS
from fr_stats.errors import InputError, MissingDataError, NotComparableError
from fr_stats.stats.common import Reason
from fr_stats.stats.disparity import _rounding_range, katz_ratio


def write_study(
    path: Path,
    *,
    study_id: str = "lab2020",
    tested: int | None = 200,
    false_matches: int = 20,
    subgroups: tuple[tuple[str, int | None, str | None], ...] = (("women", 12, "40"),),
) -> Path:
    """A user table: one whole-population row and its subgroup rows (name, k, share text)."""
    base = dict.fromkeys(STUDY_COLUMNS, "")
    base.update(
        id=study_id, threshold="80", label="Lab 2020", citation="Lab (2020)",
        population="Volunteers", task="face-matching", system="Some system",
        publisher="Lab", published="2020-01-01", retrieved="2026-11-26",
        threshold_kind="reported", threshold_quote="a threshold of 80 percent",
    )  # fmt: skip
    rows = []
    whole = dict(base, subgroup="all")
    whole.update(
        false_matches=str(false_matches),
        false_matches_kind="reported",
        false_matches_quote=f"{false_matches} people were falsely matched",
    )
    if tested is not None:
        whole.update(
            tested=str(tested), tested_kind="reported", tested_quote=f"We tested {tested} people"
        )
    rows.append(whole)
    for name, k, share in subgroups:
        row = dict(base, subgroup=name)
        if k is not None:
            row.update(
                false_matches=str(k),
                false_matches_kind="reported",
                false_matches_quote=f"{k} of them were {name}",
            )
        if share is not None:
            row.update(
                population_share=share,
                population_share_kind="share",
                population_share_quote=f"{name} were {share} percent of those tested",
            )
        rows.append(row)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(STUDY_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


# --------------------------------------------------------------------------- #
# ACLU 2018: 11 of 28 false matches were people of color, 20% of Congress
# --------------------------------------------------------------------------- #


def test_aclu2018_matches_r() -> None:
    r = fr_stats.disparity("aclu2018")
    assert isinstance(r, DisparityResult)
    assert (r.subgroup, r.subgroup_false_matches, r.false_matches) == ("people of color", 11, 28)
    assert r.population_share == 0.2
    # R: binom.test(11, 28, p=0.2, alternative="greater")$p.value
    assert_allclose(r.pvalue_greater, 0.0148628668106823, rtol=1e-10)
    # R: binom.test(11, 28, p=0.2)$p.value
    assert_allclose(r.pvalue_two_sided, 0.0167971481220657, rtol=1e-10)
    # R: binom.test(11, 28)$conf.int
    assert_allclose(r.share_ci, [0.215042829160961, 0.594231793512437], rtol=1e-10)
    assert [(g.group, g.false_matches, g.size) for g in r.group_rates] == [
        ("people of color", 11, 107),
        ("everyone else", 17, 428),
    ]
    # R: epitools::riskratio(matrix(c(411, 96, 17, 11), 2), method="wald")$measure[2, ]
    assert r.rate_ratio is not None
    assert_allclose(
        [r.rate_ratio.estimate, r.rate_ratio.low, r.rate_ratio.high],
        [2.58823529411765, 1.24950703339744, 5.36128389729957],
        rtol=1e-12,
    )


# R: for (m in 105:109) c(binom.test(11, 28, p=m/535, alternative="greater")$p.value,
#    binom.test(11, 28, p=m/535)$p.value, RR=(11/m)/(17/(535-m)),
#    RR*exp(c(-1,1)*qnorm(.975)*sqrt(1/11-1/m+1/17-1/(535-m))))
SENSITIVITY_R = [
    (105, 0.0129335145544535, 0.0151375108470119, 2.64985994397759, 1.27982146889219, 5.4865134656437),
    (106, 0.0138718088038962, 0.015936705286937, 2.61875693673696, 1.26451769195949, 5.4233230086967),
    (107, 0.0148628668106823, 0.0167971481220657, 2.58823529411765, 1.24950703339744, 5.36128389729957),
    (108, 0.0159086364407338, 0.0177202877162531, 2.5582788671024, 1.2347811509198, 5.30036497316747),
    (109, 0.0170110811254217, 0.0187076163386706, 2.52887209929844, 1.22033201586673, 5.24053619134783),
]  # fmt: skip


def test_aclu2018_sensitivity_matches_r() -> None:
    r = disparity("aclu2018")
    assert r.share_range == (0.195, 0.205)
    assert [s.size for s in r.sensitivity] == [row[0] for row in SENSITIVITY_R]
    assert [s.published for s in r.sensitivity] == [False, False, True, False, False]
    for s, (m, greater, two, rr, low, high) in zip(r.sensitivity, SENSITIVITY_R, strict=True):
        assert s.population_share == m / 535
        assert_allclose([s.pvalue_greater, s.pvalue_two_sided], [greater, two], rtol=1e-10)
        assert s.rate_ratio is not None
        assert_allclose(
            [s.rate_ratio.estimate, s.rate_ratio.low, s.rate_ratio.high],
            [rr, low, high],
            rtol=1e-12,
        )
    assert r.holds_across_rounding


def test_aclu2018_at_90_percent() -> None:
    r = disparity("aclu2018", level=0.9)
    # R: binom.test(11, 28, conf.level=0.9)$conf.int
    assert_allclose(r.share_ci, [0.23827138494581, 0.565355322325154], rtol=1e-10)
    # R: RR * exp(c(-1, 1) * qnorm(0.95) * sqrt(1/11 - 1/107 + 1/17 - 1/428))
    assert r.rate_ratio is not None
    assert_allclose(
        [r.rate_ratio.low, r.rate_ratio.high], [1.40470703774489, 4.76893883045588], rtol=1e-12
    )
    # The p-values do not depend on the level.
    assert_allclose(r.pvalue_greater, 0.0148628668106823, rtol=1e-10)


def test_aclu2018_verdict_derived_and_caveats() -> None:
    r = disparity("aclu2018")
    assert r.verdict == (
        "11 of the 28 false matches (39%) were people of color, who were 20% of the people "
        "tested. If everyone were falsely matched equally often, a share this high would "
        "arise by chance with probability 0.015 (exact binomial test, one-sided; two-sided "
        "p = 0.017): the over-representation is statistically significant. Derived from the "
        "rounded share, people of color were falsely matched at about 10.3% against 4.0% for "
        "everyone else, 2.6 times as often (95% CI 1.2 to 5.4). The result holds for every "
        "share from 19.5% to 20.5% (one-sided p from 0.013 to 0.017)."
    )
    assert r.derived[0] == "people of color tested: 535 × 20% = 107"
    assert any("105 to 109" in d for d in r.derived)
    assert any("never published, only a share" in c for c in r.caveats)
    assert any("Digital Journal" in c for c in r.caveats)
    d = r.to_dict()
    for key in ("id", "subgroup", "false_matches", "subgroup_false_matches",
                "share_among_false_matches", "population_share", "pvalue_greater",
                "pvalue_two_sided", "group_rates", "rate_ratio", "sensitivity", "derived",
                "verdict"):  # fmt: skip
        assert key in d
    assert set(d["rate_ratio"]) >= {"estimate", "low", "high", "method"}
    assert all(g["derived"] for g in d["group_rates"])
    json.dumps(d, allow_nan=False)
    frame = r.to_frame()
    assert frame["size"].tolist() == [105, 106, 107, 108, 109]
    assert "ratio_low" in frame.columns


def test_named_subgroup_and_case() -> None:
    assert disparity("aclu2018", subgroup="People of Color").subgroup == "people of color"


# --------------------------------------------------------------------------- #
# What was never published
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("ref", "subgroup", "error", "message"),
    [
        (
            "aclu2019-ca",
            None,
            MissingDataError,
            "aclu2019-ca: the false matches among lawmakers of color and the share of lawmakers "
            "of color among the people tested were never published, so the disparity cannot be "
            "tested",
        ),
        (
            "aclu2019-ma",
            None,
            MissingDataError,
            "aclu2019-ma: no subgroup has both its false matches and its share of the people "
            "tested published; never published: the share of the people tested of 'Patriots', "
            "'Red Sox', 'Bruins', 'Celtics'",
        ),
        (
            "comparitech2020",
            None,
            MissingDataError,
            "comparitech2020: no subgroup results were published, so there is no disparity to test",
        ),
        (
            "aclu2018",
            "Congressional Black Caucus",
            MissingDataError,
            "aclu2018: the share of Congressional Black Caucus among the people tested was never "
            "published, so the disparity cannot be tested",
        ),
        (
            "aclu2018",
            "women",
            InputError,
            "aclu2018 has no subgroup 'women'; published subgroups: 'people of color', "
            "'Congressional Black Caucus'",
        ),
        (
            "28/535",
            None,
            InputError,
            "'28/535' is a typed count; disparity needs a study id with published subgroup "
            "results, e.g. aclu2018",
        ),
        ("nosuch", None, InputError, "unknown study 'nosuch'."),
        (
            "buolamwini2018",
            None,
            NotComparableError,
            "'buolamwini2018' is a gender-classification result, a different task from face "
            "matching; the two are never analysed together",
        ),
    ],
)
def test_missing_and_bad(ref: str, subgroup: str | None, error: type, message: str) -> None:
    with pytest.raises(error) as info:
        disparity(ref, subgroup=subgroup)
    assert str(info.value) == message


def test_bad_level() -> None:
    with pytest.raises(InputError, match="confidence level"):
        disparity("aclu2018", level=2)


# --------------------------------------------------------------------------- #
# User tables: edge cases
# --------------------------------------------------------------------------- #


def test_share_with_a_decimal_and_an_untuned_case(tmp_path: Path) -> None:
    path = write_study(
        tmp_path / "t.csv", tested=1000, false_matches=40, subgroups=(("women", 9, "12.5"),)
    )
    r = disparity("lab2020", data=[path])
    assert r.share_range == pytest.approx((0.1245, 0.1255))
    assert [s.size for s in r.sensitivity] == [125]
    # R: binom.test(9, 40, p=0.125, alternative="greater")$p.value; binom.test(9, 40, p=0.125)$p.value
    assert_allclose(r.pvalue_greater, 0.0551739982730969, rtol=1e-10)
    assert_allclose(r.pvalue_two_sided, 0.0873344350842854, rtol=1e-10)
    # R: RR=(9/125)/(31/875); RR*exp(c(-1,1)*qnorm(.975)*sqrt(1/9-1/125+1/31-1/875))
    assert r.rate_ratio is not None
    assert_allclose(
        [r.rate_ratio.estimate, r.rate_ratio.low, r.rate_ratio.high],
        [2.03225806451613, 0.991116967400677, 4.1670892302676],
        rtol=1e-12,
    )
    assert "no statistically significant over-representation" in r.verdict
    assert "No share from 12.45% to 12.55% changes this" in r.verdict


def test_conclusion_that_depends_on_rounding(tmp_path: Path) -> None:
    # 7 of 23 against a share of 15%: p crosses 0.05 inside 14.5%–15.5% of 1000.
    path = write_study(
        tmp_path / "t.csv", tested=1000, false_matches=23, subgroups=(("women", 7, "15"),)
    )
    r = disparity("lab2020", data=[path])
    ps = [s.pvalue_greater for s in r.sensitivity]
    assert [s.size for s in r.sensitivity] == list(range(145, 156))
    # R: binom.test(7, 23, p=m/1000, alternative="greater")$p.value for m = 145 and 155
    assert_allclose([ps[0], ps[-1]], [0.0394279442264639, 0.0539517771099304], rtol=1e-10)
    assert not r.holds_across_rounding
    assert "The conclusion depends on the rounding" in r.verdict


def test_no_false_matches_in_the_subgroup(tmp_path: Path) -> None:
    path = write_study(tmp_path / "t.csv", subgroups=(("women", 0, "40"),))
    r = disparity("lab2020", data=[path])
    assert r.pvalue_greater == 1.0
    # R: binom.test(0, 20, p=0.4)$p.value
    assert_allclose(r.pvalue_two_sided, 4.16028452139827e-05, rtol=1e-10)
    assert r.rate_ratio is not None
    assert r.rate_ratio.estimate == 0.0 and r.rate_ratio.low is None
    assert r.rate_ratio.reason is Reason.SUBGROUP_NO_EVENTS
    assert r.to_dict()["rate_ratio"]["note"] == "no false matches in the subgroup: no log interval"
    assert "2.6 times" not in r.verdict
    json.dumps(r.to_dict(), allow_nan=False)


def test_every_false_match_in_the_subgroup(tmp_path: Path) -> None:
    path = write_study(tmp_path / "t.csv", subgroups=(("women", 20, "40"),))
    r = disparity("lab2020", data=[path])
    # R: binom.test(20, 20, p=0.4, alternative="greater")$p.value == 0.4^20
    assert_allclose(r.pvalue_greater, 0.4**20, rtol=1e-10)
    assert r.rate_ratio is not None and r.rate_ratio.estimate is None
    assert r.rate_ratio.reason is Reason.REFERENCE_NO_EVENTS
    assert r.to_dict()["rate_ratio"]["note"] == (
        "the reference group had no false matches, so the ratio is undefined"
    )


@pytest.mark.parametrize(
    ("share", "message"),
    [("0", "a population share of 0% puts no one in 'women'"),
     ("100", "a population share of 100% puts everyone in 'women'")],
)  # fmt: skip
def test_share_of_0_or_100_percent(tmp_path: Path, share: str, message: str) -> None:
    k = 0 if share == "0" else 20
    path = write_study(tmp_path / "t.csv", subgroups=(("women", k, share),))
    with pytest.raises(InputError, match=message):
        disparity("lab2020", data=[path])


def test_inconsistent_counts(tmp_path: Path) -> None:
    # 15 false matches among women, but 5% of 200 is only 10 women.
    path = write_study(tmp_path / "t.csv", subgroups=(("women", 15, "5"),))
    with pytest.raises(InputError, match="5% of 200 is 10 people, fewer than the false matches"):
        disparity("lab2020", data=[path])
    path = write_study(tmp_path / "u.csv", subgroups=(("women", 25, "40"),))
    with pytest.raises(InputError, match="25 false matches among women cannot exceed the 20"):
        disparity("lab2020", data=[path])


def test_impossible_sizes_are_left_out_of_the_sensitivity(tmp_path: Path) -> None:
    # 5% of 200 may be 9 to 11 people; 10 false matches fit only 10 and 11.
    path = write_study(tmp_path / "t.csv", subgroups=(("women", 10, "5"),))
    r = disparity("lab2020", data=[path])
    assert [s.size for s in r.sensitivity] == [10, 11]
    assert any("left out of the sensitivity table: 9" in c for c in r.caveats)


def test_no_false_matches_at_all(tmp_path: Path) -> None:
    path = write_study(tmp_path / "t.csv", false_matches=0, subgroups=(("women", 0, "40"),))
    with pytest.raises(InputError, match="there were no false matches"):
        disparity("lab2020", data=[path])


def test_without_the_number_tested(tmp_path: Path) -> None:
    path = write_study(tmp_path / "t.csv", tested=None)
    r = disparity("lab2020", data=[path])
    assert r.group_rates == () and r.rate_ratio is None
    assert [s.population_share for s in r.sensitivity] == [0.395, 0.4, 0.405]
    assert [s.size for s in r.sensitivity] == [None, None, None]
    # R: binom.test(12, 20, p=0.4, alternative="greater")$p.value
    assert_allclose(r.pvalue_greater, 0.056526367034253, rtol=1e-10)
    assert any("no group rates can be derived" in c for c in r.caveats)
    assert "times as often" not in r.verdict


def test_several_usable_subgroups_need_a_choice(tmp_path: Path) -> None:
    path = write_study(tmp_path / "t.csv", subgroups=(("women", 12, "40"), ("men", 8, "60")))
    with pytest.raises(InputError, match="several subgroups with the numbers needed"):
        disparity("lab2020", data=[path])
    assert disparity("lab2020", subgroup="men", data=[path]).subgroup == "men"


def test_one_unusable_among_several(tmp_path: Path) -> None:
    path = write_study(tmp_path / "t.csv", subgroups=(("women", 12, "40"), ("men", 8, None)))
    assert disparity("lab2020", data=[path]).subgroup == "women"


# --------------------------------------------------------------------------- #
# The ratio and the rounding range
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("k1", "n1", "k2", "n2", "expected"),
    [
        # R (tests/reference/r_reference.txt, B_katz_28_535_vs_32_530_L95): RR = p2/p1
        (32, 530, 28, 535, (1.15363881401617, 0.7048017932068, 1.88830750153063)),
        # R: B_katz_26_120_vs_27_188_L95
        (27, 188, 26, 120, (0.662847790507365, 0.407126683254543, 1.07919036371732)),
    ],
)
def test_katz_ratio_matches_r(
    k1: int, n1: int, k2: int, n2: int, expected: tuple[float, float, float]
) -> None:
    r = katz_ratio(k1, n1, k2, n2)
    assert_allclose([r.estimate, r.low, r.high], expected, rtol=1e-12)


def test_rounding_range() -> None:
    assert _rounding_range(20.0) == (19.5, 20.5)
    assert _rounding_range(12.5) == pytest.approx((12.45, 12.55))
    assert _rounding_range(0.25) == pytest.approx((0.245, 0.255))
    assert _rounding_range(0.0) == (0.0, 0.5)
    assert _rounding_range(100.0) == (99.5, 100.0)


@settings(max_examples=60, deadline=None)
@given(
    k1=st.integers(1, 50),
    extra1=st.integers(1, 500),
    k2=st.integers(1, 50),
    extra2=st.integers(1, 500),
    level=st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_katz_properties(k1: int, extra1: int, k2: int, extra2: int, level: float) -> None:
    r = katz_ratio(k1, k1 + extra1, k2, k2 + extra2, level=level)
    s = katz_ratio(k2, k2 + extra2, k1, k1 + extra1, level=level)
    assert r.low is not None and r.high is not None and r.estimate is not None
    assert 0 < r.low <= r.estimate <= r.high
    # Swapping the groups inverts the ratio and its interval.
    assert s.estimate is not None and s.low is not None and s.high is not None
    assert_allclose([s.estimate, s.low, s.high], [1 / r.estimate, 1 / r.high, 1 / r.low])
    wider = katz_ratio(k1, k1 + extra1, k2, k2 + extra2, level=0.999)
    assert wider.low is not None and wider.high is not None
    assert wider.low <= r.low and r.high <= wider.high

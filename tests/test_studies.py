"""Loading and validating the data tables, and resolving the ids users type."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

import fr_stats
from fr_stats.catalog import STUDY_COLUMNS, data_dir, load, parse_count
from fr_stats.errors import DataFileError, InputError, NotComparableError, UnknownStudyError
from fr_stats.provenance import numbers_in, quote_contains

# --------------------------------------------------------------------------- #
# The bundled data
# --------------------------------------------------------------------------- #


def _rows(name: str) -> list[dict[str, str]]:
    with open(data_dir() / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


COUNT_FIELDS = ("tested", "false_matches", "gallery", "threshold", "population_share")


@pytest.mark.parametrize(
    "row", _rows("studies.csv"), ids=lambda r: f"{r['id']}@{r['threshold']}/{r['subgroup']}"
)
def test_every_count_has_its_quote_or_formula(row: dict[str, str]) -> None:
    """Provenance: every number's quote contains it; a derived number states its formula."""
    for name in COUNT_FIELDS:
        value = row[name].replace(",", "")
        if not value:
            continue
        kind, quote = row[f"{name}_kind"], row[f"{name}_quote"]
        assert kind in {"reported", "average", "derived", "share"}, (name, kind)
        assert quote, f"{name} = {value} has no quote"
        assert quote_contains(quote, float(value)), f"{name} = {value} not in {quote!r}"
        if kind == "derived":
            assert "=" in quote, f"derived {name} must give its formula: {quote!r}"


@pytest.mark.parametrize(
    "row",
    _rows("gender_classification.csv"),
    ids=lambda r: f"{r['id']}/{r['system']}/{r['subgroup']}",
)
def test_every_gender_rate_has_its_quote(row: dict[str, str]) -> None:
    assert quote_contains(row["error_rate_quote"], float(row["error_rate"]))
    assert row["task"] == "gender-classification"


def test_contradictions_quote_their_other_value() -> None:
    rows = _rows("contradictions.csv")
    assert {(r["id"], r["value_used"], r["value_other"]) for r in rows} >= {
        ("aclu2019-ca", "120", "125"),
        ("aclu2019-ma", "27", "28"),
    }
    for r in rows:
        other = r["value_other"]
        try:
            number = float(other.replace(",", ""))
        except ValueError:
            # A value in words ('over 500', a publisher's name) is quoted as written.
            assert other in r["other_quote"], (r["id"], r["field"], other)
        else:
            assert quote_contains(r["other_quote"], number), (r["id"], r["field"], other)


def _contradiction(study_id: str, field: str, other: str) -> dict[str, str]:
    hits = [
        r
        for r in _rows("contradictions.csv")
        if (r["id"], r["field"], r["value_other"]) == (study_id, field, other)
    ]
    assert len(hits) == 1, (study_id, field, other)
    return hits[0]


def test_no_unread_techrepublic_address_is_cited() -> None:
    # Source dossier, corrections item 1: no source shows a TechRepublic article dated
    # 2020-05-29 at .../study-finds-amazons-face-recognition-incorrectly-matches-105-...
    for name in ("studies.csv", "claims.csv", "contradictions.csv"):
        text = (data_dir() / name).read_text(encoding="utf-8")
        assert "techrepublic.com" not in text, name
        assert "2020-05-29" not in text, name


def test_comparitech_averages_are_treated_alike() -> None:
    # TechRepublic (June 2020): "an average of 32 US Congresspersons" and "an average of 73
    # UK politicians"; Tech Monitor words both as plain counts (contradictions.csv).
    catalog = load()
    for ref, k, n in (("comparitech2020", 32, 530), ("comparitech2020-uk", 73, 1429)):
        study = catalog.resolve(ref)
        assert (study.k, study.n, study.false_matches.kind) == (k, n, "average"), ref
        assert f"an average of {k}" in study.false_matches.quote
        assert study.false_matches.source.startswith("secondary: TechRepublic (June 2020)")
        other = _contradiction(ref, "false_matches_kind", str(k))
        assert other["other_source"].startswith("secondary: Tech Monitor")
        assert f"{k} " in other["other_quote"] and "average" not in other["other_quote"]


def test_amazon_replication_gallery_is_not_stated_as_reported() -> None:
    # Amazon's own words: "(30x larger than the ACLU test)", about 750,000 faces; the press
    # says 850,000. The tension is recorded and no gallery size is given.
    study = load().resolve("amazon2018")
    assert study.gallery.value is None and study.gallery.kind == ""
    assert "30x larger than the ACLU test" in study.gallery.quote
    assert study.retrieved == ""
    other = _contradiction("amazon2018", "gallery", "850,000")
    assert "850,000 faces" in other["other_quote"]


def test_aclu2018_tested_is_the_seat_count_with_press_variants() -> None:
    # Axios: "compared all 535 members of Congress against 25,000 public mugshots";
    # Moneycontrol: "out of the total 435"; Technadu: "over 500 faces".
    study = load().resolve("aclu2018")
    assert study.n == 535
    assert study.tested.source.startswith("secondary: Axios")
    assert "number of seats" in study.notes
    assert _contradiction("aclu2018", "tested", "435")["value_used"] == "535"
    assert "Technadu" in _contradiction("aclu2018", "tested", "over 500")["other_source"]


def test_aclu2018_population_share_contradiction_carries_30_percent() -> None:
    # ACLU: "only 20 percent of Congress"; The Outline: "less than 30 percent of Congress".
    poc = [s for s in load().results(subgroups=True) if s.subgroup == "people of color"]
    assert [s.population_share.value for s in poc] == [20]
    other = _contradiction("aclu2018", "population_share", "30")
    assert other["value_used"] == "20"
    assert other["other_quote"] == "less than 30 percent of Congress"


def test_comparitech_zero_at_95_is_tertiary_and_fuller() -> None:
    full = (
        "When we increase the threshold to what Amazon recommends for law enforcement, "
        "however, we found no incorrect matches at or above 95 percent confidence."
    )
    catalog = load()
    for ref in ("comparitech2020@95", "comparitech2020-uk@95"):
        study = catalog.resolve(ref)
        assert study.k == 0 and study.false_matches.kind == "derived"
        assert study.threshold.quote == full
        assert full in study.false_matches.quote
        assert study.threshold.source.startswith("tertiary: ")
        assert study.false_matches.source.startswith("tertiary: ")
    readme = (data_dir() / "README.md").read_text(encoding="utf-8")
    assert "`tertiary: ...` for a repost of press coverage" in readme


def test_california_120_from_ting_and_publisher_names() -> None:
    # Assemblymember Phil Ting's release: "using photos of all 120 members of the State
    # Legislature, the American Civil Liberties Union of California released results".
    study = load().resolve("aclu2019-ca")
    assert study.n == 120
    assert "a19.asmdc.org" in study.tested.source
    assert "all 120 members of the State Legislature" in study.tested.quote
    publisher = _contradiction(
        "aclu2019-ca", "publisher", "American Civil Liberties Union of California"
    )
    assert publisher["value_used"] == study.publisher == "ACLU of Northern California"


def test_retrieved_only_where_the_cited_page_was_read() -> None:
    # Amazon's 2018 post and the Gender Shades PMLR page were not read (quotes come from
    # copies); Amazon's 2019 statement is read in Seeking Alpha, not on Amazon's page.
    catalog = load()
    for ref in ("amazon2018", "amazon2019-megaface"):
        assert catalog.resolve(ref).retrieved == "", ref
    gender = [g for g in catalog.gender if g.id == "buolamwini2018"]
    assert gender and all(g.retrieved == "" for g in gender)
    assert catalog.resolve("aclu2018").retrieved  # the ACLU's page was read


def test_bundled_headline_counts() -> None:
    # The counts every later analysis rests on (docs: ../shared/STUDIES.md).
    expected = {
        "aclu2018": (28, 535, 80),
        "aclu2019-ca": (26, 120, 80),
        "aclu2019-ma": (27, 188, None),
        "comparitech2020": (32, 530, 80),
        "comparitech2020@95": (0, 530, 95),
        "comparitech2020-uk": (73, 1429, 80),
        "amazon2018": (0, None, 99),
    }
    catalog = load()
    for ref, (k, n, threshold) in expected.items():
        study = catalog.resolve(ref)
        assert (study.k, study.n, study.threshold.value) == (k, n, threshold), ref
    assert catalog.resolve("comparitech2020").false_matches.kind == "average"
    assert catalog.resolve("comparitech2020@95").false_matches.kind == "derived"


def test_subgroups_and_shares() -> None:
    catalog = load()
    groups = {s.subgroup: s for s in catalog.subgroups_of(catalog.resolve("aclu2018"))}
    assert groups["people of color"].k == 11
    assert groups["people of color"].population_share.value == 20
    assert groups["people of color"].population_share.kind == "share"
    assert groups["Congressional Black Caucus"].k == 6
    teams = {s.subgroup: s.k for s in catalog.subgroups_of(catalog.resolve("aclu2019-ma"))}
    assert teams == {"Patriots": 14, "Red Sox": 6, "Bruins": 5, "Celtics": 2}
    assert sum(teams.values()) == catalog.resolve("aclu2019-ma").k


def test_gender_results_are_a_separate_type() -> None:
    catalog = load()
    assert {g.task for g in catalog.gender} == {"gender-classification"}
    assert {s.task for s in catalog.studies} == {"face-matching"}
    with pytest.raises(NotComparableError, match="gender-classification result"):
        catalog.resolve("raji2019")
    rows = catalog.lookup("raji2019")
    assert isinstance(rows, list) and any(g.error_rate.value == 31.37 for g in rows)


def test_public_api() -> None:
    df = fr_stats.studies()
    row = df[(df["id"] == "aclu2018") & (df["subgroup"] == "all")].iloc[0]
    assert (row["false_matches"], row["tested"], row["threshold"]) == (28, 535, 80)
    assert "false_matches_quote" in df.columns
    assert fr_stats.study("32/530").rate == pytest.approx(32 / 530)
    with pytest.raises(AttributeError):
        fr_stats.no_such_name  # noqa: B018


# --------------------------------------------------------------------------- #
# Resolving ids and K/N
# --------------------------------------------------------------------------- #


def test_resolve_threshold_forms() -> None:
    catalog = load()
    assert catalog.resolve("COMPARITECH2020@95%").ref == "comparitech2020@95"
    assert catalog.resolve("comparitech2020@95.0").threshold.value == 95
    assert catalog.resolve("comparitech2020").ref == "comparitech2020"
    with pytest.raises(
        InputError,
        match=r"no published result at a 99% threshold; available: comparitech2020, comparitech2020@95",
    ):
        catalog.resolve("comparitech2020@99")
    with pytest.raises(InputError, match="is not a threshold"):
        catalog.resolve("comparitech2020@high")
    with pytest.raises(InputError, match="percentage from 0 to 100"):
        catalog.resolve("comparitech2020@150")


def test_unknown_study_suggests() -> None:
    with pytest.raises(UnknownStudyError) as info:
        load().resolve("aclu2081")
    assert str(info.value) == "unknown study 'aclu2081'. Did you mean 'aclu2018'?"
    with pytest.raises(UnknownStudyError) as info:
        load().resolve("zzzz")
    assert str(info.value) == "unknown study 'zzzz'."


@pytest.mark.parametrize(
    ("text", "k", "n"),
    [
        ("32/530", 32, 530),
        (" 0/1 ", 0, 1),
        ("1,000/1,000,000", 1000, 1_000_000),
        ("5/5", 5, 5),
        ("100000/1000000000000", 100_000, 10**12),
    ],
)
def test_parse_count(text: str, k: int, n: int) -> None:
    study = parse_count(text)
    assert (study.k, study.n, study.adhoc) == (k, n, True)
    assert study.ref == f"{k}/{n}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("30/20", "'30/20': 30 false matches cannot exceed the 20 tested"),
        ("-1/5", "counts cannot be negative: -1/5"),
        ("28/-535", "counts cannot be negative: 28/-535"),
        ("1.5/10", "'1.5/10': the number of false matches must be a whole number, not 1.5"),
        ("5/0", "'5/0': the number tested must be at least 1"),
        ("abc/def", "'abc/def': 'abc' is not a number of false matches; write K/N, e.g. 32/530"),
        ("3/", "'3/': '(nothing)' is not a number of tested; write K/N, e.g. 32/530"),
        ("1/2/3", "'1/2/3' is not a count; write false matches / tested, e.g. 32/530"),
        ("1/1e20", "'1/1e20': the number of tested must be a whole number, not 1e20"),
        (
            "1/99999999999999999999",
            "'1/99999999999999999999': the number of tested is larger than 1e+15",
        ),
    ],
)
def test_parse_count_errors(text: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_count(text)
    assert str(info.value) == message


def test_require_counts_names_the_gap() -> None:
    with pytest.raises(
        InputError, match="amazon2018: the number of probes tested was never published"
    ):
        load().resolve("amazon2018").require_counts()
    assert load().resolve("aclu2018").require_counts() == (28, 535)


# --------------------------------------------------------------------------- #
# Validation: one broken table per rule
# --------------------------------------------------------------------------- #


def _valid_row() -> dict[str, str]:
    row = {c: "" for c in STUDY_COLUMNS}
    row.update(
        id="mystudy2025",
        threshold="80",
        subgroup="all",
        label="My study",
        citation="Me (2025)",
        population="Volunteers",
        task="face-matching",
        system="Some system",
        publisher="Me",
        published="2025-01-02",
        url="https://example.org/study",
        retrieved="2025-02-03",
        tested="200",
        tested_kind="reported",
        tested_quote="We searched 200 volunteers.",
        false_matches="7",
        false_matches_kind="reported",
        false_matches_quote="Seven of them matched someone else.",
        threshold_kind="reported",
        threshold_quote="at the default 80% threshold",
    )
    return row


def _write(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    columns = columns or list(STUDY_COLUMNS)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_a_valid_user_table_is_added(tmp_path: Path) -> None:
    path = _write(tmp_path / "mine.csv", [_valid_row()])
    catalog = load([path])
    study = catalog.resolve("mystudy2025")
    assert (study.k, study.n) == (7, 200)
    assert study.origin == str(path) and study.row == 2
    assert catalog.resolve("aclu2018").k == 28


Mutation = Callable[[dict[str, str]], None]


def _set(**cells: str) -> Mutation:
    return lambda row: row.update(cells)


BROKEN: list[tuple[str, Mutation, str]] = [
    (
        "non-integer count",
        _set(tested="20a"),
        "row 2, column 'tested': '20a' is not a whole number",
    ),
    (
        "fractional count",
        _set(false_matches="7.5"),
        "row 2, column 'false_matches': '7.5' is not a whole number",
    ),
    (
        "negative count",
        _set(false_matches="-7"),
        "row 2, column 'false_matches': -7 is outside the allowed range 0 to 1e+15",
    ),
    (
        "false matches above tested",
        _set(false_matches="300", false_matches_quote="300"),
        "row 2, column 'false_matches': 300 false matches is more than the 200 probes tested",
    ),
    (
        "threshold above 100",
        _set(threshold="180", threshold_quote="180"),
        "row 2, column 'threshold': 180 is outside the allowed range 0 to 100",
    ),
    (
        "unknown kind",
        _set(tested_kind="guessed"),
        "row 2, column 'tested_kind': unknown kind 'guessed'; allowed: reported, average, derived, share",
    ),
    (
        "missing kind",
        _set(tested_kind=""),
        "row 2, column 'tested_kind': is empty; say how 'tested' was obtained",
    ),
    (
        "quote without its number",
        _set(tested_quote="We searched many volunteers."),
        "row 2, column 'tested_quote': does not contain the number 200 given in 'tested'",
    ),
    (
        "missing quote",
        _set(false_matches_quote=""),
        "row 2, column 'false_matches_quote': is empty; 'false_matches' = 7 needs a verbatim quote that contains it",
    ),
    (
        "derived without formula",
        _set(false_matches_kind="derived", false_matches_quote=""),
        "needs the formula that gives it",
    ),
    (
        "kind without value",
        _set(gallery_kind="reported"),
        "row 2, column 'gallery_kind': gives a kind ('reported') but 'gallery' is empty",
    ),
    ("bad id", _set(id="My Study"), "row 2, column 'id': 'My Study' is not a valid id"),
    ("id with slash", _set(id="a/b"), "row 2, column 'id': 'a/b' is not a valid id"),
    ("missing label", _set(label=""), "row 2, column 'label': is empty; this column is required"),
    (
        "bad date",
        _set(published="26/07/2018"),
        "row 2, column 'published': '26/07/2018' is not a date",
    ),
    (
        "bad retrieved date",
        _set(retrieved="2025-02"),
        "row 2, column 'retrieved': '2025-02' is not a date of the form YYYY-MM-DD",
    ),
    ("bad url", _set(url="example.org"), "row 2, column 'url': 'example.org' is not a web address"),
    (
        "wrong task",
        _set(task="gender-classification"),
        "row 2, column 'task': 'gender-classification' is not allowed in a studies table",
    ),
    (
        "zero tested",
        _set(tested="0", tested_quote="0"),
        "row 2, column 'tested': 0 is outside the allowed range 1 to 1e+15",
    ),
    (
        "NaN threshold",
        _set(threshold="nan", threshold_quote="nan"),
        "row 2, column 'threshold': 'nan' is not a number",
    ),
    (
        "share above 100",
        _set(population_share="120", population_share_kind="share", population_share_quote="120"),
        "column 'population_share': 120 is outside the allowed range 0 to 100",
    ),
    (
        "unknown combined study",
        _set(combines="nosuchstudy"),
        "row 2, column 'combines': names unknown study 'nosuchstudy'",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "message"), [(m, msg) for _, m, msg in BROKEN], ids=[name for name, _, _ in BROKEN]
)
def test_broken_cell_is_refused_with_file_row_column(
    tmp_path: Path, mutate: Mutation, message: str
) -> None:
    row = _valid_row()
    mutate(row)
    path = _write(tmp_path / "broken.csv", [row])
    with pytest.raises(DataFileError) as info:
        load([path])
    assert str(info.value).startswith(str(path) + ", ")
    assert message in str(info.value)


def test_duplicate_result_in_a_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "dup.csv", [_valid_row(), _valid_row()])
    with pytest.raises(DataFileError) as info:
        load([path])
    assert str(info.value) == (
        f"{path}, row 3, column 'id': duplicate result: id 'mystudy2025', threshold 80%, "
        "subgroup 'all' appears twice (first at row 2)"
    )


def test_id_clashing_with_bundled_data(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "clash.csv",
        [_valid_row() | {"id": "aclu2018", "threshold": "90", "threshold_quote": "90"}],
    )
    with pytest.raises(
        DataFileError,
        match=r"row 2, column 'id': id 'aclu2018' is already used in .*studies.csv; choose another id",
    ):
        load([path])


def test_id_clashing_with_gender_data(tmp_path: Path) -> None:
    path = _write(tmp_path / "clash.csv", [_valid_row() | {"id": "raji2019"}])
    with pytest.raises(
        DataFileError,
        match="id 'raji2019' is used by both a face-matching and a gender-classification result",
    ):
        load([path])


def test_missing_column(tmp_path: Path) -> None:
    columns = [c for c in STUDY_COLUMNS if c != "gallery_source"]
    path = _write(tmp_path / "missing.csv", [_valid_row()], columns)
    with pytest.raises(
        DataFileError, match=r"row 1, column 'gallery_source': missing column 'gallery_source'"
    ):
        load([path])


def test_unknown_column_suggests(tmp_path: Path) -> None:
    path = tmp_path / "typo.csv"
    _write(path, [_valid_row()])
    path.write_text(path.read_text().replace("false_matches_quote", "false_match_quote", 1))
    with pytest.raises(
        DataFileError,
        match=r"row 1, column 'false_match_quote': unknown column 'false_match_quote' \(did you mean 'false_matches_quote'\?\)",
    ):
        load([path])


def test_repeated_column(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    _write(path, [_valid_row()])
    text = path.read_text().splitlines()
    text = [text[0] + ",notes", text[1] + ",x"]
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(DataFileError, match="row 1, column 'notes': column 'notes' appears twice"):
        load([path])


def test_truncated_row(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    _write(path, [_valid_row(), _valid_row() | {"id": "other2025"}])
    lines = path.read_text().splitlines()
    lines[2] = lines[2][: lines[2].index("face-matching")]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataFileError) as info:
        load([path])
    assert (
        f"{path}, row 3, column 'system': has 7 cells but the header has {len(STUDY_COLUMNS)}; the row looks truncated"
        == str(info.value)
    )


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(DataFileError, match=r"empty\.csv: the file is empty"):
        load([path])


def test_header_only(tmp_path: Path) -> None:
    path = _write(tmp_path / "header.csv", [])
    with pytest.raises(DataFileError, match="has a header but no data rows"):
        load([path])


def test_undecodable_bytes_name_row_and_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "latin1.csv",
        [_valid_row(), _valid_row() | {"id": "other2025", "label": "Caf\u00e9"}],
    )
    raw = path.read_bytes().replace("Caf\u00e9".encode(), b"Caf\xe9")
    path.write_bytes(raw)
    with pytest.raises(DataFileError) as info:
        load([path])
    assert (
        str(info.value)
        == f"{path}, row 3, column 'label': byte 0xe9 is not UTF-8; save the file as UTF-8"
    )


def test_unterminated_quote(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    _write(path, [_valid_row()])
    path.write_text(path.read_text() + 'x,"unterminated\n')
    with pytest.raises(DataFileError, match="is not valid CSV"):
        load([path])


def test_missing_and_folder_paths(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="no such file"):
        load([tmp_path / "nope.csv"])
    with pytest.raises(DataFileError, match="is a folder, not a CSV file"):
        load([tmp_path])


def test_bundled_file_rows_are_spreadsheet_numbered() -> None:
    catalog = load()
    assert catalog.resolve("aclu2018").row == 2


# --------------------------------------------------------------------------- #
# Numbers in quotes
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("quote", "value", "expected"),
    [
        ("The results included 28 incorrect matches.", 28, True),
        ("a database of 25,000 publicly available mugshots", 25000, True),
        ("error rates of 8.66% and 6.60% overall", 6.6, True),
        ("the Megaface dataset of 1M images", 1_000_000, True),
        ("more than 13 million facial comparisons", 13_000_000, True),
        ("including six members of the Congressional Black Caucus", 6, True),
        ("we found no incorrect matches", 0, True),
        ("exactly zero false positive matches", 0, True),
        ("The results included 28 incorrect matches.", 2, False),
        ("version 1.5.3", 5, False),
        ("in 2018 the ACLU", 201, False),
        # "no", "none" and "one" count only in phrases that state a count.
        ("we found no incorrect matches at or above 95 percent confidence", 0, True),
        ("No false positives were returned", 0, True),
        ("none of the 530 members", 0, True),
        ("There is no evidence that the system improved.", 0, False),
        ("no one was arrested", 0, False),
        ("no one was arrested", 1, False),
        ("one of the lawmakers was misidentified", 1, True),
        ("more than one in five lawmakers", 1, True),
        ("one day later, Amazon replied", 1, False),
    ],
)
def test_quote_contains(quote: str, value: float, expected: bool) -> None:
    assert quote_contains(quote, value) is expected


def test_numbers_in() -> None:
    assert sorted(numbers_in("28 of 535, 1,429 and six")) == [6, 28, 535, 1429]


def test_every_command_accepts_a_claims_table(tmp_path: Path) -> None:
    """A claims file given with --data is read by the loader itself, whatever command runs."""
    import fr_stats

    table = tmp_path / "my_claims.csv"
    table.write_text(
        "id,quote,said_by,url,date,retrieved,studies,check,figure,form,qualifier,quantity,"
        "subgroup,margin,direction,notes\n"
        "mine,About one in 20 was falsely matched.,A paper,,2024-05,,aclu2018,arithmetic,20,"
        "one-in-n,about,rate,,,,\n",
        encoding="utf-8",
    )
    assert fr_stats.ci("aclu2018", data=[table]).false_matches == 28
    assert fr_stats.compare("aclu2018", "comparitech2020", data=[table]).b.false_matches == 32
    assert [c.id for c in fr_stats.load([table]).extra["claims"]][-1] == "mine"


def test_studies_frame_has_whole_counts_and_no_internal_columns() -> None:
    import fr_stats

    df = fr_stats.studies()
    assert str(df["false_matches"].dtype) == "Int64" and str(df["tested"].dtype) == "Int64"
    row = df[df["id"] == "aclu2018"].iloc[0]
    assert (row["false_matches"], row["tested"]) == (28, 535)
    assert "adhoc" not in df.columns

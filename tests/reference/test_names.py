"""Matching tracker, market and category spellings: as tolerant as a person, never fuzzy."""

import pytest

from app.reference.names import match_key, name_index, singular, suggest


@pytest.mark.parametrize(
    "spellings",
    [
        ("smart_tv", "smart-tvs", "Smart TVs", "SMART TV", "smart.tv", "smart \u00a0 tvs"),
        ("smartwatch", "smartwatches", "Smartwatches"),
        ("feature phones", "feature-phones", "Feature_Phone"),
        ("Counterpoint Research", "counterpoint-research", "COUNTERPOINT  RESEARCH"),
        ("ＩＤＣ", "IDC", "idc"),  # NFKC: full-width letters
        ("india", "India", "INDIA"),
    ],
)
def test_spellings_a_person_calls_the_same_match(spellings: tuple[str, ...]) -> None:
    assert len({match_key(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Canalys", "Canalis"),  # a typo is a suggestion, not a match
        ("smartwatch", "smart watch"),  # a space inside a word is a different word
        ("Counterpoint", "Counterpoint Research"),
        ("TWS", "audio"),
        ("smartphones", "feature phones"),
    ],
)
def test_nothing_looser_matches(one: str, other: str) -> None:
    assert match_key(one) != match_key(other)


@pytest.mark.parametrize(
    ("word", "one"),
    [
        ("tvs", "tv"),
        ("watches", "watch"),
        ("accessories", "accessory"),
        ("phones", "phone"),
        ("glass", "glass"),
        ("boxes", "box"),
        ("tv", "tv"),
        ("audio", "audio"),
    ],
)
def test_singular(word: str, one: str) -> None:
    assert singular(word) == one


def test_suggest_gives_the_closest_known_slug() -> None:
    assert suggest("Canalis", ["canalys", "idc", "counterpoint"]) == "canalys"
    assert suggest("Smart TVz", {"Smart TVs": "smart-tvs", "Audio": "audio"}) == "smart-tvs"
    assert suggest("Counterpont Research", {"Counterpoint Research": "counterpoint"}) == (
        "counterpoint"
    )
    assert suggest("zzz", ["canalys", "idc"]) is None


def test_name_index_resolves_slugs_names_and_aliases() -> None:
    index = name_index(
        [
            ("smart-tvs", "Smart TVs", ["TV"]),
            ("audio", "Audio (TWS, neckbands)", iter(["earwear", "hearables"])),
            ("idc", "IDC", ["International Data Corporation"]),
        ]
    )
    assert [
        index.resolve(s)
        for s in ("smart_tv", "TVs", "Hearables", "international-data-corporation", "TWS")
    ] == ["smart-tvs", "smart-tvs", "audio", "idc", None]
    assert index.suggest("earware") == "audio"


def test_a_slug_outranks_another_entrys_alias_with_the_same_key() -> None:
    index = name_index([("tv", "Television", []), ("smart-tvs", "Smart TVs", ["TV"])])
    assert index.resolve("TVs") == "tv"

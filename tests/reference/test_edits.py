"""Editing trackers, markets and categories: the rules, and the message of each refusal."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Category, Market, Source
from app.reference import edits, notes
from app.reference import service as reference
from app.reference.edits import NamedForm, TrackerForm
from app.reference.fields import InvalidField
from app.reference.notes import NoteForm


def source(db: Session, slug: str) -> Source:
    found = db.scalar(select(Source).where(Source.slug == slug))
    assert found is not None
    return found


def category(db: Session, slug: str) -> Category:
    found = db.scalar(select(Category).where(Category.slug == slug))
    assert found is not None
    return found


def refused(db: Session, call, field: str) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidField) as error:
        call()
    assert error.value.field == field
    assert not db.new and not db.dirty and not db.deleted  # checked before anything changed
    return error.value.message


def test_create_a_tracker_with_aliases_and_a_predecessor(db: Session) -> None:
    form = TrackerForm(
        "acme-research",
        "Acme Research",
        url="https://acme.example/",
        methodology="Sell-out, from retail panels.",
        aliases=("Acme", " ", "ACME", "Acme Research Pvt Ltd"),
        predecessor="counterpoint",
        successor_from="Q1 2026",
    )
    created, changes = edits.save_tracker(db, form)
    assert (created.predecessor and created.predecessor.slug, created.successor_from) == (
        "counterpoint",
        20261,
    )
    assert [a.alias for a in created.aliases] == ["Acme", "Acme Research Pvt Ltd"]
    assert changes == [
        "created",
        "url: None -> https://acme.example/",
        "methodology: None -> Sell-out, from retail panels.",
        "predecessor: None -> counterpoint",
        "successor_from: None -> 2026Q1",
        "alias added: Acme",
        "alias added: Acme Research Pvt Ltd",
    ]
    assert edits.tracker_form(created).successor_from == "2026Q1"


def test_edit_says_what_changed(db: Session) -> None:
    idc = source(db, "idc")
    form = edits.tracker_form(idc)
    changes = edits.save_tracker(
        db,
        TrackerForm(**{**form.__dict__, "name": "IDC India", "aliases": ("IDC", "IDC India")}),
        idc,
    )[1]
    assert changes == [
        "name: IDC -> IDC India",
        "alias removed: International Data Corporation",
        "alias added: IDC India",
    ]


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        (
            TrackerForm("Acme!", "Acme"),
            "slug",
            "slug 'Acme!' must be 1 to 40 characters of a-z, 0-9 and '-', such as omdia or smart-tvs",
        ),
        (
            TrackerForm("acme", "=HYPERLINK()"),
            "name",
            "the name must have 1 to 100 characters, no control characters, and not start with = + - @",
        ),
        (
            TrackerForm("acme", "Acme", url="javascript:alert(1)"),
            "url",
            "url 'javascript:alert(1)' must be an http(s) address of up to 500 characters",
        ),
        (
            TrackerForm("acme", "Acme", predecessor="canalis", successor_from="2025Q3"),
            "predecessor",
            "unknown predecessor 'canalis'; did you mean 'canalys'?",
        ),
        (
            TrackerForm("acme", "Acme", aliases=("Acme", "international_data_corporation")),
            "aliases",
            "alias 'international_data_corporation' is already used by tracker IDC (idc)",
        ),
        (
            TrackerForm("acme", "Counterpoint Research"),
            "name",
            "name 'Counterpoint Research' is already used by tracker Counterpoint (counterpoint)",
        ),
        (
            TrackerForm("canalys", "Canalys 2"),
            "slug",
            "slug 'canalys' is already used by tracker Canalys (canalys)",
        ),
        (
            TrackerForm("acme", "Acme", predecessor="canalys", successor_from="2025"),
            "successor_from",
            "successor_from '2025' is a year; give a quarter, e.g. 2025Q3",
        ),
        (
            TrackerForm("acme", "Acme", predecessor="canalys", successor_from="FY25"),
            "successor_from",
            "successor_from: 'FY25' is an Indian fiscal-year label (April–March), which is "
            "ambiguous here; write the calendar quarters (2024Q2 … 2025Q1), a half-year such as "
            "2025H1, or a calendar year such as 2025",
        ),
        (
            TrackerForm("acme", "Acme", predecessor="canalys"),
            "successor_from",
            "successor_from: give the first quarter acme reports under its own name, e.g. 2025Q3",
        ),
        (
            TrackerForm("acme", "Acme", successor_from="2025Q3"),
            "successor_from",
            "successor_from needs a predecessor: the tracker whose series this one continues",
        ),
    ],
)
def test_a_new_tracker_is_refused(db: Session, form: TrackerForm, field: str, message: str) -> None:
    assert refused(db, lambda: edits.save_tracker(db, form), field) == message


def test_a_predecessor_cycle_is_refused(db: Session) -> None:
    canalys = source(db, "canalys")
    form = TrackerForm("canalys", "Canalys", predecessor="omdia", successor_from="2026Q1")
    assert refused(db, lambda: edits.save_tracker(db, form, canalys), "predecessor") == (
        "predecessor 'omdia' would make a cycle: canalys → omdia → canalys"
    )
    own = TrackerForm("canalys", "Canalys", predecessor="canalys", successor_from="2026Q1")
    assert refused(db, lambda: edits.save_tracker(db, own, canalys), "predecessor") == (
        "canalys cannot be its own predecessor"
    )


def test_a_longer_cycle_is_named_whole(db: Session) -> None:
    edits.save_tracker(
        db, TrackerForm("acme", "Acme", predecessor="omdia", successor_from="2026Q1")
    )
    form = TrackerForm("canalys", "Canalys", predecessor="acme", successor_from="2027Q1")
    assert refused(
        db, lambda: edits.save_tracker(db, form, source(db, "canalys")), "predecessor"
    ) == ("predecessor 'acme' would make a cycle: canalys → acme → omdia → canalys")


def test_the_slug_of_an_existing_tracker_stays(db: Session) -> None:
    idc = source(db, "idc")
    edits.save_tracker(db, TrackerForm("renamed", "IDC"), idc)
    assert idc.slug == "idc"


def test_categories_have_a_parent_and_no_cycle(db: Session) -> None:
    watches = category(db, "smartwatches")
    form = edits.named_form(watches)
    changes = edits.save_named(
        db, Category, NamedForm(**{**form.__dict__, "parent": "wearables"}), watches
    )[1]
    assert changes == ["parent: None -> wearables"]
    wearables = category(db, "wearables")
    back = NamedForm("wearables", "Wearables", parent="smartwatches")
    assert refused(db, lambda: edits.save_named(db, Category, back, wearables), "parent") == (
        "parent 'smartwatches' would make a cycle: wearables → smartwatches → wearables"
    )
    unknown = NamedForm("rings", "Smart rings", parent="wearable-s")
    assert refused(db, lambda: edits.save_named(db, Category, unknown), "parent") == (
        "unknown parent category 'wearable-s'; did you mean 'wearables'?"
    )


def test_a_category_spelled_like_another_is_refused(db: Session) -> None:
    form = NamedForm("televisions", "Televisions", aliases=("Smart TV",))
    assert refused(db, lambda: edits.save_named(db, Category, form), "aliases") == (
        "alias 'Smart TV' is already used by category Smart TVs (smart-tvs)"
    )


def test_a_market_with_aliases(db: Session) -> None:
    _, changes = edits.save_named(
        db, Market, NamedForm("bangladesh", "Bangladesh", aliases=("BD",))
    )
    assert changes == ["created", "alias added: BD"]
    assert reference.resolve_market(db, "bd") == "bangladesh"
    assert (
        refused(
            db,
            lambda: edits.save_named(db, Market, NamedForm("bharat", "Bharat", aliases=("INDIA",))),
            "aliases",
        )
        == "alias 'INDIA' is already used by market India (india)"
    )


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Counterpoint Research", "counterpoint"),
        ("counterpoint", "counterpoint"),
        ("OMDIA", "omdia"),
        ("CyberMedia Research", "cmr"),
        ("International Data Corporation", "idc"),
        ("Canalis", None),
        ("Omdia (Informa)", None),
    ],
)
def test_resolve_source(db: Session, text: str, slug: str | None) -> None:
    assert reference.resolve_source(db, text) == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("smart_tv", "smart-tvs"),
        ("Smart TVs", "smart-tvs"),
        ("TV", "smart-tvs"),
        ("smartwatch", "smartwatches"),
        ("Smart Watches", "smartwatches"),
        ("feature phones", "feature-phones"),
        ("Earwear", "audio"),
        ("hearables", "audio"),
        ("TWS", None),
        ("Smartphone", "smartphones"),
        ("tablets", None),
    ],
)
def test_resolve_category(db: Session, text: str, slug: str | None) -> None:
    assert reference.resolve_category(db, text) == slug


def test_resolve_market(db: Session) -> None:
    assert [reference.resolve_market(db, t) for t in ("India", "INDIA", "in", "Bharat")] == [
        "india",
        "india",
        None,
        None,
    ]


def test_notes_are_dated_by_quarter(db: Session) -> None:
    canalys = source(db, "canalys")
    note = notes.add_note(
        db,
        canalys,
        NoteForm(
            "OPPO excludes OnePlus (prior year restated)",
            from_period="Q2 2023",
            vendor="oppo",
            url="https://www.canalys.com/newsroom/x",
        ),
    )
    assert (note.from_period, note.to_period, note.vendor and note.vendor.slug) == (
        20232,
        None,
        "oppo",
    )
    assert notes.describe(note) == "from Q2 2023"
    bad = [
        (
            NoteForm("x", from_period="2023Q3", to_period="2023Q1"),
            "to_period",
            "to_period 2023Q1 is before from_period 2023Q3",
        ),
        (
            NoteForm("x", from_period="2023"),
            "from_period",
            "from_period '2023' is a year; give a quarter, e.g. 2023Q3",
        ),
        (NoteForm("x", vendor="opo"), "vendor", "unknown vendor 'opo'; did you mean 'oppo'?"),
        (NoteForm("  "), "text", "the note must have 1 to 2000 characters, no control characters"),
        (
            NoteForm("x", url="ftp://x"),
            "note_url",
            "note_url 'ftp://x' must be an http(s) address of up to 1000 characters",
        ),
    ]
    for form, field, message in bad:
        assert refused(db, lambda form=form: notes.add_note(db, canalys, form), field) == message
    # Oldest first among the seed's notes (app/seed/tracker_notes.csv); an open start first.
    dated = notes.dated(canalys.notes)
    assert [(notes.describe(n), n.vendor and n.vendor.slug) for n in dated] == [
        ("until Q1 2023", "oppo"),
        ("Q2 2020–Q2 2025", "xiaomi"),
        ("from Q2 2022", "oppo"),
        ("from Q2 2023", "oppo"),
        ("from Q2 2025", "vivo"),
    ]
    assert dated[3] is note and note.text == "OPPO excludes OnePlus (prior year restated)"
    notes.delete_note(db, canalys, note.id)
    assert [n.id for n in notes.dated(canalys.notes)] == [n.id for n in dated if n is not note]

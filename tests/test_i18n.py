"""Hindi beside English: lang= and Accept-Language, the catalog, narration, numbers, errors,
and the caches that must keep the two languages apart."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import formats, i18n
from app.charts import service
from app.charts.query import parse_chart_query
from app.charts.routes import _picture_key

ROOT = Path(__file__).parent.parent
CATALOG = ROOT / "app" / "locales" / "hi" / "LC_MESSAGES" / "messages.po"
PLACEHOLDERS = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)[sd]")


def test_the_hindi_catalog_translates_every_message_with_the_same_slots() -> None:
    catalog = read_po(CATALOG.open("rb"), locale="hi")
    messages = [m for m in catalog if m.id]
    assert len(messages) > 250
    for message in messages:
        assert not message.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {message.id!r}"
        # Both languages fill the same slots: the same vendors, ranks and numbers.
        for text in strings:
            assert sorted(PLACEHOLDERS.findall(text)) == sorted(PLACEHOLDERS.findall(ids[-1]))


def test_every_message_the_code_and_templates_use_has_its_hindi() -> None:
    """Extracted as `pybabel extract` does (app/locales/babel.cfg): a message added to a page
    and never put in the catalog would show in English on a Hindi page."""
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    templates = {"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    used = set()
    for folder, methods, options in (
        ("app", [("**.py", "python")], {}),
        ("templates", [("**.html", "jinja2")], templates),
    ):
        found = extract_from_dir(str(ROOT / folder), methods, options, keywords=keywords)
        used |= {m if isinstance(m, str) else m[0] for _, _, m, _, _ in found}
    catalog = read_po(CATALOG.open("rb"), locale="hi")
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.string}
    assert len(used) > 250
    assert sorted(used - translated) == []


def test_accept_language_picks_hindi_by_quality_and_english_stays_the_default() -> None:
    assert i18n.negotiate("hi-IN,hi;q=0.9,en;q=0.8") == "hi"
    assert i18n.negotiate("en-GB,en;q=0.9,hi;q=0.5") == "en"
    assert i18n.negotiate("fr-FR, de;q=0.5") == "en"
    assert i18n.negotiate("fr, hi;q=0.2") == "hi"
    assert i18n.negotiate("hi;q=0") == "en"
    assert i18n.from_request(b"lang=hi", [(b"accept-language", b"en")]) == ("hi", False)
    assert i18n.from_request(b"", [(b"accept-language", b"hi")]) == ("hi", True)
    assert i18n.from_request(b"lang=xx", []) == ("en", True)


def test_hindi_counts_in_lakh_and_crore_with_indian_grouping() -> None:
    with i18n.using("hi"):
        assert formats.indian(12_000_000) == "1.20 करोड़"
        assert formats.indian(32_400_000) == "3.24 करोड़"
        assert formats.indian(6_700_000) == "67 लाख"
        assert formats.indian(5_450_000) == "54.5 लाख"
        assert formats.grouped(1_234_567) == "12,34,567"
        assert formats.points(1.25) == "+1.2 अंक"
    assert formats.indian(12_000_000) == "1.20 crore"
    assert formats.millions(6_700_000) == "6.7 M"


def test_a_hindi_chart_query_defaults_to_lakh_and_crore_and_says_so_in_its_address() -> None:
    hindi = parse_chart_query("share", {"lang": "hi"})
    assert (hindi.units, hindi.canonical()) == (
        "indian",
        "market=india&category=smartphones&lang=hi",
    )
    assert parse_chart_query("share", {}).canonical() == "market=india&category=smartphones"
    asked = parse_chart_query("share", {"lang": "hi", "units": "millions"})
    assert asked.canonical() == "market=india&category=smartphones&units=millions&lang=hi"


def test_the_picture_cache_key_differs_by_language() -> None:
    english = parse_chart_query("rank", {"source": "canalys"})
    hindi = parse_chart_query("rank", {"source": "canalys", "lang": "hi"})
    assert _picture_key(english, 3, (1200, 630), "png") != _picture_key(
        hindi, 3, (1200, 630), "png"
    )
    assert "lang=hi" in _picture_key(hindi, 3, (1200, 630), "png")


def test_narration_in_hindi_tells_the_same_shift_as_english(db: Session) -> None:
    english = [s for s in service.shifts_for(db, "india", "smartphones", "canalys")]
    with i18n.using("hi"):
        hindi = [s for s in service.shifts_for(db, "india", "smartphones", "canalys")]
    assert len(hindi) == len(english)
    q4 = next(s for s in english if s.period.code == "2022Q4" and s.kind == "lead")
    hi_q4 = next(s for s in hindi if s.period.code == "2022Q4" and s.kind == "lead")
    assert (hi_q4.vendor, hi_q4.old_rank, hi_q4.new_rank) == (q4.vendor, q4.old_rank, q4.new_rank)
    assert q4.lead_clause == "Samsung overtook Xiaomi to take first place in Q4 2022"
    assert hi_q4.lead_clause == ("Q4 2022 में Samsung ने Xiaomi को पीछे छोड़कर पहला स्थान हासिल किया")
    assert "Xiaomi fell to third" in q4.sentence
    assert "Xiaomi तीसरे स्थान पर खिसक गई" in hi_q4.sentence


def test_overview_in_hindi_by_parameter(client: TestClient) -> None:
    response = client.get("/?lang=hi")
    assert response.status_code == 200
    assert '<html lang="hi"' in response.text
    assert "<h1>भारत में फ़ोन कौन बेचता है</h1>" in response.text
    assert "Q4 2022 में Samsung ने Xiaomi को पीछे छोड़कर पहला स्थान हासिल किया" in response.text
    assert "Accept-Language" not in response.headers["vary"]
    assert 'href="/?lang=en"' in response.text  # the way back to English


def test_overview_in_hindi_by_accept_language_varies_by_it(client: TestClient) -> None:
    hindi = client.get("/", headers={"Accept-Language": "hi-IN,hi;q=0.9,en;q=0.5"})
    assert '<html lang="hi"' in hindi.text
    assert "भारत में फ़ोन कौन बेचता है" in hindi.text
    assert hindi.headers["vary"] == "Accept-Encoding, Accept-Language"
    english = client.get("/", headers={"Accept-Language": "en-IN"})
    assert '<html lang="en"' in english.text
    assert "<h1>Who sells the phones in India</h1>" in english.text
    assert hindi.headers["etag"] != english.headers["etag"]
    # Cached apart: the second Hindi request is the Hindi page again, not the English one.
    again = client.get("/", headers={"Accept-Language": "hi"})
    assert again.headers["etag"] == hindi.headers["etag"]
    assert client.get("/").headers["etag"] == english.headers["etag"]


def test_hindi_chart_json_translates_titles_and_axes_but_not_vendor_names(
    client: TestClient,
) -> None:
    body = client.get("/api/v1/charts/snapshot.json?source=canalys&quarter=2022Q4&lang=hi").json()
    assert body["title"] == "Q4 2022 में Samsung 21.0% शिपमेंट हिस्सेदारी के साथ सबसे आगे रही"
    layout = body["figure"]["layout"]
    assert layout["yaxis"]["title"]["text"] == "शिपमेंट में हिस्सेदारी (%)"
    assert body["table"]["columns"][:4] == ["वेंडर", "रैंक", "हिस्सेदारी", "शिपमेंट"]
    names = [row[0] for row in body["table"]["rows"]]
    assert names[:3] == ["Samsung", "vivo", "Xiaomi"]
    xiaomi = next(row for row in body["table"]["rows"] if row[0] == "Xiaomi")
    assert xiaomi[1:4] == ["#3", "17.0%", "55 लाख"]
    hover = body["figure"]["data"][0]["customdata"][0]
    assert "हिस्सेदारी: 21.0%" in hover and "शिपमेंट: 67 लाख" in hover
    assert "स्रोत: Canalys" in hover
    english = client.get("/api/v1/charts/snapshot.json?source=canalys&quarter=2022Q4").json()
    assert english["title"] == "Samsung led Q4 2022 with 21.0% of shipments"


def test_a_bad_parameter_is_refused_in_hindi_as_json_and_as_a_page(client: TestClient) -> None:
    response = client.get("/api/v1/charts/share.json?mode=pie&lang=hi")
    assert response.status_code == 422
    assert response.json() == {
        "error": "मोड 'pie' share चार्ट के लिए मान्य नहीं है; मान्य: lines, area100"
    }
    page = client.get("/charts/share?lang=hi&mode=pie")
    assert page.status_code == 422
    assert '<html lang="hi"' in page.text
    assert "मोड &#39;pie&#39; share चार्ट के लिए मान्य नहीं है" in page.text
    missing = client.get("/no-such-page", headers={"Accept-Language": "hi"})
    assert missing.status_code == 404
    assert "पेज नहीं मिला" in missing.text and "<h1>नहीं मिला</h1>" in missing.text
    unknown = client.get("/api/v1/charts/share.json?lang=xx")
    assert unknown.status_code == 422
    assert unknown.json() == {"error": "'lang' must be one of en, hi"}


def test_the_hindi_embed_is_hindi_and_credits_the_tracker_by_name(client: TestClient) -> None:
    page = client.get("/embed/rank?source=canalys&lang=hi")
    assert page.status_code == 200
    assert '<html lang="hi"' in page.text
    assert "स्रोत: Canalys (Q3 2025 से Omdia) · sharetrack · डेटा r" in page.text
    assert "पूरा चार्ट और डेटा" in page.text
    assert "lang=hi" in page.text  # the link back is to the Hindi chart page


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_chart_page_links_its_embed_and_picture_in_its_language(
    client: TestClient, lang: str
) -> None:
    page = client.get(f"/charts/share?lang={lang}")
    assert page.status_code == 200
    assert f'<html lang="{lang}"' in page.text
    pictures = re.findall(r'share\.png\?[^"]*', page.text)
    assert pictures
    assert all(("lang=hi" in p) is (lang == "hi") for p in pictures)


def test_a_missing_basis_is_named_in_hindi(client: TestClient) -> None:
    """The basis is looked up by its value ("units", "value"), so the catalog must keep it."""
    found = client.get("/api/v1/charts/share.json?category=smart-tvs&basis=value&lang=hi")
    assert found.status_code == 404
    assert "के लिए मूल्य के आधार पर अभी कोई डेटा नहीं है" in found.json()["error"]

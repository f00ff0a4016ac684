"""Codebook v1.1's international sector: its cues, its organisations and its relations.

Multilateral banks, foreign aid agencies and UN bodies ("Bank Dunia", "JICA", "UN-Habitat",
"development partners") are neither companies nor the Indonesian government: they have
their own sector code, ``sector.international``. The sentences are the project's own.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import plpbk

from pipeline.document import ExtractedText, Page, TaggedDocument
from pipeline.tag import default_tagger

INTERNATIONAL = "sector.international"


def one_page(text: str) -> ExtractedText:
    return ExtractedText(text, (Page(1, 0, len(text), "plain-text"),), "text/plain")


def tag(text: str, language: str) -> TaggedDocument:
    return default_tagger().tag(one_page(text), language=language)


def found(text: str, language: str, code: str) -> list[str]:
    """The evidence phrases of ``code`` in ``text``."""
    return [a.evidence.exact for a in tag(text, language).annotations if a.code == code]


# --- cues ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "phrase"),
    [
        (
            "id",
            "Program penataan kampung itu didanai Bank Dunia lewat pemerintah kota.",
            "Bank Dunia",
        ),
        ("id", "Pembangunan drainase dibiayai pinjaman ADB sejak tahun lalu.", "ADB"),
        ("id", "Tenaga ahli JICA mendampingi BKM menyusun rencana kawasan.", "JICA"),
        ("id", "UN-Habitat melatih fasilitator kelurahan tentang tata ruang.", "UN-Habitat"),
        (
            "id",
            "Dana hibah berasal dari lembaga donor internasional.",
            "lembaga donor internasional",
        ),
        (
            "id",
            "Kemitraan kota dengan Bank Pembangunan Asia berjalan lima tahun.",
            "Bank Pembangunan Asia",
        ),
        ("en", "The canal works were co-funded by the World Bank and the city.", "World Bank"),
        (
            "en",
            "A loan from the Asian Development Bank paid for the drains.",
            "Asian Development Bank",
        ),
        (
            "en",
            "International donors supported the community board for a decade.",
            "International donors",
        ),
        ("en", "USAID trained the kelurahan facilitators in budgeting.", "USAID"),
        ("en", "Bilateral donors funded the slum upgrading pilots.", "Bilateral donors"),
    ],
)
def test_international_cue_fires(language: str, text: str, phrase: str) -> None:
    assert phrase in found(text, language, INTERNATIONAL)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("id", "Bank Dunia mendanai program KOTAKU di kelurahan ini bersama BKM."),
        ("id", "Kemitraan dengan Bank Pembangunan Asia membiayai perbaikan jalan kampung."),
        ("en", "In the partnership, the World Bank funded the community's drainage works."),
        ("en", "The partnership drew loans from the Asian Development Bank and other lenders."),
        ("en", "Multilateral banks financed the partnership's settlement upgrading."),
    ],
)
def test_a_development_bank_is_no_company(language: str, text: str) -> None:
    codes = {a.code for a in tag(text, language).annotations}
    assert INTERNATIONAL in codes
    assert "sector.private" not in codes


def test_a_commercial_bank_stays_private() -> None:
    codes = {a.code for a in tag("PT Bank Mandiri memberikan dana CSR.", "id").annotations}
    assert "sector.private" in codes
    assert INTERNATIONAL not in codes


def test_a_regional_development_bank_stays_private() -> None:
    text = "Dalam kemitraan ini Bank Pembangunan Daerah menyalurkan dana CSR kepada BKM."
    assert found(text, "id", "sector.private")
    assert not found(text, "id", INTERNATIONAL)


def test_a_un_or_cooperation_agency_is_no_government_agency() -> None:
    text = (
        "The partnership with the city was supported by JICA (Japan International "
        "Cooperation Agency) and by UN agencies, while the housing agency gave grants."
    )
    assert found(text, "en", "sector.government") == ["agency"]  # the housing agency only
    assert {"JICA", "Japan International Cooperation Agency", "UN agencies"} <= set(
        found(text, "en", INTERNATIONAL)
    )


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # "Mitra pembangunan" counts only when the sentence makes it foreign or multilateral.
        ("id", "Kemitraan: swasta sebagai mitra pembangunan membangun jalan.", False),
        ("id", "Kemitraan dengan mitra pembangunan internasional memperkuat BKM.", True),
        ("id", "Kemitraan BKM dengan mitra pembangunan asing seperti JICA.", True),
        # A donor agency or development partner called local or private is not one.
        ("id", "Kemitraan BKM dengan lembaga donor lokal dan pengusaha kampung.", False),
        ("id", "Kemitraan BKM dengan lembaga donor untuk pendanaan kampung.", True),
        ("en", "In the partnership, private development partners built the road.", False),
        ("en", "In the partnership, development partners funded the BKM.", True),
    ],
)
def test_generic_wording_needs_its_context(language: str, text: str, expected: bool) -> None:
    assert bool(found(text, language, INTERNATIONAL)) is expected


# --- relations ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "relation"),
    [
        (
            "id",
            "Dalam kemitraan ini Bank Dunia memberikan bantuan dana kepada BKM.",
            ("provides", INTERNATIONAL, "form.monetary"),
        ),
        (
            "en",
            "In the partnership, ADB provides financial support to the municipality.",
            ("provides", INTERNATIONAL, "form.monetary"),
        ),
        (
            "id",
            "Dalam kemitraan ini JICA berperan sebagai pendamping BKM.",
            ("plays", INTERNATIONAL, "role.facilitator"),
        ),
        (
            "en",
            "Multilateral development banks provided grants to the partnership.",
            ("provides", INTERNATIONAL, "form.monetary"),
        ),
    ],
)
def test_international_partners_play_roles_and_provide_forms(
    language: str, text: str, relation: tuple[str, str, str]
) -> None:
    stated = {(r.predicate, r.subject, r.object) for r in tag(text, language).relations}
    assert relation in stated


# --- through the command line into a store ------------------------------------------------

NOTES = {
    "catatan-donor.txt": """Catatan kemitraan penataan kawasan kumuh

Kemitraan penataan permukiman di kelurahan ini melibatkan BKM, pemerintah kota,
swasta dan mitra pembangunan internasional. Bank Dunia memberikan bantuan dana
kepada BKM untuk perbaikan saluran, sedangkan PT Bank Mandiri memberikan dana CSR
untuk pelatihan kader. Fasilitator dari JICA berperan sebagai pendamping BKM dalam
menyusun rencana kawasan. Kemitraan ini dinilai berhasil oleh warga.
""",
    "donor-note.txt": """A note on the partnership for kampung upgrading

The partnership brought the community board, the city government and development
partners together. The World Bank and the Asian Development Bank provided financial
support for drains and footpaths, UN-Habitat trained the facilitators, and USAID
funded the savings groups of the residents. Bank Mandiri gave CSR funds for
training. The residents maintained the works themselves.
""",
}


Store = tuple[Path, dict[str, str]]


@pytest.fixture(scope="module")
def donor_store(prefect_api: str, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store on disk holding two short notes on donor-funded partnerships (id, en)."""
    folder = tmp_path_factory.mktemp("international")
    for name, text in NOTES.items():
        (folder / "notes").mkdir(exist_ok=True)
        (folder / "notes" / name).write_text(text, encoding="utf-8")
    store, env = folder / "kg", {"PREFECT_API_URL": prefect_api}
    done = plpbk("ingest", str(folder / "notes"), "--store", str(store), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return store, env


def query_rows(store: Store, name: str, *params: str) -> list[dict[str, str]]:
    path, env = store
    args = [f"--param={p}" for p in params]
    done = plpbk("query", name, "--store", str(path), "--format", "csv", *args, env=env)
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


@pytest.mark.slow
def test_query_codes_counts_the_international_sector(donor_store: Store) -> None:
    codes = {(row["file"], row["code"]) for row in query_rows(donor_store, "codes")}
    for name in NOTES:
        assert (name, INTERNATIONAL) in codes
        assert (name, "sector.private") in codes  # Bank Mandiri's CSR funds


@pytest.mark.slow
def test_query_provides_and_roles_name_the_international_sector(donor_store: Store) -> None:
    provides = {(r["file"], r["sector"], r["form"]) for r in query_rows(donor_store, "provides")}
    assert ("catatan-donor.txt", INTERNATIONAL, "form.monetary") in provides
    assert ("donor-note.txt", INTERNATIONAL, "form.monetary") in provides
    roles = {(r["file"], r["sector"], r["role"]) for r in query_rows(donor_store, "roles")}
    assert ("catatan-donor.txt", INTERNATIONAL, "role.facilitator") in roles


@pytest.mark.slow
def test_query_organisations_keeps_banks_apart(donor_store: Store) -> None:
    rows = query_rows(donor_store, "organisations")
    private = {row["organisation"] for row in rows if row["sector"] == "sector.private"}
    assert "Bank Mandiri" in private
    # The World Bank's name holds "Bank", but it is no company.
    assert not {"World Bank", "Bank Dunia", "Asian Development Bank"} & private


@pytest.mark.slow
def test_query_organisations_shows_international_bodies(donor_store: Store) -> None:
    rows = query_rows(donor_store, "organisations", f"sector={INTERNATIONAL}")
    named = {(row["file"], row["organisation"]) for row in rows}
    assert {
        ("catatan-donor.txt", "World Bank"),
        ("catatan-donor.txt", "Japan International Cooperation Agency"),
        ("donor-note.txt", "World Bank"),
        ("donor-note.txt", "Asian Development Bank"),
        ("donor-note.txt", "UN-Habitat"),
        ("donor-note.txt", "United States Agency for International Development"),
    } <= named
    assert all(row["sector"] == INTERNATIONAL for row in rows)
    # One node across the two documents, whichever language names it.
    assert len({row["org"] for row in rows if row["organisation"] == "World Bank"}) == 1

"""Roles implied by provision (``ontology/implied.jsonl``): a company that gives is a donor.

The codebook's ``role.partner`` is "partner or donor"; reports say what a company gave,
seldom that it is a donor. Sentences are our own.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from documents import tag

from pipeline.codebook import load_codebook
from pipeline.errors import CodebookError

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
DONOR = "relation/plays/implied/private-giver-is-donor"


def statements(text: str, language: str) -> set[tuple[str, str, str]]:
    return {(r.predicate, r.subject, r.object) for r in tag(text, language).relations}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("PT Sinar Abadi menyerahkan bantuan gerobak sampah kepada KSM di kelurahan itu.", "id"),
        ("Dana CSR dari perusahaan dipakai untuk memperbaiki saluran air warga.", "id"),
        ("Private companies contributed CSR funds to the community board.", "en"),
    ],
)
def test_a_company_that_gives_plays_the_partner_role(text: str, language: str) -> None:
    found = tag(text, language).relations
    gives = [r for r in found if r.predicate == "provides" and r.subject == "sector.private"]
    donor = [r for r in found if r.rule == DONOR]
    assert gives, found
    assert [(r.subject, r.object) for r in donor] == [("sector.private", "role.partner")]
    # The role's evidence is the giving clause itself: quote, page and offsets.
    assert donor[0].evidence == gives[0].evidence


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # The programme's own budget is no donation to it, nor a lender's loan.
        ("Pemerintah kota memberikan bantuan dana untuk perbaikan jalan lingkungan.", "id"),
        ("The Asian Development Bank provided a loan for the city's drainage.", "en"),
        # A company that receives gives nothing.
        ("Koperasi itu menerima bantuan dana dari pemerintah kabupaten.", "id"),
        # A denied gift is no gift.
        ("Perusahaan itu tidak memberikan bantuan apa pun kepada warga.", "id"),
    ],
)
def test_no_partner_role_without_a_company_giving(text: str, language: str) -> None:
    assert ("plays", "sector.private", "role.partner") not in statements(text, language)


def test_a_stated_donor_role_is_not_stated_twice_on_the_same_evidence() -> None:
    text = "Swasta sebagai penyumbang memberikan bantuan dana kepada BKM."
    found = tag(text, "id").relations
    partner = [r for r in found if (r.subject, r.object) == ("sector.private", "role.partner")]
    assert len({(r.evidence.start, r.evidence.end) for r in partner}) == len(partner)


def test_the_projects_implied_roles_are_loaded() -> None:
    (rule,) = load_codebook().implied
    assert (rule.giver, rule.role, rule.forms) == ("sector.private", "role.partner", ())


@pytest.fixture
def ontology_copy(tmp_path: Path) -> Path:
    directory = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, directory)
    return directory


GOOD = {
    "id": "implied/x",
    "giver": "sector.private",
    "role": "role.partner",
    "description": "A test line.",
}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({**GOOD, "giver": "sector.swasta"}, "'giver' names 'sector.swasta', which is no code"),
        ({**GOOD, "role": "form.monetary"}, "'role' must be a role code"),
        ({**GOOD, "forms": ["role.partner"]}, "'forms' must be a form code"),
        ({**GOOD, "forms": "form.monetary"}, "'forms' must be a list"),
        ({k: v for k, v in GOOD.items() if k != "description"}, "needs a 'description'"),
        ({**GOOD, "id": "implied/private-giver-is-donor"}, "duplicate id"),
        ({**GOOD, "when": "always"}, "unknown key(s) ['when']"),
    ],
)
def test_a_bad_implied_line_is_rejected_naming_file_and_line(
    ontology_copy: Path, line: dict[str, object], message: str
) -> None:
    path = ontology_copy / "implied.jsonl"
    with path.open("a", encoding="utf-8") as file:
        file.write(json.dumps(line) + "\n")
    with pytest.raises(CodebookError) as error:
        load_codebook(ontology_copy)
    assert f"{path}:2:" in str(error.value)
    assert message in str(error.value)


def test_implied_roles_are_optional_and_change_the_fingerprint(ontology_copy: Path) -> None:
    with_them = load_codebook(ontology_copy)
    (ontology_copy / "implied.jsonl").unlink()
    without = load_codebook(ontology_copy)
    assert without.implied == ()
    assert without.fingerprint != with_them.fingerprint

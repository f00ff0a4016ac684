"""Tagging and entities of a document in one warm-worker call (pipeline/annotate.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import SEED_TXT

from pipeline.annotate import TAG_TIMEOUT_ENV, annotate_isolated, annotate_text, tag_limits
from pipeline.entities import recognise_entities
from pipeline.errors import ResourceLimitError
from pipeline.extract import extract_text
from pipeline.tag import tag_document
from pipeline.tag.actors import organisation_actors


def test_one_call_in_the_worker_gives_the_stages_in_process() -> None:
    text = extract_text(SEED_TXT)
    annotated = annotate_isolated(text, name=SEED_TXT.name)
    assert annotated == annotate_text(text)
    # The entities are read in the tagger's language, and serve the relations as actors.
    found = recognise_entities(text, language=annotated.tagged.language)
    assert annotated.found == found
    assert annotated.tagged == tag_document(text, actors=organisation_actors(found))
    assert organisation_actors(found), "the seed study names organisations"


def test_the_one_call_stops_at_the_tagging_limit_with_its_message(tmp_path: Path) -> None:
    seed = SEED_TXT.read_text(encoding="utf-8")
    path = tmp_path / "besar.txt"
    path.write_text("\n\n".join([seed] * (1_000_000 // len(seed) + 1)), encoding="utf-8")
    text = extract_text(path)
    started = time.monotonic()
    with pytest.raises(ResourceLimitError) as raised:
        annotate_isolated(text, name=path.name, limits=tag_limits({TAG_TIMEOUT_ENV: "0.5"}))
    assert time.monotonic() - started < 10
    assert str(raised.value).startswith("besar.txt: tagging took longer than 0.5 s")
    assert f"raise the limit with {TAG_TIMEOUT_ENV}=" in str(raised.value)

"""The admin forms for reference data, read from the request body into plain form values."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form

from app.reference.edits import NamedForm, TrackerForm
from app.reference.notes import NoteForm

Field = Annotated[str, Form(max_length=4000)]
# Named apart from the {slug} of the edit pages' paths, which FastAPI would read instead.
SlugField = Annotated[str, Form(alias="slug", max_length=100)]


def lines(text: str) -> tuple[str, ...]:
    return tuple(text.splitlines())


def tracker_fields(
    new_slug: SlugField = "",
    name: Field = "",
    url: Field = "",
    methodology: Field = "",
    aliases: Field = "",
    predecessor: Field = "",
    successor_from: Field = "",
) -> TrackerForm:
    return TrackerForm(
        new_slug, name, url, methodology, lines(aliases), predecessor, successor_from
    )


def named_fields(
    new_slug: SlugField = "", name: Field = "", aliases: Field = "", parent: Field = ""
) -> NamedForm:
    return NamedForm(new_slug, name, lines(aliases), parent)


def note_fields(
    text: Field = "",
    from_period: Field = "",
    to_period: Field = "",
    vendor: Field = "",
    note_url: Field = "",
    category: Field = "",
) -> NoteForm:
    return NoteForm(text, from_period, to_period, vendor, note_url, category)


TrackerFormDep = Annotated[TrackerForm, Depends(tracker_fields)]
NamedFormDep = Annotated[NamedForm, Depends(named_fields)]
NoteFormDep = Annotated[NoteForm, Depends(note_fields)]

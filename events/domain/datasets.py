"""Datasets and their terms, Django-free: where events come from, under which licence, with which
attribution, and who may see them.

Every event belongs to a dataset (`Event.dataset`, a key below). The keys and their defaults
are fixed here; the operator edits a dataset's terms and visibility in the admin (the `Dataset`
table). ACLED's terms of use forbid giving others access to its raw data and require a
prominent citation with a link; UCDP's GED is CC BY 4.0 with a citation. Both therefore arrive
staff only, with the attribution their terms ask for, and an operator with the right to
publish them says so in the admin.
"""

from __future__ import annotations

from dataclasses import dataclass

PUBLIC = "public"
STAFF = "staff"
VISIBILITY_CHOICES = {PUBLIC: "Public", STAFF: "Staff only"}

MANUAL = ""  # events a curator entered in the admin
SEED = "seed"
INGEST = "ingest"
ACLED = "acled"
UCDP = "ucdp"


@dataclass(frozen=True)
class DatasetTerms:
    """A dataset's defaults: what a new `Dataset` row starts with."""

    key: str
    title: str
    licence: str
    licence_url: str
    attribution: str
    url: str
    visibility: str


_OURS = "ConflictMap curators; each event cites the reports it rests on"
_CC_BY = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")

KNOWN_DATASETS: dict[str, DatasetTerms] = {
    t.key: t
    for t in (
        DatasetTerms(MANUAL, "Curated in ConflictMap", *_CC_BY, _OURS, "", PUBLIC),
        DatasetTerms(SEED, "ConflictMap seed events", *_CC_BY, _OURS, "", PUBLIC),
        DatasetTerms(INGEST, "Curated from news reports", *_CC_BY, _OURS, "", PUBLIC),
        DatasetTerms(
            ACLED,
            "ACLED (Armed Conflict Location & Event Data)",
            "ACLED Terms of Use and Attribution Policy",
            "https://acleddata.com/terms-of-use/",
            "Armed Conflict Location & Event Data (ACLED); www.acleddata.com",
            "https://acleddata.com/",
            STAFF,
        ),
        DatasetTerms(
            UCDP,
            "UCDP Georeferenced Event Dataset (GED)",
            *_CC_BY,
            "Uppsala Conflict Data Program (UCDP), Georeferenced Event Dataset; Sundberg, "
            "Ralph and Erik Melander (2013) Introducing the UCDP Georeferenced Event Dataset. "
            "Journal of Peace Research 50(4)",
            "https://ucdp.uu.se/downloads/",
            STAFF,
        ),
    )
}


def dataset_terms(key: str) -> DatasetTerms:
    """The defaults of a dataset key; a key nobody declared starts staff only (the safe side:
    nothing is published that the operator did not choose to publish)."""
    known = KNOWN_DATASETS.get(key)
    if known is not None:
        return known
    return DatasetTerms(key, key, "", "", "", "", STAFF)

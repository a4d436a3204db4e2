"""The domain's vocabulary, Django-free: ACLED's event taxonomy, precisions, roles, statuses and
actor kinds. Models, ingest, importers, exports and the API all take their values from here.
"""

from __future__ import annotations

# ACLED's taxonomy (codebook 2023): event type -> its sub-event types. Stored as ACLED spells them,
# so imports and exports round-trip without a lookup table.
EVENT_TAXONOMY: dict[str, list[str]] = {
    "Battles": [
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ],
    "Explosions/Remote violence": [
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ],
    "Violence against civilians": [
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ],
    "Protests": [
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": [
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ],
}

# ACLED's taxonomy before its 2019 revision (the files with GWNO and ALLY_ACTOR_1 columns and
# no sub-event type), as the revision mapped it: old event type -> (event type, sub-event type).
# An empty sub-type is one the old taxonomy did not tell (a "Remote violence" was a shelling, an
# air strike or a bomb): left unknown rather than guessed. "Riots/Protests" is split by the
# first actor's inter code (ACLED_PRE_2019_RIOTS_PROTESTS).
ACLED_PRE_2019_TYPES: dict[str, tuple[str, str]] = {
    "Battle-No change of territory": ("Battles", "Armed clash"),
    "Battle-Government regains territory": ("Battles", "Government regains territory"),
    "Battle-Non-state actor overtakes territory": (
        "Battles",
        "Non-state actor overtakes territory",
    ),
    "Remote violence": ("Explosions/Remote violence", ""),
    "Violence against civilians": ("Violence against civilians", ""),
    "Headquarters or base established": (
        "Strategic developments",
        "Headquarters or base established",
    ),
    "Non-violent transfer of territory": (
        "Strategic developments",
        "Non-violent transfer of territory",
    ),
    "Strategic development": ("Strategic developments", ""),
}
# Old "Riots/Protests": ACLED's inter code of the first actor says which (5 rioters, 6 protesters).
ACLED_PRE_2019_RIOTS_PROTESTS = "Riots/Protests"
ACLED_PRE_2019_BY_INTER = {5: ("Riots", ""), 6: ("Protests", "")}

# ACLED time_precision: the event happened on that day, within that week, within that month.
DAY, WEEK, MONTH = 1, 2, 3
# ACLED geo_precision: at the place, near it (or part of a region), somewhere in the province.
EXACT, NEAR, REGION = 1, 2, 3

# Review status: only verified events are ever public.
DRAFT, VERIFIED, REJECTED = "draft", "verified", "rejected"
STATUSES = (DRAFT, VERIFIED, REJECTED)

# An actor's part in an event, as ACLED codes it.
ACTOR1, ACTOR2, ASSOC1, ASSOC2 = "actor1", "actor2", "assoc1", "assoc2"
ROLES = (ACTOR1, ACTOR2, ASSOC1, ASSOC2)
SIDE_1 = (ACTOR1, ASSOC1)  # the filter's role=actor1
SIDE_2 = (ACTOR2, ASSOC2)

# How every summary the ingest pipeline writes begins: a placeholder a curator replaces with what
# happened, in our own words. An event whose summary still begins so is never published.
DRAFT_SUMMARY_PREFIX = "Draft from ingest, to be checked against the quote:"

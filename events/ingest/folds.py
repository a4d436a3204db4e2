"""Draft events folded together where a report goes on telling one happening: a placeless
follow-up into the placed happening before it, a placeless lead into the first placed one after
it, what a happening did ("12 killed") into it. ACLED codes an event where it happened, and a
report's later sentences rarely repeat the place. Runs on events_merge's drafts (drafts.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from geopy.distance import geodesic

from events.geo.gazetteer import GazetteerEntry
from events.ingest.dates import DateSpan
from events.ingest.drafts import BOMB_TRIGGERS, REPORT_LAG_DAYS, EventDraft
from events.ingest.mentions import Mention

STRATEGIC = "Strategic developments"
LOOTING = "Looting/property destruction"
CROWDS = {"Protests", "Riots"}
PLACELESS_REACH = 4  # sentences: "the attack" two paragraphs on is still the same one
LEAD_LOOKBACK = 3  # drafts before a lead that a headline may have put ahead of it


def drafts_folded(drafts: list[EventDraft]) -> list[EventDraft]:
    """`drafts` (events_merge's, in the report's order) with the follow-ups, leads and
    consequences folded into the happenings they tell, in three passes."""
    folded = _placeless_absorbed(_leads_folded(_placeless_folded(_fights_with_bombs(drafts))))
    return _fights_for_places(_bare_killings_placed(folded))


def _fights_for_places(drafts: list[EventDraft]) -> list[EventDraft]:
    """A fight at a town the report says was taken or retaken, on that day and told a few
    sentences from it ("the army retook Bunagana ... Small skirmishes took place through the
    town"), is the fighting of that territorial change: one event, which ACLED codes as the
    change."""
    taken = [d for d in drafts if d.trigger.head == "territory" and d.place is not None]
    if not taken:
        return drafts
    folded: set[int] = set()
    for draft in drafts:
        if draft.trigger.head != "clashes" or draft.sub_event_type != "Armed clash":
            continue
        target = next((t for t in taken if _fight_of(draft, t)), None)
        if target is None:
            continue
        for m in draft.mentions:
            target.add(m)
        folded.add(id(draft))
    return [d for d in drafts if id(d) not in folded]


def _fight_of(fight: EventDraft, taken: EventDraft) -> bool:
    if not _same_place(fight, taken):
        return False
    near = abs(fight.primary.sentence.index - taken.primary.sentence.index) <= PLACELESS_REACH
    own = [d for d, said in _own_dates(fight) if not said]
    days = [d for d, said in _own_dates(taken) if not said]
    return near and not (own and days and not any(a.overlaps(b) for a in own for b in days))


def _bare_killings_placed(drafts: list[EventDraft]) -> list[EventDraft]:
    """A bare killing or attack ("the three women were killed on a street in Kherson", a
    headline's "Russian strike kills 3 people in Odesa") at the place of a happening the report
    names (a shelling, a strike, a clash), on its day, between the same sides, within a few
    sentences: that happening's toll, told again. ACLED's event is one per type, place, day and
    sides, and the bare word names no type of its own."""
    # The drafts a bare one may join name a type (so none of them is ever folded away here),
    # looked up by sentence within reach; a headline's among all of them (a report has few).
    named = [d for d in drafts if not all(m.trigger.weak for m in d.mentions)]
    named_at: dict[int, list[EventDraft]] = defaultdict(list)
    for d in named:
        named_at[d.primary.sentence.index].append(d)
    folded: set[int] = set()
    for draft in drafts:
        if draft.place is None or not all(m.trigger.weak for m in draft.mentions):
            continue
        if all(m.headline for m in draft.mentions):
            near = named
        else:
            at = draft.primary.sentence.index
            reach = range(at - PLACELESS_REACH, at + PLACELESS_REACH + 1)
            near = [d for k in reach for d in named_at.get(k, ())]
        candidates = [d for d in near if _tells_bare(draft, d)]
        if not candidates:
            continue
        # The one sharing most sides, then the nearest (a headline's: the body's first).
        at = draft.primary.sentence.index
        target = min(
            candidates,
            key=lambda d: (
                -len(d.actor_keys & draft.actor_keys),
                abs(d.primary.sentence.index - at),
            ),
        )
        for m in draft.mentions:
            target.add(m)
        folded.add(id(draft))
    return [d for d in drafts if id(d) not in folded]


def _tells_bare(bare: EventDraft, named: EventDraft) -> bool:
    """Can the bare killing `bare` be the happening `named` told again?"""
    if named is bare or all(m.trigger.weak for m in named.mentions):
        return False
    if named.event_type in (STRATEGIC, *CROWDS) or not _same_place(bare, named):
        return False
    own = {date for date, _ in _own_dates(bare)}
    if own and named.date is not None and named.date not in own:
        return False
    if bare.actor_keys and named.actor_keys and not bare.actor_keys & named.actor_keys:
        return False
    headline = all(m.headline for m in bare.mentions)
    near = abs(bare.primary.sentence.index - named.primary.sentence.index) <= PLACELESS_REACH
    return _countries_agree(bare, named) and (headline or near)


def _fights_with_bombs(drafts: list[EventDraft]) -> list[EventDraft]:
    """A fight told after a bomb in the bomb's sentence ("set off a truck bomb outside the camp,
    then fighters stormed it") is the assault the bomb opened: one happening, a complex attack
    (drafts.py types it an armed clash). Not a fight at another place, nor one the report told
    before ("The clash followed a suicide attack"), nor one before the bomb ("a gunfight in X,
    and later a blast went off")."""
    bombs_at: dict[int, tuple[EventDraft, int]] = {}
    for d in drafts:
        for m in d.mentions:
            if d.trigger.name in BOMB_TRIGGERS and m.trigger.name in BOMB_TRIGGERS:
                bombs_at.setdefault(m.sentence.index, (d, m.trigger_start))
    out: list[EventDraft] = []
    for d in drafts:
        bomb = _bomb_before(d, bombs_at)
        if bomb is not None and _countries_agree(d, bomb):
            for m in d.mentions:
                bomb.add(m)
            continue
        out.append(d)
    return out


def _bomb_before(
    fight: EventDraft, bombs_at: dict[int, tuple[EventDraft, int]]
) -> EventDraft | None:
    """The bomb draft told earlier in the sentence of a fight draft that tells nothing else, at
    the fight's place or with the fight placeless."""
    if not all(m.trigger.name == "clash" and not m.definite for m in fight.mentions):
        return None
    for m in fight.mentions:
        bomb, start = bombs_at.get(m.sentence.index, (None, 0))
        if bomb is None or bomb is fight or start > m.trigger_start:
            continue
        if fight.place is None or (bomb.place is not None and _same_place(fight, bomb)):
            return bomb
    return None


def _same_place(a: EventDraft, b: EventDraft) -> bool:
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return False
    if pa.entry is not None and pb.entry is not None:
        return pa.entry.geonames_id == pb.entry.geonames_id
    return pa.text == pb.text


def _placeless_folded(drafts: list[EventDraft]) -> list[EventDraft]:
    """A draft no sentence of which names a place ("the attackers fled", "the fighting lasted
    hours") goes on telling the last placed happening of its event type before it, when their
    dates and countries agree: ACLED codes an event where it happened, and a report's follow-up
    sentences rarely repeat the place. One with no placed happening shortly before it stays a
    draft of its own."""
    out: list[EventDraft] = []
    last_of_type: dict[str, EventDraft] = {}  # the last placed draft of each event type
    placed: list[EventDraft] = []  # every placed draft, in the report's order
    for draft in drafts:
        target = None
        bare = all(m.trigger.weak for m in draft.mentions)
        consequence = _consequence_of(draft, placed)
        if consequence is not None:
            # "Odesa with 12 killed, including 5 children, after Russian drone attack": the
            # killing told bare is what the strike did; one event, the strike's, placed there.
            merged = EventDraft([*draft.mentions, *consequence.mentions])
            out[out.index(consequence)] = placed[-1] = merged
            last_of_type = {k: merged if v is consequence else v for k, v in last_of_type.items()}
            last_of_type[merged.event_type] = merged
            continue
        if draft.place is None:
            target = last_of_type.get(draft.event_type)
            if target is None and bare and placed:
                # "attacked", "killed" alone: a word for any happening, the one just told.
                target = placed[-1]
        elif bare and all(m.definite for m in draft.mentions):
            # "... killed in a drone strike in Ethiopia's Amhara region. The attack took place
            # in the town of Finote Selam": the same happening, now placed in a town.
            target = next((p for p in reversed(placed[-5:]) if _in_its_province(draft, p)), None)
        if target is not None and _may_continue(draft, target):
            for m in draft.mentions:
                target.add(m)
            continue
        if bare and not any(m.roles for m in draft.mentions):
            continue  # "word of the attack reached Maiduguri": no happening of its own
        out.append(draft)
        if draft.place is not None:
            last_of_type[draft.event_type] = draft
            placed.append(draft)
    return out


def _leads_folded(drafts: list[EventDraft]) -> list[EventDraft]:
    """A placeless draft that no happening before it took tells the first placed one of its
    event type that follows it closely: a wire report's lead sums the event up ("A suicide bomber
    in a village in northwestern Pakistan killed thirty people on Friday") and the next sentences
    place it ("The explosion occurred in X"). The lead's mentions come first, so its words (a
    suicide bomber, not an explosion) name the happening."""
    out = list(drafts)
    i = 0
    while i < len(out):
        draft = out[i]
        province = _province_only(draft)
        city = not province and _city_lead(draft)
        target = _lead_target(out, i, province, city)
        if target is None:
            i += 1
            continue
        lead, placed = draft.mentions, out[target].mentions
        if _reported_later(draft, out[target]):  # the lead's day is when it was reported
            lead = [replace(m, date_reported=m.date is not None) for m in lead]
        if city:  # the city's happening was in the quarter or town the body names
            lead = [_placed_like(m, out[target]) for m in lead]
        if all(m.trigger.weak for m in lead) and not all(m.trigger.weak for m in placed):
            lead, placed = placed, lead  # "103 killed in ...": the clash the body tells names it
        out[target] = EventDraft([*lead, *placed])
        del out[i]
    return out


def _lead_target(out: list[EventDraft], i: int, province: bool, city: bool) -> int | None:
    """The index of the placed draft the lead `out[i]` (placeless, or at a province or a city)
    folds into, if any."""
    draft = out[i]
    if not (draft.place is None or province or city):
        return None
    # From the lead's own first sentence: its best-placed mention may be a later one that only
    # names the country ("... said this attack shows ..., Somalia").
    first = _first_told(draft)
    # A draft just before it may be told later in the body, listed earlier only because the
    # headline joined it ("Kenya attack: 12 killed in Mandera" over the lead, then the body).
    for j in range(max(0, i - LEAD_LOOKBACK), len(out)):
        d = out[j]
        if j <= i and (j == i or _first_told(d) < first):
            continue
        if j > i and min(m.sentence.index for m in d.mentions) > first + PLACELESS_REACH:
            break  # drafts are in the report's order: none further can be in reach
        if d.place is None or not _lead_kind_fits(draft, d):
            continue
        if province and not _finer_within(d, draft):
            continue
        if city and not _within_city_lead(d, draft):
            continue
        # Strategic developments (talks, a ceasefire, arrests) are each their own.
        if d.event_type != STRATEGIC and _lead_continues(d, draft, first):
            return j
        return None
    return None


def _first_told(draft: EventDraft) -> int:
    """The first sentence of the body that tells the draft (its headline's comes last)."""
    body = [m.sentence.index for m in draft.mentions if not m.headline]
    return min(body) if body else draft.primary.sentence.index


def _lead_kind_fits(lead: EventDraft, placed: EventDraft) -> bool:
    """Of one event type; or told again by the same word ("the attack on X", whose type its
    own sentence cannot tell); or a bare lead ("An attack on a military base killed two
    soldiers") before the placed happening that names what it was ("the group fired rockets at
    a base in X")."""
    if placed.event_type == lead.event_type:
        return True
    heads = {m.trigger.head for m in lead.mentions}
    if all(m.definite and m.trigger.head in heads for m in placed.mentions if not m.headline):
        return True  # "the attack on the guest house": the lead's attack, now placed
    if not all(m.trigger.weak for m in lead.mentions) or placed.event_type in (STRATEGIC, *CROWDS):
        return False
    # The sides may differ: the lead names whom it hit, the body who fired.
    return not all(m.trigger.weak for m in placed.mentions)


def _lead_continues(placed: EventDraft, lead: EventDraft, first: int) -> bool:
    """Does the placed draft, told from the lead's first sentence on, go on telling it?"""
    if not _countries_agree(placed, lead):
        return False
    own = _own_dates(placed)
    if (
        own
        and lead.dates
        and not any(lead.date_fits(d, said) for d, said in own)
        and not _reported_later(lead, placed)
    ):
        return False
    return 0 <= _first_told(placed) - first <= PLACELESS_REACH


def _reported_later(lead: EventDraft, placed: EventDraft) -> bool:
    """Does the lead tell the placed happening's toll on a later day, the day it was reported?"""
    own = _own_dates(placed)
    if not own or not lead.dates or any(lead.date_fits(d, said) for d, said in own):
        return False
    return _toll_told_later(lead, [d for d, _ in own])


def _toll_told_later(lead: EventDraft, days: list[DateSpan]) -> bool:
    """ "An armed gang killed at least 34 people ..., police said on Sunday" and then "The gang
    came to the villages on Friday night, killing 34 people": a lead with the body's own toll,
    dated a few days after it, dates the report of the happening, not another one."""
    toll = lead.fatalities
    if not toll or not days or any(m.fatalities not in (None, toll) for m in lead.mentions):
        return False
    return all(
        any(0 <= (d.start - day.start).days <= REPORT_LAG_DAYS for day in days) for d in lead.dates
    )


def _placeless_absorbed(drafts: list[EventDraft]) -> list[EventDraft]:
    """A placeless draft (not a strategic development) still on its own after the folds above
    goes on telling the placed happening nearest it, before or after, of whatever type, when
    its date and country agree: in a report about a place, a sentence that names no place of
    its own ("the gunmen also abducted...", "the militants then stormed...") is about what was
    told around it, and ACLED codes it there. Not one of its own sentence: a clause beside a
    placed one ("... recaptured Palmyra, but IS shelled the city again") is a happening of its
    own. None within reach: it stays a draft of its own. The placed drafts are looked up by
    sentence, so a long report costs its drafts times the reach, not its drafts squared."""
    placed_at: dict[int, list[EventDraft]] = defaultdict(list)
    for d in drafts:
        if d.place is not None:
            placed_at[d.primary.sentence.index].append(d)
    absorbed: set[int] = set()
    placed_crowds: dict[int, EventDraft] = {}
    for i, draft in enumerate(drafts):
        # Strategic developments are their own, but for what an attack looted or burned ("The
        # attackers set fire to the barracks"): part of the attack told around it.
        looting = draft.sub_event_type == LOOTING
        if draft.place is not None or (draft.event_type == STRATEGIC and not looting):
            continue
        at = draft.primary.sentence.index
        # Nearest first; of two as near, the one before (the report has just told it).
        nearest = [
            d
            for k in range(1, PLACELESS_REACH + 1)
            for sentence in (at - k, at + k)
            for d in placed_at.get(sentence, ())
            if _agrees(draft, d)
        ]
        crowd = draft.event_type in CROWDS
        if crowd:
            # A crowd's demonstration is its own event, not the fight that sparked it: it
            # joins a demonstration told nearby, else it happened where that fight did.
            target = next((d for d in nearest if d.event_type in CROWDS), None)
            before = [d for d in nearest if d.primary.sentence.index < at]
            if target is None and before:
                placed_crowds[i] = _placed_at(draft, before[0])
                continue
        else:
            target = nearest[0] if nearest else None
        if target is None:
            continue
        for m in draft.mentions:
            target.add(m)
        absorbed.add(id(draft))
    return [placed_crowds.get(i, d) for i, d in enumerate(drafts) if id(d) not in absorbed]


def _placed_at(draft: EventDraft, where: EventDraft) -> EventDraft:
    """`draft` placed where `where` happened: its mentions given that place."""
    return EventDraft(
        [replace(m, place=where.place, country=where.country) for m in draft.mentions]
    )


def _agrees(draft: EventDraft, target: EventDraft) -> bool:
    """Do `draft`'s country and own dates allow it to tell `target`? A date of its own must be
    the target's: one that merely fits (a day within its month) would move the target's date."""
    own = {date for date, _ in _own_dates(draft)}
    return _countries_agree(draft, target) and (not own or own == {target.date})


# A lead paragraph: the report's first sentences (a headline is sentence 0).
LEAD_SENTENCES = 3
# How far from a city's point a place it names in passing may lie ("Petionville" of
# Port-au-Prince, a suburb of Tripoli): a metropolitan area.
SUBURB_KM = 30.0


def _city_lead(draft: EventDraft) -> bool:
    """A lead placed at a city (" ... clashes in the Libyan capital Tripoli"): the body may
    name the quarter or suburb it happened in."""
    place = draft.place
    return (
        place is not None
        and place.entry is not None
        and place.entry.kind != "admin1"
        and _first_told(draft) < LEAD_SENTENCES
    )


def _within_city_lead(town: EventDraft, lead: EventDraft) -> bool:
    """Is `town` the city lead's happening told again at the smaller place it was in: in the
    city's province or area, on the lead's own days, and told as that happening ("the
    fighting", "the attack") unless the lead only said "attack" and the body names it?"""
    place, city = town.place, lead.place
    if place is None or city is None or city.entry is None:
        return False
    entry = place.entry  # None: a village the gazetteer lacks, in the lead's country
    if entry is not None and (
        entry.geonames_id == city.entry.geonames_id
        or entry.kind == "admin1"
        or entry.population >= city.entry.population
    ):
        return False
    bare = all(m.trigger.weak for m in lead.mentions)
    if not bare and not all(m.definite for m in town.mentions if m.place is not None):
        return False
    happened = {d for d, said in _own_dates(lead) if not said}
    own = [d for d, said in _own_dates(town) if not said]
    if happened and any(not any(d.overlaps(h) for h in happened) for d in own):
        return False
    return _finer_within(town, lead) or (entry is not None and _suburb_of(entry, city.entry))


def _suburb_of(place: GazetteerEntry, city: GazetteerEntry) -> bool:
    a, b = (place.latitude, place.longitude), (city.latitude, city.longitude)
    return geodesic(a, b).km <= SUBURB_KM


def _placed_like(m: Mention, where: EventDraft) -> Mention:
    """A lead's mention of the city placed where the body says it happened."""
    return replace(m, place=where.place, country=where.country) if m.place is not None else m


def _province_only(draft: EventDraft) -> bool:
    place = draft.place
    return place is not None and place.entry is not None and place.entry.kind == "admin1"


def _finer_within(town: EventDraft, lead: EventDraft) -> bool:
    """ "... killed 26 soldiers in the southern province of Kandahar" and then "The overnight
    assault in the Khakrez district": is the later draft a finer place of the lead's province
    (a town of it, or a place the gazetteer lacks in its country), the sides they name the
    same?"""
    place, province = town.place, lead.place
    if place is None or province is None or province.entry is None:
        return False
    if place.entry is None:
        inside = not town.country or town.country == province.entry.country_code
    else:
        inside = place.entry.kind != "admin1" and (
            place.entry.country_code,
            place.entry.admin1,
        ) == (province.entry.country_code, province.entry.admin1)
    shared = not town.actor_keys or not lead.actor_keys or bool(town.actor_keys & lead.actor_keys)
    return inside and (shared or _sides_complement(lead, town))


def _sides_complement(lead: EventDraft, town: EventDraft) -> bool:
    """Does the lead name only whom it hit and the later draft only who did it ("12 people
    have been killed in an attack in Mandera county" ... "al-Shabab were suspected of carrying
    out the attack on the guest house")?"""
    lead_roles = {role for _, role in lead.roles()}
    town_roles = {role for _, role in town.roles()}
    return "actor1" not in lead_roles and "actor2" not in town_roles


def _consequence_of(draft: EventDraft, placed: list[EventDraft]) -> EventDraft | None:
    """The placed draft just before a placeless one that is only a bare killing or attack
    ("killed", "attacked") told in the same sentence as this draft's explicit happening (a
    strike, a bombing, a shelling): what that happening did, so one event with it."""
    if draft.place is not None or not placed or all(m.trigger.weak for m in draft.mentions):
        return None
    previous = placed[-1]
    if not all(m.trigger.weak for m in previous.mentions):
        return None
    sentences = {m.sentence.index for m in draft.mentions}
    if not any(m.sentence.index in sentences for m in previous.mentions):
        return None
    return previous if _may_continue(draft, previous) else None


def _in_its_province(draft: EventDraft, previous: EventDraft) -> bool:
    """Is the draft's place a town in the province the previous draft is placed at?"""
    town, province = draft.place, previous.place
    if town is None or province is None or town.entry is None or province.entry is None:
        return False
    return (
        province.entry.kind == "admin1"
        and town.entry.kind != "admin1"
        and (town.entry.country_code, town.entry.admin1)
        == (province.entry.country_code, province.entry.admin1)
    )


def _countries_agree(draft: EventDraft, target: EventDraft) -> bool:
    return not (draft.country and target.country and draft.country != target.country)


def _own_dates(draft: EventDraft) -> list[tuple[DateSpan, bool]]:
    """The dates `draft`'s own sentences give (none inherited), each with whether it is only
    the day someone said so."""
    return [
        (m.date, m.date_reported)
        for m in draft.mentions
        if m.date is not None and not m.date_inherited
    ]


def _may_continue(draft: EventDraft, target: EventDraft) -> bool:
    if not _countries_agree(draft, target):
        return False
    own = _own_dates(draft)
    if own and target.dates and not any(target.date_fits(d, said) for d, said in own):
        return False
    if not _inherited_fits(own, target):
        return False
    near = draft.primary.sentence.index - target.primary.sentence.index
    return 0 <= near <= PLACELESS_REACH


def _inherited_fits(own: list[tuple[DateSpan, bool]], target: EventDraft) -> bool:
    """With no date of its own, `target` is dated by the day its first sentence inherits ("early
    Tuesday" before "The attack on X began"): a follow-up's own day of the happening ("On
    November 11, gunmen opened fire") far from it is another happening."""
    if target.dates or target.inherited is None:
        return True
    days = [d for d, said in own if not said]
    return not days or any(d.overlaps(target.inherited) for d in days)

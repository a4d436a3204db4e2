"""Our Gleditsch-Ward codes (events/domain/countries.py) against the published GW state list.

tests/data/gw_states_excerpt.tsv is real published data, used as evidence, not a self-written
fixture: the rows of Gleditsch & Ward's list of independent states (v7, ksgmdw.txt) for the states
still current (end 2020-12-31), copied unchanged from a public copy of the list (its header says
which repository, path and commit). It has no ISO codes, only GW's own abbreviations (UKG, GFR,
DRV...), so the table below, ours, files each abbreviation under its ISO alpha-2 code; the test
checks that this mapping covers the excerpt and names no ISO code twice.

GW differs from Correlates of War for some current states: Germany 260 (COW 255), Serbia 340
(COW 345), Yemen 678 (COW 679). Palestine is not in the list; UCDP files its events under Israel
(666), so PS is the one code of ours the excerpt cannot confirm. GW's microstates (a separate
list) are not in the excerpt. Pure Python: no database.
"""

from __future__ import annotations

import csv
from pathlib import Path

from events.domain.countries import GW_CODES, codes_for_gw, gw_code, known_codes

EXCERPT = Path(__file__).parent / "data" / "gw_states_excerpt.tsv"

# GW abbreviation -> ISO 3166-1 alpha-2 (ours, by the excerpt's country names).
GW_ABBREV_TO_ISO = dict(
    pair.split(":")
    for pair in (
        "USA:US CAN:CA BHM:BS CUB:CU HAI:HT DOM:DO JAM:JM TRI:TT BAR:BB MEX:MX BLZ:BZ GUA:GT "
        "HON:HN SAL:SV NIC:NI COS:CR PAN:PA COL:CO VEN:VE GUY:GY SUR:SR ECU:EC PER:PE BRA:BR "
        "BOL:BO PAR:PY CHL:CL ARG:AR URU:UY UKG:GB IRE:IE NTH:NL BEL:BE LUX:LU FRN:FR SWZ:CH "
        "SPN:ES POR:PT GFR:DE POL:PL AUS:AT HUN:HU CZR:CZ SLO:SK ITA:IT MLT:MT ALB:AL MNG:ME "
        "MAC:MK CRO:HR SER:RS BOS:BA KOS:XK SLV:SI GRC:GR CYP:CY BUL:BG MLD:MD RUM:RO RUS:RU "
        "EST:EE LAT:LV LIT:LT UKR:UA BLR:BY ARM:AM GRG:GE AZE:AZ FIN:FI SWD:SE NOR:NO DEN:DK "
        "ICE:IS CAP:CV GNB:GW EQG:GQ GAM:GM MLI:ML SEN:SN BEN:BJ MAA:MR NIR:NE CDI:CI GUI:GN "
        "BFO:BF LBR:LR SIE:SL GHA:GH TOG:TG CAO:CM NIG:NG GAB:GA CEN:CF CHA:TD CON:CG DRC:CD "
        "UGA:UG KEN:KE TAZ:TZ BUI:BI RWA:RW SOM:SO DJI:DJ ETH:ET ERI:ER ANG:AO MZM:MZ ZAM:ZM "
        "ZIM:ZW MAW:MW SAF:ZA NAM:NA LES:LS BOT:BW SWA:SZ MAG:MG COM:KM MAS:MU MOR:MA ALG:DZ "
        "TUN:TN LIB:LY SUD:SD SSD:SS IRN:IR TUR:TR IRQ:IQ EGY:EG SYR:SY LEB:LB JOR:JO ISR:IL "
        "SAU:SA YEM:YE KUW:KW BAH:BH QAT:QA UAE:AE OMA:OM AFG:AF TKM:TM TAJ:TJ KYR:KG UZB:UZ "
        "KZK:KZ CHN:CN MON:MN TAW:TW PRK:KP ROK:KR JPN:JP IND:IN BHU:BT PAK:PK BNG:BD MYA:MM "
        "SRI:LK MAD:MV NEP:NP THI:TH CAM:KH LAO:LA DRV:VN MAL:MY SIN:SG BRU:BN PHI:PH INS:ID "
        "ETM:TL AUL:AU PNG:PG NEW:NZ SOL:SB FJI:FJ"
    ).split()
)


def excerpt_rows() -> list[dict[str, str]]:
    with EXCERPT.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def excerpt_codes() -> dict[str, int]:
    """ISO alpha-2 -> the excerpt's GW code."""
    return {GW_ABBREV_TO_ISO[row["stateid"]]: int(row["statenumber"]) for row in excerpt_rows()}


def test_excerpt_is_the_current_states_and_the_mapping_covers_it():
    rows = excerpt_rows()
    assert len(rows) == 174
    assert {row["end"] for row in rows} == {"2020-12-31"}
    assert {row["stateid"] for row in rows} == set(GW_ABBREV_TO_ISO)
    assert len(set(GW_ABBREV_TO_ISO.values())) == len(GW_ABBREV_TO_ISO)
    assert set(GW_ABBREV_TO_ISO.values()) <= known_codes()


def test_our_codes_match_the_published_list():
    wrong = {
        iso: (GW_CODES[iso], code)
        for iso, code in excerpt_codes().items()
        if iso in GW_CODES and GW_CODES[iso] != code
    }
    assert wrong == {}, f"ours vs GW's list: {wrong}"


def test_every_state_of_the_list_has_a_code():
    missing = {iso: code for iso, code in excerpt_codes().items() if gw_code(iso) is None}
    assert missing == {}, f"states of GW's list our table has no code for: {missing}"


def test_only_palestine_is_beyond_the_list():
    assert set(GW_CODES) - set(excerpt_codes()) == {"PS"}
    assert codes_for_gw(666) == ["IL", "PS"]


def test_gw_codes_that_differ_from_cow():
    codes = excerpt_codes()
    assert (codes["DE"], codes["RS"], codes["YE"], codes["SY"]) == (260, 340, 678, 652)

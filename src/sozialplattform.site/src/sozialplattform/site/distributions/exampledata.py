"""The tables the example centres are drawn from, read from ``examplecentres.json``.

The file lies in the distribution's folder (``sozialplattform/``); ``load`` reads it once
into frozen dataclasses and refuses unknown or missing keys, unknown states and centre
types, so that a typo fails at the first test instead of drawing other centres.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from sozialplattform.site.geo import STATE_IDS
import json


DATA_FILE = Path(__file__).parent / "sozialplattform" / "examplecentres.json"

Span = tuple[str, str, str]  # (day, start, end)


@dataclass(frozen=True)
class OfferTemplate:
    """An offer a centre of some type may have."""

    title: str
    description: str
    topics: tuple[str, ...]
    target_groups: tuple[str, ...]
    channels: tuple[str, ...]
    costs: str


@dataclass(frozen=True)
class CentreType:
    """A kind of centre with consistent topics, target groups, channels and flags.

    ``description`` and ``paragraphs`` may use ``{city}``; ``id_name`` starts the ids.
    """

    key: str
    name: str
    id_name: str
    weight: int
    description: str
    paragraphs: tuple[str, ...]
    topics: tuple[str, ...]
    target_groups: tuple[str, ...]
    channels: tuple[str, ...]
    offers: tuple[OfferTemplate, ...]
    languages: tuple[str, ...]
    extra_languages: tuple[str, ...]
    max_extra_languages: int
    anonymous: bool
    free_of_charge: bool
    always_accessible: bool
    carriers: tuple[str, ...]


@dataclass(frozen=True)
class StateData:
    """How many centres a State gets, its onboarding contact and participation."""

    centres: int
    contact_name: str
    contact_phone: str
    booking_participation: bool
    counselling_participation: bool


@dataclass(frozen=True)
class PhoneBlock:
    """A block of numbers reserved for fiction, and where it lies."""

    prefix: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class FixedCentre:
    """A centre at a fixed postcode; with ``title`` a nationwide online centre."""

    state: str
    postcode: str
    type: str
    title: str | None = None


@dataclass(frozen=True)
class Shares:
    """Probabilities of the draws."""

    published: float
    offer_published: float
    accessible: float
    reviewed: float
    external: float
    channel_kept: float
    booking: float
    counselling: float


@dataclass(frozen=True)
class Online:
    """Hours, channels and area of the nationwide online centres."""

    opening_hours: tuple[Span, ...]
    opening_hours_note: str
    area: str
    channels: tuple[str, ...]


@dataclass(frozen=True)
class ExampleData:
    seed: int
    shares: Shares
    states: dict[str, StateData]
    phone_blocks: tuple[PhoneBlock, ...]
    email_domain: str
    state_email_domain: str
    carriers: tuple[str, ...]
    legal_forms: tuple[str, ...]
    streets: tuple[str, ...]
    opening_hours: tuple[tuple[Span, ...], ...]
    opening_hours_notes: tuple[str, ...]
    online: Online
    offer_note: str
    closing_note: str
    centre_types: tuple[CentreType, ...]
    anchors: tuple[FixedCentre, ...]
    nationwide: tuple[FixedCentre, ...]

    def centre_type(self, key: str) -> CentreType:
        return next(t for t in self.centre_types if t.key == key)


def _frozen(value):
    """Lists become tuples, all the way down."""
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


def _centre_type(
    raw: dict, defaults: dict, offer_defaults: dict, carriers
) -> CentreType:
    values = {**defaults, "carriers": carriers, **raw}
    values["offers"] = tuple(
        OfferTemplate(**{**offer_defaults, **offer}) for offer in raw["offers"]
    )
    return CentreType(**values)


def parse(raw: dict) -> ExampleData:
    """``ExampleData`` from the file's JSON; ValueError or TypeError when it is wrong."""
    raw = _frozen({key: value for key, value in raw.items() if key != "_comment"})
    defaults = raw.pop("defaults")
    data = ExampleData(
        **{
            **raw,
            "shares": Shares(**raw["shares"]),
            "states": {key: StateData(**value) for key, value in raw["states"].items()},
            "phone_blocks": tuple(PhoneBlock(**item) for item in raw["phone_blocks"]),
            "online": Online(**raw["online"]),
            "centre_types": tuple(
                _centre_type(
                    item, defaults["centre_type"], defaults["offer"], raw["carriers"]
                )
                for item in raw["centre_types"]
            ),
            "anchors": tuple(FixedCentre(**item) for item in raw["anchors"]),
            "nationwide": tuple(FixedCentre(**item) for item in raw["nationwide"]),
        }
    )
    if tuple(data.states) != STATE_IDS:
        raise ValueError(f"states must be {STATE_IDS}, in this order")
    keys = {centre_type.key for centre_type in data.centre_types}
    for fixed in data.anchors + data.nationwide:
        if fixed.state not in data.states or fixed.type not in keys:
            raise ValueError(f"unknown state or centre type in {fixed}")
    return data


@cache
def load() -> ExampleData:
    """The distribution's example tables, read once per process."""
    return parse(json.loads(DATA_FILE.read_text(encoding="utf-8")))

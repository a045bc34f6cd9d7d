"""Example centres of the distribution: about 200 fictional counselling centres.

The tables they are drawn from (centre types, carriers, streets, fixed postcodes, the
States' contacts ...) are data: ``sozialplattform/examplecentres.json``, read by
``exampledata``; the geography comes from ``geo``. ``centre_data`` draws the centres from
one seeded random stream, a pure function: the same list on every run for the same
``today``. ``create_centres`` stores that list and the States' onboarding settings.
"""

from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from plone import api
from sozialplattform.site import logger
from sozialplattform.site.content.structure import create_structure
from sozialplattform.site.distributions.exampledata import CentreType
from sozialplattform.site.distributions.exampledata import ExampleData
from sozialplattform.site.distributions.exampledata import load
from sozialplattform.site.geo import city_and_district
from sozialplattform.site.geo import haversine_km
from sozialplattform.site.geo import lookup
from sozialplattform.site.geo import normalise_name
from sozialplattform.site.geo import STATES
from sozialplattform.site.geo import towns_by_state
from sozialplattform.site.sitecontent import html
import random


ID_MAX_LENGTH = 60
TRANSITIONS = {"published": "publish", "pending": "submit", "draft": None}


@dataclass(frozen=True)
class Site:
    """Where a centre lies."""

    state: str
    postcode: str
    city: str
    district: str
    latitude: float
    longitude: float


def site_of(postcode: str, state_id: str) -> Site:
    info = lookup(postcode)
    if info is None or info.state_ids != (state_id,):
        raise ValueError(f"{postcode} does not lie (only) in {state_id}")
    city, district = city_and_district(postcode, state_id)
    return Site(state_id, postcode, city, district, info.latitude, info.longitude)


def slug(text: str, max_length: int = ID_MAX_LENGTH) -> str:
    """An id from ``text``: "Köln – Am Anger" -> "koeln-am-anger", cut at a word."""
    result = ""
    for word in normalise_name(text).split():
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > max_length:
            break
        result = candidate
    return result


def _hours(spans) -> list[dict]:
    return [{"day": day, "start": start, "end": end} for day, start, end in spans]


class _Generator:
    """Draws the centres from one seeded random stream.

    The order of the draws is part of the result: reordering them gives other centres.
    """

    def __init__(self, data: ExampleData, today: date):
        self.data = data
        self.shares = data.shares
        self.today = today
        self.rng = random.Random(data.seed)
        self.titles: set[str] = set()
        self.ids: set[str] = set()
        self.phones: dict[str, list[int]] = {}
        for block in data.phone_blocks:
            extensions = list(range(100, 900))
            self.rng.shuffle(extensions)
            self.phones[block.prefix] = extensions

    def phone(self, site: Site) -> str:
        """A free number of the reserved block nearest to the centre."""
        block = min(
            self.data.phone_blocks,
            key=lambda b: haversine_km(
                site.latitude, site.longitude, b.latitude, b.longitude
            ),
        )
        return f"{block.prefix} {self.phones[block.prefix].pop():03d}"

    def short_carrier(self, carrier: str) -> str:
        for suffix in self.data.legal_forms:
            carrier = carrier.removesuffix(suffix)
        return carrier

    def title(self, centre_type: CentreType, site: Site, carrier: str) -> str:
        candidates = [f"{centre_type.name} {site.city}"]
        if site.district:
            candidates.append(f"{centre_type.name} {site.city}-{site.district}")
        candidates.append(
            f"{centre_type.name} {site.city} – {self.short_carrier(carrier)}"
        )
        for candidate in candidates:
            if candidate not in self.titles:
                return candidate
        number = 2
        while f"{candidates[-1]} {number}" in self.titles:
            number += 1
        return f"{candidates[-1]} {number}"

    def unique_id(self, text: str) -> str:
        result, number = slug(text), 2
        while result in self.ids:
            result = f"{slug(text, ID_MAX_LENGTH - 3)}-{number}"
            number += 1
        self.ids.add(result)
        return result

    def languages(self, centre_type: CentreType) -> list[str]:
        count = self.rng.randint(0, centre_type.max_extra_languages)
        extra = self.rng.sample(centre_type.extra_languages, count) if count else []
        return list(centre_type.languages) + sorted(extra)

    def review_state(self) -> str:
        draw, published = self.rng.random(), self.shares.published
        if draw < published:
            return "published"
        return "pending" if draw < (1 + published) / 2 else "draft"

    def offers(self, centre_type: CentreType, centre: dict) -> list[dict]:
        rng, values = self.rng, centre["values"]
        count = rng.randint(1, min(3, len(centre_type.offers)))
        result = []
        for template in rng.sample(centre_type.offers, count):
            channels = [c for c in template.channels if c in values["channels"]]
            languages = values["languages"][
                : max(len(centre_type.languages), rng.randint(1, 3))
            ]
            review_state = centre["review_state"]
            if (
                review_state == "published"
                and rng.random() > self.shares.offer_published
            ):
                review_state = "draft"
            result.append(
                {
                    "id": slug(template.title, 50),
                    "review_state": review_state,
                    "values": {
                        "title": template.title,
                        "description": template.description,
                        "topics": list(template.topics),
                        "target_groups": list(template.target_groups),
                        "languages": list(languages),
                        "channels": channels or list(values["channels"]),
                        "costs": template.costs,
                    },
                    "text": f"<p>{template.description}</p>"
                    f"<p>{self.data.offer_note}</p>",
                }
            )
        return result

    def placed(self, centre_type: CentreType, site: Site, carrier: str, title):
        """Title, id, channels, hours, hours note and description of a centre."""
        online = self.data.online
        if title is not None:  # nationwide
            channels = [
                c for c in online.channels if c != "phone" or c in centre_type.channels
            ]
            description = centre_type.description.format(city=online.area)
            return (
                title,
                self.unique_id(title),
                channels,
                _hours(online.opening_hours),
                online.opening_hours_note,
                f"Online: {description}",
            )
        title = self.title(centre_type, site, carrier)
        centre_id = self.unique_id(
            f"{centre_type.id_name} {title.removeprefix(centre_type.name)}"
        )
        kept = self.shares.channel_kept
        channels = [
            c
            for c in centre_type.channels
            if c == "on_site" or self.rng.random() < kept
        ]
        hours = _hours(self.rng.choice(self.data.opening_hours))
        note = self.rng.choice(self.data.opening_hours_notes)
        description = centre_type.description.format(city=site.city)
        return title, centre_id, channels, hours, note, description

    def centre(
        self, centre_type: CentreType, site: Site, nationwide_title: str | None = None
    ) -> dict:
        rng, shares, state = self.rng, self.shares, self.data.states[site.state]
        carrier = rng.choice(centre_type.carriers)
        nationwide = nationwide_title is not None
        title, centre_id, channels, hours, note, description = self.placed(
            centre_type, site, carrier, nationwide_title
        )
        self.titles.add(title)
        accessible = centre_type.always_accessible or rng.random() < shares.accessible
        booking = state.booking_participation and rng.random() < shares.booking
        counselling = state.counselling_participation and (
            nationwide or rng.random() < shares.counselling
        )
        external = rng.random()
        reviewed = rng.random() < shares.reviewed
        days_ago = rng.randint(3, 360)
        values = {
            "title": title,
            "description": description,
            "carrier": carrier,
            "street": f"{rng.choice(self.data.streets)} {rng.randint(1, 120)}",
            "postcode": site.postcode,
            "city": site.city,
            "phone": self.phone(site),
            "email": f"{centre_id}@{self.data.email_domain}",
            "website": f"https://{centre_id}.example",
            "opening_hours": hours,
            "opening_hours_note": note,
            "topics": list(centre_type.topics),
            "target_groups": list(centre_type.target_groups),
            "languages": self.languages(centre_type),
            "channels": channels,
            "accessible": accessible,
            "free_of_charge": centre_type.free_of_charge,
            "anonymous": centre_type.anonymous,
            "nationwide": nationwide,
            "booking_enabled": booking,
            "online_counselling_enabled": counselling,
            "external_booking_url": (
                f"https://termine.{centre_id}.example"
                if not booking and external < shares.external
                else None
            ),
            "external_counselling_url": (
                f"https://chat.{centre_id}.example"
                if not counselling and external > 1 - shares.external
                else None
            ),
            "last_reviewed": self.today - timedelta(days=days_ago)
            if reviewed
            else None,
        }
        paragraphs = [p.format(city=site.city) for p in centre_type.paragraphs]
        centre = {
            "state": site.state,
            "id": centre_id,
            "type": centre_type.key,
            "review_state": self.review_state(),
            "values": values,
            "text": "".join(f"<p>{p}</p>" for p in paragraphs) + self.data.closing_note,
        }
        centre["offers"] = self.offers(centre_type, centre)
        return centre

    def random_type(self) -> CentreType:
        types = self.data.centre_types
        return self.rng.choices(types, weights=[t.weight for t in types])[0]

    def random_postcode(self, towns, used: set[str]) -> str:
        for _attempt in range(1000):
            postcode = self.rng.choice(self.rng.choice(towns))
            if postcode not in used:
                return postcode
        raise RuntimeError("no free postcode left")


def centre_data(today: date | None = None) -> list[dict]:
    """The example centres as plain data: the same list for the same ``today``.

    Each item: ``state`` (id), ``id``, ``type``, ``review_state``, ``values`` (schema
    fields; None = not set), ``text`` (HTML) and ``offers`` (each with ``id``,
    ``review_state``, ``values`` and ``text``). Ordered by state.
    """
    data = load()
    generator = _Generator(data, today or date.today())
    by_state: dict[str, list[dict]] = {state.id: [] for state in STATES}
    used: set[str] = set()
    for fixed in data.anchors + data.nationwide:
        site = site_of(fixed.postcode, fixed.state)
        centre_type = data.centre_type(fixed.type)
        by_state[fixed.state].append(generator.centre(centre_type, site, fixed.title))
        used.add(fixed.postcode)
    towns = towns_by_state()
    for state in STATES:
        while len(by_state[state.id]) < data.states[state.id].centres:
            postcode = generator.random_postcode(towns[state.id], used)
            used.add(postcode)
            site = site_of(postcode, state.id)
            by_state[state.id].append(generator.centre(generator.random_type(), site))
    return [centre for state in STATES for centre in by_state[state.id]]


def state_settings() -> dict[str, dict]:
    """Onboarding contact and participation of each State, by state id."""
    data = load()
    result = {}
    for state_id, state in data.states.items():
        first, last = normalise_name(state.contact_name).split(" ", 1)
        result[state_id] = {
            "contact_name": state.contact_name,
            "contact_email": f"{first}.{last.replace(' ', '-')}"
            f"@{data.state_email_domain}",
            "contact_phone": state.contact_phone,
            "booking_participation": state.booking_participation,
            "counselling_participation": state.counselling_participation,
        }
    return result


def _transition(obj, review_state: str) -> None:
    transition = TRANSITIONS[review_state]
    if transition:
        api.content.transition(obj, transition=transition)


def configure_states(folder) -> None:
    for state_id, settings in state_settings().items():
        state = folder[state_id]
        for name, value in settings.items():
            setattr(state, name, value)


def _create(container, portal_type: str, item: dict):
    """Create one object from ``centre_data`` values.

    Without the initial version plone.versioning would store on creation: that would
    double the time; editors' later changes are versioned as usual.
    """
    values = {k: v for k, v in item["values"].items() if v is not None}
    obj = api.content.create(
        container=container,
        type=portal_type,
        id=item["id"],
        text=html(item["text"]),
        versioning_enabled=False,
        **values,
    )
    del obj.versioning_enabled  # back to the behaviour's default (True)
    return obj


def create_centres(site, today: date | None = None) -> list:
    """Set the States' onboarding settings and create the example centres with offers.

    Centres whose id already exists in their State are left alone.
    """
    folder = create_structure(site)
    configure_states(folder)
    centres = []
    for item in centre_data(today):
        state = folder[item["state"]]
        if item["id"] in state:
            continue
        centre = _create(state, "CounsellingCentre", item)
        for offer_item in item["offers"]:
            offer = _create(centre, "CounsellingOffer", offer_item)
            _transition(offer, offer_item["review_state"])
        _transition(centre, item["review_state"])
        centres.append(centre)
    logger.info("%d example centres created", len(centres))
    return centres

"""Centres for the finder tests, created through plone.api in a committed transaction."""

from plone import api


#: Addiction counselling within 10 km of Dresden, local centres only: no centre matches.
NOTHING_NEARBY = {
    "postcode": "01067",
    "radius": "10",
    "topic": "sucht",
    "only_local": "1",
}


def create_centre(state, title, postcode, city, publish=True, **fields):
    values = {"title": title, "postcode": postcode, "city": city}
    values.update(fields)
    centre = api.content.create(container=state, type="CounsellingCentre", **values)
    if publish:
        api.content.transition(centre, to_state="published")
    return centre


def create_offer(centre, title, publish=True, **fields):
    offer = api.content.create(
        container=centre, type="CounsellingOffer", title=title, **fields
    )
    if publish:
        api.content.transition(offer, to_state="published")
    return offer

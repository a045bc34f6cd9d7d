"""Catalog indexers: a centre is found by its own tags and by those of its published offers."""

from plone.indexer import indexer
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.interfaces import ICounsellingOffer
from sozialplattform.site.content.types import containing_state
from sozialplattform.site.content.workflow import is_published


TAG_FIELDS = ("topics", "target_groups", "languages", "channels")


def published_offers(centre):
    return [
        offer
        for offer in centre.objectValues()
        if ICounsellingOffer.providedBy(offer) and is_published(offer)
    ]


def centre_tags(centre, field: str) -> list[str]:
    """Union of the centre's own values and those of its published offers, sorted."""
    values = set(getattr(centre, field, None) or ())
    for offer in published_offers(centre):
        values.update(getattr(offer, field, None) or ())
    return sorted(values)


def _tag_indexer(field):
    @indexer(ICounsellingCentre)
    def index(centre):
        return centre_tags(centre, field)

    return index


topics = _tag_indexer("topics")
target_groups = _tag_indexer("target_groups")
languages = _tag_indexer("languages")
channels = _tag_indexer("channels")


@indexer(ICounsellingCentre)
def centre_state(centre):
    state = containing_state(centre)
    return state.code if state is not None else None


@indexer(ICounsellingOffer)
def offer_state(offer):
    state = containing_state(offer)
    return state.code if state is not None else None


@indexer(ICounsellingCentre)
def finder_words(centre):
    """Folded words of title, summary, carrier, city and published offers (@finder q)."""
    from sozialplattform.site.finder.text import words

    texts = [centre.title, centre.description, centre.carrier, centre.city]
    for offer in published_offers(centre):
        texts.extend([offer.title, offer.description])
    return words(*(text for text in texts if text))


@indexer(ICounsellingCentre)
def searchable_text(centre):
    """Title, summary, carrier, address, text and the published offers."""
    parts = [
        centre.title,
        centre.description,
        centre.carrier,
        centre.street,
        centre.postcode,
        centre.city,
    ]
    if centre.text is not None:
        parts.append(centre.text.output_relative_to(centre) or "")
    for offer in published_offers(centre):
        parts.extend([offer.title, offer.description, offer.costs])
    return " ".join(part for part in parts if part)

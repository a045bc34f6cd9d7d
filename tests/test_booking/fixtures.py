"""The booking centre of the browser tests: a published Berlin centre (Berlin takes
part) with an all-day appointment type, on the distribution's site, as the site owner."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.booking import TYPE_TYPE
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from test_booking.test_book import ALL_DAY
from zope.component.hooks import setSite


def booking_centre(layer, centre_id: str, email: str | None = None, **type_values):
    """The site and a new centre ``centre_id`` with the type ``erstgespraech`` (50
    minutes every hour, no notice, open every day; ``type_values`` change it). The
    rate limits start afresh; the caller commits."""
    app = layer["app"]
    site = app[DISTRIBUTION_SITE_ID]
    setSite(site)
    login(app.acl_users, SITE_OWNER_NAME)
    throttle.reset()
    berlin = site["beratungsstellen"]["berlin"]
    berlin.booking_participation = True
    centre = api.content.create(
        container=berlin,
        type="CounsellingCentre",
        id=centre_id,
        title="Beratung Lindenhof",
        postcode="10115",
        city="Berlin",
        street="Invalidenstraße 1",
        booking_enabled=True,
        **({"email": email} if email else {}),
    )
    api.content.transition(centre, transition="publish")
    api.content.create(
        container=centre,
        type=TYPE_TYPE,
        id="erstgespraech",
        title="Erstgespräch",
        **{
            "duration": 50,
            "slot_interval": 60,
            "min_notice_hours": 0,
            "availability": ALL_DAY,
            "closed_on_holidays": False,
            **type_values,
        },
    )
    return site, centre

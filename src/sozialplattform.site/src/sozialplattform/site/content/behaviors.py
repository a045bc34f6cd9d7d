"""Schema-only behaviours: fields several types share, stored on the object itself.

Listed in the types' FTI XML (``behaviors``); see docs/developers/schema.md.
"""

from plone.autoform import directives
from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from sozialplattform.site import _
from sozialplattform.site.content import fields
from sozialplattform.site.content.schemafields import text_line
from zope import schema
from zope.interface import provider


@provider(IFormFieldProvider)
class IPostalAddress(model.Schema):
    """Carrier, postal address and phone of a counselling centre (the centre itself, or
    its onboarding request)."""

    # The centre's layout: carrier in the default fieldset after the summary, the address
    # in "address" around the coordinates. Moves next to a field a type lacks are skipped
    # by plone.autoform, so an onboarding request keeps them together and places its own
    # fields around them (IOnboardingRequest).
    directives.order_after(carrier="description", phone="longitude")
    directives.order_before(street="latitude")
    carrier = text_line(
        _("label_carrier", default="Carrier"),
        _("help_carrier", default="The organisation running the centre (Träger)."),
    )
    directives.order_after(postcode="street", city="postcode")
    street = text_line(_("label_street", default="Street and number"))
    postcode = schema.TextLine(
        title=_("label_postcode", default="Postcode"),
        required=True,
        max_length=5,
        constraint=fields.postcode,
    )
    city = text_line(_("label_city", default="City"), max_length=100, required=True)
    phone = text_line(
        _("label_phone", default="Phone"), max_length=40, constraint=fields.phone
    )


#: Behaviours whose fields keep their plain names in the Classic UI forms
#: (``form.widgets.postcode``), as they had before they moved out of the type schemas.
UNPREFIXED = (IPostalAddress,)

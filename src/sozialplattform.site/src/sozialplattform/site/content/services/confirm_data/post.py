"""POST /<centre>/@confirm-data."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from sozialplattform.site.content.views import confirm_data
from zope.interface import alsoProvides


class ConfirmDataPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        confirmed = confirm_data(self.context)
        return {
            "@id": f"{self.context.absolute_url()}/@confirm-data",
            "last_reviewed": confirmed.isoformat(),
        }

"""Roles offered on the sharing page."""

from plone.app.workflow.interfaces import ISharingPageRole
from sozialplattform.site import _
from sozialplattform.site.permissions import ADD_CENTRE
from sozialplattform.site.permissions import ADD_STATE
from sozialplattform.site.permissions import MANAGE_BOOKINGS
from zope.interface import implementer


@implementer(ISharingPageRole)
class CentreEditorRole:
    title = _("title_centre_editor", default="Centre editor")
    required_permission = ADD_CENTRE
    required_interface = None


@implementer(ISharingPageRole)
class StateEditorRole:
    title = _("title_state_editor", default="State editor")
    required_permission = ADD_STATE
    required_interface = None


@implementer(ISharingPageRole)
class CentreCounsellorRole:
    """Staff who handle a centre's bookings (and conversations), not its data."""

    title = _("title_centre_counsellor", default="Counsellor (bookings)")
    required_permission = MANAGE_BOOKINGS
    required_interface = None

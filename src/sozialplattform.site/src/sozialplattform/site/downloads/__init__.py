"""Download area (Downloadbereich): the handbooks as PDF files, filterable by function and role.

Tagging: every handbook is a ``File`` in ``<site>/downloads`` whose Subject keywords
(Plone's "Schlagwörter", catalog KeywordIndex ``Subject``) hold its functions and roles as
``funktion:<token>`` and ``rolle:<token>``. The view ``@@downloads`` filters with the same
keywords, and so can any client: ``@search?portal_type=File&Subject=funktion:finder``.
"""

from sozialplattform.site import _
from sozialplattform.site.functions import all_functions
from zope.interface import Interface


FOLDER_ID = "downloads"
VIEW_NAME = "downloads"
FUNCTION_PREFIX = "funktion:"
ROLE_PREFIX = "rolle:"
# Request parameters of @@downloads (the German words, like the keywords).
FUNCTION_PARAMETER = "funktion"
ROLE_PARAMETER = "rolle"

#: Function token -> title: each platform function's handbook token, and the onboarding.
FUNCTIONS = {
    **{function.handbook: function.title for function in all_functions()},
    "anbindung": _("downloads_function_onboarding", default="Onboarding"),
}
ROLES = {
    "beratungsstelle": _("downloads_role_centre", default="Counselling centre"),
    "landesredaktion": _("downloads_role_state_editor", default="State editors"),
    "ratsuchende": _("downloads_role_public", default="People seeking advice"),
}


class IDownloadArea(Interface):
    """Marker of the download area folder; ``@@downloads`` is its default view."""


def function_tag(token: str) -> str:
    return f"{FUNCTION_PREFIX}{token}"


def role_tag(token: str) -> str:
    return f"{ROLE_PREFIX}{token}"


def tokens(subjects, prefix: str) -> list[str]:
    """The tokens of the keywords in ``subjects`` that start with ``prefix``."""
    return [s[len(prefix) :] for s in subjects or () if s.startswith(prefix)]

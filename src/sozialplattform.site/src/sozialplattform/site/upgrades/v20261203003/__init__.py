"""20261203002 -> 20261203003: the platform's own face (issue 11 §1, §3)."""

from plone import api
from sozialplattform.site.content.structure import set_layouts


def platform_views(context) -> None:
    """The centre folder and the States show the platform's pages (after typeinfo)."""
    set_layouts(api.portal.get())

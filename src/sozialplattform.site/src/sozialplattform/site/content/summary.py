"""Summaries (``@search``, listings) with ``metadata_fields``: editors' settings for editors.

The catalog keeps the editors' switches and the centre's grants as metadata for the
finder; plone.restapi hands any metadata column to whoever asks for it
(``metadata_fields=booking_enabled`` or ``_all``). Like the centre GET
(the fields' ``read_permission``), a summary shows them only to users who may modify the
item.
"""

from plone import api
from plone.autoform.interfaces import READ_PERMISSIONS_KEY
from plone.restapi.interfaces import ISerializeToJsonSummary
from plone.restapi.serializer.summary import DefaultJSONSummarySerializer
from plone.supermodel.utils import mergedTaggedValueDict
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.functions.gating import GRANTS_COLUMN
from sozialplattform.site.interfaces import ISozialplattformLayer
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


EDITORS_ONLY = frozenset(
    (
        *(
            name
            for name, permission in mergedTaggedValueDict(
                ICounsellingCentre, READ_PERMISSIONS_KEY
            ).items()
            if permission == "cmf.ModifyPortalContent"
        ),
        GRANTS_COLUMN,
    )
)


def may_modify(item) -> bool:
    """``item`` is a catalog brain or a content object."""
    if api.user.is_anonymous():
        return False
    obj = item.getObject() if hasattr(item, "getRID") else item
    return bool(api.user.has_permission("Modify portal content", obj=obj))


@implementer(ISerializeToJsonSummary)
@adapter(Interface, ISozialplattformLayer)
class SummarySerializer(DefaultJSONSummarySerializer):
    def metadata_fields(self):
        fields = super().metadata_fields()
        if fields & EDITORS_ONLY and not may_modify(self.context):
            return fields - EDITORS_ONLY
        return fields

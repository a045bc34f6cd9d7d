"""``PATCH @controlpanels/<name>`` of the site's own panels: the panel's permission applies.

plone.restapi's ``@controlpanels`` service asks only for "Plone Site Setup: Overview" and
then lets the panel's deserializer write the registry records, whatever permission the
configlet in ``controlpanel.xml`` names (the read side of the same gap:
plone/plone.restapi#1949). A panel whose interface extends ``ISettingsControlpanel`` is
changed only with ``permissions.MANAGE_SETTINGS``, as its Classic UI form.
"""

from AccessControl import getSecurityManager
from AccessControl import Unauthorized
from plone.restapi.controlpanels import RegistryConfigletPanel
from plone.restapi.controlpanels.interfaces import IControlpanel
from plone.restapi.deserializer.controlpanels import ControlpanelDeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from sozialplattform.site.interfaces import ISozialplattformLayer
from sozialplattform.site.permissions import MANAGE_SETTINGS
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


class ISettingsControlpanel(IControlpanel):
    """A control panel of this site (``@controlpanels/sozialplattform-*``)."""


@adapter(Interface, ISozialplattformLayer)
class SettingsControlpanel(RegistryConfigletPanel):
    """Base of the site's panels: ``form`` (the Classic UI form) and ``configlet_id``.

    The schema, its record prefix and the title are the form's, stated once there.
    Subclasses also implement their ``ISettingsControlpanel`` interface.
    """

    configlet_category_id = "Products"
    group = ""
    form = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.form is not None:
            cls.schema = cls.form.schema
            cls.schema_prefix = cls.form.schema_prefix
            # Overwritten from the configlet when it is registered.
            cls.title = cls.form.label


@implementer(IDeserializeFromJson)
@adapter(ISettingsControlpanel)
class SettingsControlpanelDeserializer(ControlpanelDeserializeFromJson):
    """plone.restapi's deserializer, after a check of "Manage settings"."""

    def __call__(self, mask_validation_errors=True):
        if not getSecurityManager().checkPermission(MANAGE_SETTINGS, self.context):
            raise Unauthorized("You may not change these settings.")
        super().__call__(mask_validation_errors=mask_validation_errors)

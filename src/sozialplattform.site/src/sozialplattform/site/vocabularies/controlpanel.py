"""The control panel of the vocabularies: classic form and ``@controlpanels`` adapter.

Both edit the registry records of ``IVocabulariesSettings`` (prefix
``sozialplattform.vocabularies``) and validate through the fields' constraints, i.e. with
``registry.check_lines``: a form error next to the field, HTTP 400 through plone.restapi.
"""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.restapi.interfaces import IDeserializeFromJson
from plone.z3cform import layout
from sozialplattform.site import _
from sozialplattform.site.overrides.controlpanels import ISettingsControlpanel
from sozialplattform.site.overrides.controlpanels import SettingsControlpanel
from sozialplattform.site.overrides.controlpanels import (
    SettingsControlpanelDeserializer,
)
from sozialplattform.site.vocabularies.registry import default_lines
from sozialplattform.site.vocabularies.registry import field_constraint
from sozialplattform.site.vocabularies.registry import normalize_lines
from sozialplattform.site.vocabularies.registry import RECORD_PREFIX
from sozialplattform.site.vocabularies.registry import VOCABULARY_NAMES
from zope import schema
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


CONTROLPANEL_NAME = "sozialplattform-vocabularies"
CONFIGLET_ID = "sozialplattform-vocabularies"
TEXTAREA_ROWS = 20


def _lines_field(name, title, description):
    return schema.List(
        title=title,
        description=description,
        value_type=schema.TextLine(),
        default=default_lines(name),
        required=True,
        min_length=1,
        constraint=field_constraint(name, title),
    )


_TOPICS_TITLE = _("vocabularies_label_topics", default="Topics")
_TARGET_GROUPS_TITLE = _("vocabularies_label_target_groups", default="Target groups")
_LANGUAGES_TITLE = _("vocabularies_label_languages", default="Languages")
_CHANNELS_TITLE = _("vocabularies_label_channels", default="Counselling channels")


class IVocabulariesSettings(Interface):
    """The terms of the four vocabularies, one ``token|Label`` line each."""

    topics = _lines_field(
        "topics",
        _TOPICS_TITLE,
        _(
            "vocabularies_help_topics",
            default="Topics and life situations, one per line as token|Label, e.g. "
            "schulden|Schulden & Finanzen. The token is the stable id stored in content: "
            "lower-case letters, digits and underscores. Change labels freely; a token "
            "that content still uses cannot be removed.",
        ),
    )
    target_groups = _lines_field(
        "target_groups",
        _TARGET_GROUPS_TITLE,
        _(
            "vocabularies_help_target_groups",
            default="Target groups, one per line as token|Label, e.g. eltern|Eltern. "
            "Tokens: lower-case letters, digits and underscores; a token that content "
            "still uses cannot be removed.",
        ),
    )
    languages = _lines_field(
        "languages",
        _LANGUAGES_TITLE,
        _(
            "vocabularies_help_languages",
            default="Languages of counselling, one per line as tag|Label, e.g. "
            "tr|Türkisch. The tag is a BCP 47 language tag such as de, gsg (German Sign "
            "Language), zh-Hans or pt-BR; a tag that content still uses cannot be removed.",
        ),
    )
    channels = _lines_field(
        "channels",
        _CHANNELS_TITLE,
        _(
            "vocabularies_help_channels",
            default="Ways of counselling, one per line as token|Label, e.g. "
            "phone|Telefon; shown in this order. A token that content still uses cannot "
            "be removed.",
        ),
    )


class VocabulariesControlPanelForm(RegistryEditForm):
    schema = IVocabulariesSettings
    schema_prefix = RECORD_PREFIX
    id = "sozialplattform-vocabularies-controlpanel"
    label = _("vocabularies_controlpanel_title", default="Vocabularies")
    description = _(
        "vocabularies_controlpanel_description",
        default="The choices for topics, target groups, languages and counselling "
        "channels of counselling centres and offers, and the filters of the finder.",
    )

    def updateWidgets(self, prefix=None):
        super().updateWidgets(prefix)
        for widget in self.widgets.values():
            if hasattr(widget, "rows"):
                widget.rows = TEXTAREA_ROWS

    def applyChanges(self, data):
        """Store the lines without blank lines and as ``token|Label``."""
        cleaned = {
            name: normalize_lines(value) if name in VOCABULARY_NAMES else value
            for name, value in data.items()
        }
        return super().applyChanges(cleaned)


VocabulariesControlPanelView = layout.wrap_form(
    VocabulariesControlPanelForm, ControlPanelFormWrapper
)


class IVocabulariesControlpanel(ISettingsControlpanel):
    """The ``@controlpanels/sozialplattform-vocabularies`` panel."""


@implementer(IVocabulariesControlpanel)
class VocabulariesControlpanel(SettingsControlpanel):
    form = VocabulariesControlPanelForm
    configlet_id = CONFIGLET_ID


@implementer(IDeserializeFromJson)
@adapter(IVocabulariesControlpanel)
class VocabulariesControlpanelDeserializer(SettingsControlpanelDeserializer):
    """Values are stored as the classic form stores them (``normalize_lines``)."""

    def __call__(self, mask_validation_errors=True):
        super().__call__(mask_validation_errors=mask_validation_errors)
        proxy = self.registry.forInterface(self.schema, prefix=self.schema_prefix)
        for name in VOCABULARY_NAMES:
            value = getattr(proxy, name)
            normalized = normalize_lines(value)
            if normalized != value:
                setattr(proxy, name, normalized)

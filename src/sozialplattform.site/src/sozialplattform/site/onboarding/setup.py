"""Example content of the onboarding: the interest form and a fictional AVV template.

``create_interest_form(site)`` is idempotent; it also creates the AVV template (in
``<site>/downloads`` when that folder exists, else at the site root) from the shipped
``distributions/sozialplattform/avv-muster.pdf`` and points the control panel's AVV
record at it. Operators replace it with their own AVV in the control panel.
"""

from pathlib import Path
from plone import api
from plone.namedfile.file import NamedBlobFile
from sozialplattform.site.anonymous import honeypot
from sozialplattform.site.geo import STATES
from sozialplattform.site.onboarding import DOWNLOADS_ID
from sozialplattform.site.onboarding import FORM_ID
from sozialplattform.site.onboarding import settings
from sozialplattform.site.onboarding.action import ACTION_TYPE
from sozialplattform.site.sitecontent import html
from xml.sax.saxutils import escape


AVV_ID = "avv-muster.pdf"
#: The fictional AVV template, shipped with the distribution like the handbook PDFs.
AVV_PATH = (
    Path(__file__).resolve().parents[1] / "distributions" / "sozialplattform" / AVV_ID
)
AVV_TITLE = "Muster: Vereinbarung zur Auftragsverarbeitung (AVV)"
HONEYPOT_CSS = f"string:{honeypot.HIDE_CSS}"

STATE_HELP = (
    "Wir ermitteln es aus der Postleitzahl. Wählen Sie nur aus, wenn Ihre "
    "Postleitzahl in mehreren Bundesländern liegt."
)
EMAIL_HELP = (
    "An diese Adresse schicken wir die Bestätigung, die AVV und später Ihren Zugang."
)
FUNCTIONS_HELP = (
    "Online-Terminbuchung und Online-Beratung gibt es, wenn Ihr Bundesland daran "
    "teilnimmt."
)
PRIVACY_TITLE = (
    "Ich bin einverstanden, dass meine Angaben zur Bearbeitung der Anfrage "
    "gespeichert und an die zuständige Person meines Bundeslandes weitergegeben "
    "werden."
)
PRIVACY_HELP = (
    "Details in der Datenschutzerklärung (verlinkt oben auf dieser Seite). Abgelehnte "
    "und zurückgezogene Anfragen löschen wir nach Ablauf der Aufbewahrungsfrist."
)
PRIVACY_PAGE_ID = "datenschutz"

_STATE_OPTIONS = "\n".join(
    f'          <element key="{state.id}">{escape(state.name)}</element>'
    for state in STATES
)


def input_hints(**hints: str) -> str:
    """A text field's widget with input hints (``browser.widgets.HintedTextWidget``)."""
    params = "".join(f"<{name}>{value}</{name}>" for name, value in hints.items())
    return f'      <form:widget type="{HINTED_TEXT_WIDGET}">{params}</form:widget>'


HINTED_TEXT_WIDGET = "sozialplattform.site.browser.widgets.HintedTextFieldWidget"
FIELDS_MODEL = f"""<?xml version="1.0" encoding="utf-8"?>
<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:easyform="http://namespaces.plone.org/supermodel/easyform"
       xmlns:form="http://namespaces.plone.org/supermodel/form">
  <schema>
    <field name="centre_name" type="zope.schema.TextLine"
           easyform:validators="sozialplattform.plain_text">
      <title>Name der Beratungsstelle</title>
{input_hints(autocomplete="organization")}
      <max_length>200</max_length>
    </field>
    <field name="carrier" type="zope.schema.TextLine"
           easyform:validators="sozialplattform.plain_text">
      <title>Träger</title>
      <description>Die Organisation, die die Beratungsstelle betreibt.</description>
      <required>False</required>
      <max_length>200</max_length>
    </field>
    <field name="street" type="zope.schema.TextLine"
           easyform:validators="sozialplattform.plain_text">
      <title>Straße und Hausnummer</title>
{input_hints(autocomplete="street-address")}
      <max_length>200</max_length>
    </field>
    <field name="postcode" type="zope.schema.TextLine"
           easyform:validators="sozialplattform.postcode">
      <title>Postleitzahl</title>
{input_hints(autocomplete="postal-code", inputmode="numeric")}
      <max_length>5</max_length>
    </field>
    <field name="city" type="zope.schema.TextLine"
           easyform:validators="sozialplattform.plain_text">
      <title>Ort</title>
{input_hints(autocomplete="address-level2")}
      <max_length>100</max_length>
    </field>
    <field name="state" type="zope.schema.Choice"
           easyform:validators="sozialplattform.state_for_postcode">
      <title>Bundesland</title>
      <description>{STATE_HELP}</description>
      <required>False</required>
      <values>
{_STATE_OPTIONS}
      </values>
    </field>
    <field name="contact_name" type="zope.schema.TextLine"
           easyform:validators="sozialplattform.plain_text">
      <title>Ansprechperson</title>
{input_hints(autocomplete="name")}
      <max_length>200</max_length>
    </field>
    <field name="email" type="plone.schema.email.Email"
           easyform:validators="sozialplattform.login_email">
      <title>E-Mail</title>
{input_hints(autocomplete="email", input_type="email")}
      <description>{EMAIL_HELP}</description>
    </field>
    <field name="phone" type="zope.schema.TextLine"
           easyform:validators="sozialplattform.phone">
      <title>Telefon</title>
{input_hints(autocomplete="tel", input_type="tel")}
      <required>False</required>
      <max_length>40</max_length>
    </field>
    <field name="functions" type="zope.schema.Set"
           form:widget="sozialplattform.site.browser.widgets.FieldsetCheckBoxFieldWidget">
      <title>Gewünschte Funktionen</title>
      <description>{FUNCTIONS_HELP}</description>
      <value_type type="zope.schema.Choice">
        <values>
          <element key="finder">Beratungsstellenfinder &amp; Self-Service</element>
          <element key="booking">Online-Terminbuchung</element>
          <element key="counselling">Online-Beratung</element>
        </values>
      </value_type>
    </field>
    <field name="booking_tool_url" type="zope.schema.TextLine"
           easyform:validators="sozialplattform.web_address">
      <title>Bereits genutztes Terminbuchungs-Tool</title>
      <description>Adresse (https://…), falls Sie schon ein Tool nutzen.</description>
      <required>False</required>
      <max_length>500</max_length>
    </field>
    <field name="counselling_tool_url" type="zope.schema.TextLine"
           easyform:validators="sozialplattform.web_address">
      <title>Bereits genutztes Online-Beratungs-Tool</title>
      <description>Adresse (https://…), falls Sie schon ein Tool nutzen.</description>
      <required>False</required>
      <max_length>500</max_length>
    </field>
    <field name="message" type="zope.schema.Text"
           easyform:validators="sozialplattform.plain_text">
      <title>Nachricht</title>
      <required>False</required>
      <max_length>5000</max_length>
    </field>
    <field name="privacy" type="zope.schema.Bool"
           easyform:validators="isChecked">
      <title>{PRIVACY_TITLE}</title>
      <description>{PRIVACY_HELP}</description>
      <required>True</required>
    </field>
    <field name="homepage" type="zope.schema.TextLine"
           form:widget="sozialplattform.site.onboarding.action.HoneypotFieldWidget"
           easyform:css_class="onboarding-hp"
           easyform:validators="sozialplattform.honeypot">
      <title>Bitte dieses Feld leer lassen</title>
      <required>False</required>
    </field>
  </schema>
</model>
"""

ACTIONS_MODEL = f"""<?xml version="1.0" encoding="utf-8"?>
<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="onboarding_request" type="{ACTION_TYPE}">
      <title>Anbindungsanfrage speichern und E-Mails senden</title>
    </field>
  </schema>
</model>
"""

FORM_PROLOGUE = f"""
<p>Mit diesem Formular beantragen Sie die Anbindung Ihrer Beratungsstelle an die
Sozialplattform. Der Eintrag im Beratungsstellenfinder und der Self-Service sind für alle
Beratungsstellen in Deutschland kostenfrei. Online-Terminbuchung und Online-Beratung gibt es,
wenn Ihr Bundesland daran teilnimmt.</p>
<p>Wie die Anbindung abläuft und wer in Ihrem Bundesland zuständig ist, lesen Sie auf der
Seite <a href="@@anbindung">Anbindung für Beratungsstellen</a>.</p>
<p>Wie wir Ihre Angaben verarbeiten, lesen Sie in der
<a href="{PRIVACY_PAGE_ID}">Datenschutzerklärung</a>.</p>
"""

THANKS_DESCRIPTION = (
    "Wir haben Ihre Anfrage erhalten und an die zuständige Person in Ihrem Bundesland "
    "weitergegeben."
)
THANKS_PROLOGUE = """
<p>Als Nächstes schickt Ihnen die zuständige Person die Vereinbarung zur
Auftragsverarbeitung (AVV).</p>
"""


def avv_pdf() -> bytes:
    """The shipped example AVV (``AVV_PATH``)."""
    return AVV_PATH.read_bytes()


def create_avv_file(site, container=None):
    """The fictional AVV template, registered as the control panel's AVV document."""
    existing = settings.avv_file()
    if existing is not None:
        return existing
    if container is None:
        container = site.get(DOWNLOADS_ID) or site
    avv = container.get(AVV_ID)
    if avv is None:
        avv = api.content.create(
            container=container,
            type="File",
            id=AVV_ID,
            title=AVV_TITLE,
            description="Frei erfundenes Muster zum Ausprobieren der Anbindung.",
            file=NamedBlobFile(
                data=avv_pdf(), filename=AVV_ID, contentType="application/pdf"
            ),
            exclude_from_nav=True,
        )
    if api.content.get_state(avv, default=None) == "private":
        api.content.transition(avv, to_state="published")
    settings.set_avv_file(avv)
    return avv


def create_interest_form(site):
    """The public easyform "Anbindung beantragen" at ``<site>/anbindung-beantragen``."""
    form = site.get(FORM_ID)
    if form is None:
        form = api.content.create(
            container=site,
            type="EasyForm",
            id=FORM_ID,
            title="Anbindung beantragen",
            description="Interesse bekunden: Ihre Beratungsstelle an die "
            "Sozialplattform anbinden.",
        )
    form.fields_model = FIELDS_MODEL
    form.actions_model = ACTIONS_MODEL
    form.formPrologue = html(FORM_PROLOGUE)
    form.submitLabel = "Anfrage senden"
    form.thankstitle = "Vielen Dank für Ihre Anfrage"
    form.thanksdescription = THANKS_DESCRIPTION
    form.thanksPrologue = html(THANKS_PROLOGUE)
    form.showAll = False
    form.showFields = []
    form.includeEmpties = False
    form.headerInjection = HONEYPOT_CSS
    form.exclude_from_nav = False
    form.reindexObject()
    if api.content.get_state(form, default=None) == "private":
        api.content.transition(form, to_state="published")
    create_avv_file(site)
    return form


def update_interest_form_model(context=None) -> bool:
    """Upgrade handler: an existing interest form gets the current field model.

    The fields are the platform's (the action reads them by name); their texts, input
    hints and validators follow the release. Returns whether a form was updated.
    """
    form = api.portal.get().get(FORM_ID)
    if form is None:
        return False
    form.fields_model = FIELDS_MODEL
    return True

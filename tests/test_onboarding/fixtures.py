"""Shared data and helpers of the onboarding tests (all names and addresses fictional)."""

from datetime import date
from datetime import UTC
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.namedfile.file import NamedBlobFile
from sozialplattform.site.content.structure import FOLDER_ID
from sozialplattform.site.content.structure import state_editors_group_id
from sozialplattform.site.onboarding import intake
from sozialplattform.site.onboarding.setup import avv_pdf
from sozialplattform.site.onboarding.setup import create_avv_file


PASSWORD = "Onboarding-Test-2025!"

SUBMISSION = {
    "centre_name": "Beratungsstelle Lindenhof",
    "carrier": "Verein Lindenhof e. V.",
    "street": "Lindenstraße 12",
    "postcode": "10115",
    "city": "Berlin",
    "state": None,
    "contact_name": "Alex Beispiel",
    "email": "Alex.Beispiel@lindenhof.example",
    "phone": "030 1234567",
    "functions": {"finder", "booking", "counselling"},
    "booking_tool_url": "https://termine.lindenhof.example/buchen",
    "counselling_tool_url": "",
    "message": "Wir beraten zu Schulden und Wohnen.",
    "privacy": True,
    "homepage": "",
}


def set_up_onboarding(portal) -> None:
    """The test user as Manager, a sender address and the AVV file the mails attach."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    api.portal.set_registry_record(
        "plone.email_from_address", "noreply@plattform.example"
    )
    create_avv_file(portal)


def submission(**changes) -> dict:
    data = dict(SUBMISSION)
    data.update(changes)
    return data


def state(portal, state_id: str):
    return portal[FOLDER_ID][state_id]


def configure_state(
    portal,
    state_id: str,
    *,
    email: str | None = None,
    booking: bool = False,
    counselling: bool = False,
    name: str = "",
):
    obj = state(portal, state_id)
    obj.contact_name = name or None
    obj.contact_email = email
    obj.contact_phone = "030 7654321" if email else None
    obj.booking_participation = booking
    obj.counselling_participation = counselling
    return obj


def state_editor(state_id: str, username: str):
    """A user in the State's editors group (local role StateEditor on the State)."""
    user = api.user.create(
        email=f"{username}@land.example", username=username, password=PASSWORD
    )
    api.group.add_user(groupname=state_editors_group_id(state_id), username=username)
    return user


def centre_without_request(state, title: str, **values):
    """A centre the State's editors created themselves (no onboarding request)."""
    return api.content.create(
        container=state,
        type="CounsellingCentre",
        title=title,
        postcode="10117",
        city="Berlin",
        **values,
    )


def store(portal, **changes):
    """An OnboardingRequest stored as the form would store it."""
    from datetime import datetime

    values, errors = intake.validate_submission(submission(**changes))
    assert not errors, errors
    return intake.store_request(
        state(portal, values["state_id"]), values, datetime.now(UTC)
    )


def sign(request) -> None:
    request.centre_signature_date = date(2025, 3, 3)
    request.state_signature_date = date(2025, 3, 4)
    request.signed_avv = NamedBlobFile(
        data=avv_pdf(), filename="avv-unterschrieben.pdf", contentType="application/pdf"
    )


def onboard(portal, editor: str = "redaktion-berlin", **changes):
    """A request taken to access_granted by ``editor``; returns the request."""
    request = store(portal, **changes)
    with api.env.adopt_user(username=editor):
        api.content.transition(request, transition="send_avv")
        sign(request)
        api.content.transition(request, transition="confirm_signatures")
        api.content.transition(request, transition="grant_access")
    return request


def onboard_in_berlin(portal, functions: set[str]):
    """Berlin taking part in booking and counselling, its editor ``redaktion-berlin``, and
    a request onboarded with ``functions``; returns (State, request, centre)."""
    berlin = configure_state(
        portal, "berlin", email="land@berlin.example", booking=True, counselling=True
    )
    state_editor("berlin", "redaktion-berlin")
    request = onboard(portal, functions=functions)
    return berlin, request, api.content.get(UID=request.centre_uid)


def form_inputs(html: str, form_selector: str = "//form") -> tuple[str, list]:
    """(action, [(name, value)]) of the first matching form's hidden inputs."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    form = tree.xpath(form_selector)[0]
    hidden = [
        (element.get("name"), element.get("value") or "")
        for element in form.xpath(".//input[@type='hidden'][@name]")
    ]
    return form.get("action"), hidden


def easyform_post_data(html: str, values: dict) -> tuple[str, list]:
    """The interest form's action URL and the POST fields a browser sends for ``values``.

    ``values`` uses the easyform field names; sets become checkboxes, True the single
    checkbox, and the submit button is added by its name.
    """
    from lxml import html as lxml_html

    action, fields = form_inputs(html, "//form[contains(@class, 'easyformForm')]")
    tree = lxml_html.fromstring(html)
    form = tree.xpath("//form[contains(@class, 'easyformForm')]")[0]
    names = {
        element.get("name")
        for element in form.xpath(
            ".//input[@name] | .//select[@name] | .//textarea[@name]"
        )
    }
    for name, value in values.items():
        key = f"form.widgets.{name}"
        if value is None:
            continue
        if isinstance(value, (set, list, tuple)):
            fields += [(f"{key}:list", item) for item in sorted(value)]
        elif value is True:
            fields.append((f"{key}:list", "selected"))
        elif value is False:
            continue
        elif f"{key}:list" in names:  # select
            fields.append((f"{key}:list", value))
        else:
            fields.append((key, value))
    (button,) = form.xpath(".//*[@name='form.buttons.submit']")
    fields.append(("form.buttons.submit", button.get("value")))
    return action, fields

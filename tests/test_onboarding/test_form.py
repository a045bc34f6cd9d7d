"""The interest form over HTTP: mails, wording, fallback address, duplicates, spam, errors."""

from plone import api
from sozialplattform.site import _
from sozialplattform.site.onboarding.mails import not_participating_text
from sozialplattform.site.onboarding.mails import t
from test_onboarding.fixtures import configure_state
from test_onboarding.test_journey import by_recipient
from test_onboarding.test_journey import OnboardingHTTPTestCase
import transaction


REQUESTER = "Alex.Beispiel@lindenhof.example"


class TestMails(OnboardingHTTPTestCase):
    def confirmation_for(self, **changes) -> str:
        response = self.submit_form(**changes)
        self.assertEqual(response.status_code, 200)
        mails = by_recipient(self.smtp.wait_for(2))
        return mails[REQUESTER].get_body().get_content()

    def test_state_not_taking_part_is_said_plainly(self):
        # Bayern takes part in neither online booking nor online counselling.
        body = self.confirmation_for(postcode="80331", city="München")
        (request,) = self.requests_found()
        bayern = request.aq_parent.aq_parent
        self.assertEqual(bayern.getId(), "bayern")
        expected = not_participating_text(request, bayern)
        self.assertIn(expected, body)
        self.assertIn("Bayern", expected)
        self.assertIn(t(_("function_booking", default="Online booking")), expected)
        self.assertIn(
            t(_("function_counselling", default="Online counselling")), expected
        )
        # The request continues for the finder and the self-service.
        self.assertEqual(api.content.get_state(request), "new")

    def test_only_the_missing_function_is_named(self):
        # Berlin takes part in booking, not in counselling.
        body = self.confirmation_for()
        (request,) = self.requests_found()
        expected = not_participating_text(request, self.berlin)
        self.assertIn(expected, body)
        self.assertNotIn(t(_("function_booking", default="Online booking")), expected)
        # one function: the singular, and the request goes on
        self.assertIn("Diese Funktion können wir", expected)
        self.assertIn("weiter", expected)
        # once access is granted, nothing "goes on": only what could not be switched on
        granted = not_participating_text(request, self.berlin, granted=True)
        self.assertIn("diese Funktion nicht freischalten", granted)
        self.assertNotIn("weiter", granted)

    def test_no_note_when_the_state_takes_part(self):
        body = self.confirmation_for(functions={"finder", "booking"})
        (request,) = self.requests_found()
        self.assertEqual(not_participating_text(request, self.berlin), "")
        self.assertNotIn("Bitte beachten", body)
        self.assertNotIn("Please note", body)

    def test_fallback_address_when_the_state_has_none(self):
        configure_state(self.site, "hamburg", email=None)
        api.portal.set_registry_record(
            "sozialplattform.onboarding.fallback_email", "anbindung@plattform.example"
        )
        transaction.commit()
        self.submit_form(postcode="20095", city="Hamburg")
        mails = by_recipient(self.smtp.wait_for(2))
        self.assertEqual(set(mails), {REQUESTER, "anbindung@plattform.example"})
        body = mails["anbindung@plattform.example"].get_body().get_content()
        self.assertIn("Hamburg", body)
        (request,) = self.requests_found()
        self.assertIn(request.absolute_url(), body)


class TestDuplicatesAndSpam(OnboardingHTTPTestCase):
    def test_duplicate_is_linked(self):
        self.submit_form()
        self.smtp.wait_for(2)
        response = self.submit_form(
            email="alex.beispiel@lindenhof.example",
            message="Nachtrag: Wir haben auch eine Außenstelle.",
        )
        self.assertEqual(response.status_code, 200)
        (request,) = self.requests_found()
        self.assertIn("Nachtrag: Wir haben auch eine Außenstelle.", request.notes)
        mails = self.smtp.wait_for(4)[2:]
        recipients = {m["To"] for m in mails}
        self.assertEqual(recipients, {"land@berlin.example", REQUESTER})
        to_state = by_recipient(mails)["land@berlin.example"]
        self.assertIn(request.absolute_url(), to_state.get_body().get_content())

    def test_honeypot_stores_and_sends_nothing(self):
        response = self.submit_form(homepage="https://billig.example")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Vielen Dank für Ihre Anfrage", response.text)
        self.assertEqual(self.requests_found(), [])
        with self.assertRaises(AssertionError):
            self.smtp.wait_for(1, timeout=2)

    def test_field_errors_are_shown_and_nothing_is_stored(self):
        response = self.submit_form(
            postcode="99999", booking_tool_url="termine.example", state="bayern"
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Vielen Dank für Ihre Anfrage", response.text)
        self.assertIn(
            t(_("error_postcode_unknown", default="This postcode does not exist.")),
            response.text,
        )
        self.assertIn(
            t(
                _(
                    "error_web_address",
                    default="Enter a web address starting with https:// or http://.",
                )
            ),
            response.text,
        )
        self.assertEqual(self.requests_found(), [])

    def test_state_outside_the_postcode_is_a_field_error(self):
        response = self.submit_form(state="bayern")
        self.assertNotIn("Vielen Dank für Ihre Anfrage", response.text)
        self.assertIn("Bayern", response.text)
        self.assertEqual(self.requests_found(), [])
        response = self.submit_form(postcode="12529", state="berlin")
        self.assertIn("Vielen Dank für Ihre Anfrage", response.text)
        (request,) = self.requests_found()
        self.assertEqual(request.aq_parent.aq_parent.getId(), "berlin")

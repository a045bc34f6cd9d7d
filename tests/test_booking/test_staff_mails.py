"""The staff's cancel on ``@@termine`` over HTTP, with the real SMTP fixture: the booker's
mail names the reason and carries the CANCEL for the same UID with a higher SEQUENCE; the
centre gets no mail about its own step, and nobody gets the booker's message."""

from plone import api
from sozialplattform.site.booking import COUNSELLOR_ROLE
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
from test_booking.test_mails import attachment
from test_booking.test_mails import BOOKER_MAIL
from test_booking.test_mails import BookingMailTestCase
from test_booking.test_mails import event
from test_booking.test_mails import MESSAGE
import re
import requests
import transaction


PASSWORD = "geheim-1234-Sicher"
REASON = "Die Beraterin ist leider erkrankt."


class TestStaffCancelMail(BookingMailTestCase):
    def setUp(self):
        super().setUp()
        api.user.create(
            email="beraterin@example.org", username="beraterin", password=PASSWORD
        )
        api.user.grant_roles(
            username="beraterin", roles=[COUNSELLOR_ROLE], obj=self.centre
        )
        transaction.commit()

    def test_cancel_with_reason(self):
        self.book(self.starts()[0])
        first = self.mails(2)[BOOKER_MAIL]
        self.smtp.clear()
        page = server_url(
            self.layer,
            f"{DISTRIBUTION_SITE_ID}/beratungsstellen/berlin/lindenhof-termine/@@termine",
        )
        auth = ("beraterin", PASSWORD)
        html = requests.get(page, auth=auth, timeout=30).text
        token = re.search(r'name="_authenticator"[^>]*value="([^"]+)"', html).group(1)
        uid = re.search(r'name="booking"[^>]*value="([^"]+)"', html).group(1)
        response = requests.post(
            page,
            data={
                "_authenticator": token,
                "booking": uid,
                "action": "transition",
                "transition": "cancel",
                "reason": REASON,
            },
            auth=auth,
            timeout=30,
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        (message,) = self.smtp.wait_for(1)
        self.assertEqual(message["To"], BOOKER_MAIL)
        self.assertEqual(message["Subject"], "Termin abgesagt")
        self.assertDiscreet(message)
        text = message.get_body(("plain",)).get_content()
        self.assertIn(f"Grund: {REASON}", text)
        self.assertNotIn(MESSAGE, message.as_string())
        cancel, request = event(attachment(message)), event(attachment(first))
        self.assertEqual(attachment(message)["METHOD"], "CANCEL")
        self.assertEqual(cancel["UID"], request["UID"])
        self.assertGreater(cancel["SEQUENCE"], request["SEQUENCE"])

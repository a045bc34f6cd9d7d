"""Many interest forms at once over real HTTP: none lost, none answered with 5xx.

The request folder is unordered (no ordering list every submission appends to), is not
reindexed on every addition, and the ids are random, so concurrent submissions do not
conflict on one object; the few conflicts left (new BTree keys, bucket splits) are
retried by the publisher, as often as instance.yaml's ``max_conflict_retries``.

The site holds as many requests as a State collects in a few years before the burst:
in a fresh, nearly empty catalog every new key lands in the same few BTree buckets, whose
splits cannot be merged; in a catalog of realistic size random ids spread over many.
"""

from concurrent.futures import ThreadPoolExecutor
from plone import api
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.onboarding.content import onboarding_folder
from test_onboarding.fixtures import easyform_post_data
from test_onboarding.fixtures import store
from test_onboarding.fixtures import submission
from test_onboarding.test_journey import OnboardingHTTPTestCase
from unittest import mock
from ZPublisher.HTTPRequest import HTTPRequest
import os
import requests
import transaction


SUBMISSIONS = int(os.environ.get("CONCURRENCY_SUBMISSIONS", "120"))
EXISTING = 400  # requests stored before the burst
THREADS = 8
RETRIES = 5  # instance.yaml max_conflict_retries (the test server has Zope's 3)


class TestConcurrentSubmissions(OnboardingHTTPTestCase):
    def setUp(self):
        super().setUp()
        folder = onboarding_folder(self.berlin)
        for number in range(EXISTING):
            store(self.site, email=f"alt-{number}@lindenhof.example")
        transaction.commit()
        self.existing = len(folder.objectIds())
        # Plone stores a portlet's settings on the first view of a page (a one-time
        # write in plone.portlets); done here, not by the first eight visitors at once.
        self.assertEqual(
            requests.get(self.url("anbindung-beantragen"), timeout=60).status_code, 200
        )
        limit = {throttle.ENV_PREFIX + "ONBOARDING": f"{SUBMISSIONS * 2}/3600"}
        for patcher in (
            mock.patch.dict(os.environ, limit),
            mock.patch.object(HTTPRequest, "retry_max_count", RETRIES),
        ):
            patcher.start()
            self.addCleanup(patcher.stop)

    def post_one(self, number: int) -> tuple[int, str, bool]:
        session = requests.Session()
        page = session.get(self.url("anbindung-beantragen"), timeout=60)
        if page.status_code != 200:
            return page.status_code, "", False
        email = f"stelle-{number}@lindenhof.example"
        action, data = easyform_post_data(
            page.text, submission(email=email, centre_name=f"Stelle {number}")
        )
        response = session.post(action, data=data, timeout=300)
        thanked = "Vielen Dank für Ihre Anfrage" in response.text
        return response.status_code, email, thanked

    def test_parallel_submissions_are_all_stored(self):
        with ThreadPoolExecutor(THREADS) as pool:
            results = list(pool.map(self.post_one, range(SUBMISSIONS)))
        server_errors = [status for status, _, _ in results if status >= 500]
        self.assertEqual(server_errors, [])
        accepted = {email.lower() for status, email, thanked in results if thanked}
        self.assertEqual(len(accepted), SUBMISSIONS)
        transaction.begin()
        folder = onboarding_folder(self.berlin, create=False)
        stored = [
            request.email.lower()
            for request in folder.objectValues()
            if not request.email.startswith("alt-")
        ]
        self.assertEqual(sorted(stored), sorted(accepted))  # each once
        catalog = api.portal.get_tool("portal_catalog")
        indexed = catalog.unrestrictedSearchResults(portal_type="OnboardingRequest")
        self.assertEqual(len(indexed), self.existing + SUBMISSIONS)

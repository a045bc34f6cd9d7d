"""``ThrottledService``: the base class of anonymous write endpoints answers 429 past the limit."""

from sozialplattform.site.anonymous import throttle
from sozialplattform.site.anonymous.service import ThrottledService
from sozialplattform.site.testing import INTEGRATION_TESTING
import json
import os
import unittest
import unittest.mock


class Probe(ThrottledService):
    throttle_name = throttle.BOOKING
    calls = 0

    def check_permission(self):
        """Anonymous endpoints are public: nothing to check here."""

    def reply(self):
        Probe.calls += 1
        return {"ok": True}


class TestThrottledService(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        throttle.reset()
        self.addCleanup(throttle.reset)
        Probe.calls = 0
        env = {throttle.ENV_PREFIX + "BOOKING": "2/60"}
        patcher = unittest.mock.patch.dict(os.environ, env)
        patcher.start()
        self.addCleanup(patcher.stop)

    def call(self):
        request = self.layer["request"]
        request.response.setStatus(200)
        probe = Probe()  # ZCML would make it a view of (context, request)
        probe.context, probe.request = self.layer["portal"], request
        body = probe.render()
        return request.response.getStatus(), json.loads(body)

    def test_replies_within_the_limit_then_429_without_calling_reply(self):
        self.assertEqual(self.call(), (200, {"ok": True}))
        self.assertEqual(self.call(), (200, {"ok": True}))
        status, body = self.call()
        self.assertEqual(status, 429)
        self.assertEqual(body["error"]["type"], "TooManyRequests")
        # the test request negotiates English; German in test_onboarding.test_abuse
        self.assertTrue(body["error"]["message"].startswith("Too many requests"))
        response = self.layer["request"].response
        self.assertGreater(int(response.getHeader("Retry-After")), 0)
        self.assertEqual(Probe.calls, 2)

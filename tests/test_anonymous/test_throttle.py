"""The in-process rate limiter: sliding window, limits from the environment, memory bound."""

from sozialplattform.site.anonymous import throttle
from sozialplattform.site.anonymous.throttle import Limit
from sozialplattform.site.anonymous.throttle import SlidingWindow
import unittest
import unittest.mock


class TestSlidingWindow(unittest.TestCase):
    def test_limit_then_retry_after_then_free_again(self):
        window = SlidingWindow()
        limit = Limit(3, 60)
        self.assertEqual([window.hit("a", limit, now=t) for t in (0, 1, 2)], [None] * 3)
        self.assertEqual(window.hit("a", limit, now=10), 50)
        self.assertIsNone(window.hit("b", limit, now=10))  # per client
        self.assertIsNone(window.hit("a", limit, now=60.5))

    def test_refused_hits_do_not_extend_the_wait(self):
        window = SlidingWindow()
        limit = Limit(1, 10)
        window.hit("a", limit, now=0)
        for t in range(1, 10):
            self.assertIsNotNone(window.hit("a", limit, now=t))
        self.assertIsNone(window.hit("a", limit, now=10))

    def test_memory_is_bounded(self):
        window = SlidingWindow(max_clients=100)
        for number in range(1000):
            window.hit(f"10.0.{number}", Limit(5, 60), now=0)
        self.assertLessEqual(len(window._hits), 100)


class TestLimitFor(unittest.TestCase):
    def test_defaults(self):
        self.assertEqual(throttle.limit_for("booking", {}), Limit(60, 600))
        self.assertEqual(throttle.limit_for("onboarding", {}), Limit(20, 3600))

    def test_environment(self):
        env = {"SOZIALPLATTFORM_RATE_LIMIT_BOOKING": "5/30"}
        self.assertEqual(throttle.limit_for("booking", env), Limit(5, 30))
        env = {"SOZIALPLATTFORM_RATE_LIMIT_BOOKING": "off"}
        self.assertIsNone(throttle.limit_for("booking", env))
        env = {"SOZIALPLATTFORM_RATE_LIMIT_BOOKING": "many"}
        self.assertEqual(throttle.limit_for("booking", env), Limit(60, 600))


class FakeRequest(dict):
    def __init__(self, address):
        super().__init__()
        self.address = address

    def getClientAddr(self):
        return self.address


class TestCheck(unittest.TestCase):
    def setUp(self):
        throttle.reset()
        self.addCleanup(throttle.reset)

    def test_raises_past_the_limit_with_a_german_message(self):
        env = {"SOZIALPLATTFORM_RATE_LIMIT_CONVERSATION": "2/600"}
        with unittest.mock.patch.dict("os.environ", env):
            throttle.check(FakeRequest("192.0.2.1"), throttle.CONVERSATION)
            throttle.check(FakeRequest("192.0.2.1"), throttle.CONVERSATION)
            with self.assertRaises(throttle.RateLimited) as caught:
                throttle.check(FakeRequest("192.0.2.1"), throttle.CONVERSATION)
            throttle.check(FakeRequest("192.0.2.2"), throttle.CONVERSATION)
        self.assertEqual(caught.exception.retry_after, 600)
        self.assertEqual(caught.exception.name, throttle.CONVERSATION)

    def test_conflict_retries_are_not_counted_again(self):
        env = {"SOZIALPLATTFORM_RATE_LIMIT_CONVERSATION": "1/600"}
        first = FakeRequest("192.0.2.3")
        retried = FakeRequest("192.0.2.3")
        retried.retry_count = 1  # ZPublisher's retry of ``first`` after a ConflictError
        with unittest.mock.patch.dict("os.environ", env):
            throttle.check(first, throttle.CONVERSATION)
            throttle.check(retried, throttle.CONVERSATION)
            with self.assertRaises(throttle.RateLimited):
                throttle.check(FakeRequest("192.0.2.3"), throttle.CONVERSATION)


class TestMessage(unittest.TestCase):
    def test_english_text_not_the_msgid(self):
        from zope.i18n import translate

        exc = throttle.RateLimited(throttle.BOOKING, 90)
        self.assertEqual(
            translate(exc.text(), target_language="en"),
            "Too many requests from your address. Please try again in 2 minutes.",
        )

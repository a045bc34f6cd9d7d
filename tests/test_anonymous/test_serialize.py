"""POSTs to a registered path take its lock at the start and give it back at the end."""

from sozialplattform.site.anonymous import serialize
from types import SimpleNamespace
from unittest import mock
import unittest


class FakeRequest(dict):
    pass


def event(method: str, path: str):
    return SimpleNamespace(request=FakeRequest(REQUEST_METHOD=method, PATH_INFO=path))


class TestSerialize(unittest.TestCase):
    def setUp(self):
        serialize.register("test", "/formular")
        self.lock = serialize._locks["test"]

    def test_only_posts_to_registered_paths(self):
        self.assertEqual(
            serialize.lock_name(event("POST", "/Plone/formular").request), "test"
        )
        self.assertIsNone(serialize.lock_name(event("GET", "/Plone/formular").request))
        self.assertIsNone(serialize.lock_name(event("POST", "/Plone/anderes").request))

    def test_lock_held_from_start_to_end_with_a_fresh_transaction(self):
        start = event("POST", "/Plone/formular/")
        with mock.patch.object(serialize.transaction.manager, "begin") as begin:
            serialize.take_turn(start)
        begin.assert_called_once()
        self.assertTrue(self.lock.locked())
        serialize.end_turn(start)
        self.assertFalse(self.lock.locked())
        serialize.end_turn(start)  # a second end (failure after success) is harmless
        self.assertFalse(self.lock.locked())

    def test_other_requests_take_no_lock(self):
        other = event("GET", "/Plone/formular")
        serialize.take_turn(other)
        self.assertFalse(self.lock.locked())
        serialize.end_turn(other)

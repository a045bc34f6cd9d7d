"""Durability (issue 15): a booking load is cut off by SIGKILL of its instance; after the
restart every booking answered 201 exists, none twice, the database opens cleanly.
The same as ``make chaos`` (sozialplattform.site.cluster.chaos)."""

from sozialplattform.site.cluster import chaos
from sozialplattform.site.testing import CLUSTER_FIXTURE
from sozialplattform.site.testing import REPOSITORY
import unittest


class TestSigkillDuringBookings(unittest.TestCase):
    layer = CLUSTER_FIXTURE

    def test_relstorage_instance_killed_and_restarted(self):
        cluster = self.layer["cluster"]
        member = cluster.members[1]
        result = chaos.interrupted_booking_load(
            cluster, member, clients=4, kill_after=10, say=lambda *a: None
        )
        self.assertGreaterEqual(len(result.created), 10)
        self.assertGreaterEqual(result.found, len(result.created))
        # the kill cut off requests in flight (the other clients were waiting)
        self.assertGreaterEqual(result.no_answer, 1)
        # the restarted instance serves through the load balancer again
        cluster.wait_until_healthy(f"{self.layer['balancer']}/Plone/@@ok")

    def test_filestorage(self):
        # a site of its own on a temporary Data.fs; fstest after a clean stop
        result = chaos.run(
            "filestorage", REPOSITORY, clients=4, kill_after=10, say=lambda *a: None
        )
        self.assertGreaterEqual(len(result.created), 10)
        self.assertGreaterEqual(result.found, len(result.created))
        self.assertGreaterEqual(result.no_answer, 1)


class TestChecks(unittest.TestCase):
    """The checks fail when the data is wrong (not only when the run breaks)."""

    layer = CLUSTER_FIXTURE

    def test_a_corrupt_filestorage_fails_fstest(self):
        from pathlib import Path
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "Data.fs"
            path.write_bytes(b"FS21" + b"\x00" * 40)
            with self.assertRaises(chaos.ChaosError):
                chaos.check_filestorage(path)

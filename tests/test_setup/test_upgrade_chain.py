"""No dangling upgrade steps: the registered steps lead from 1000 to the profile version.

``chain_problems`` checks (source, destination) pairs; the integration test feeds it the
steps that ``upgrades/configure.zcml`` really registered with Products.GenericSetup.
"""

from collections.abc import Iterable
from plone import api
from Products.GenericSetup.upgrade import _upgrade_registry
from Products.GenericSetup.upgrade import listUpgradeSteps
from Products.GenericSetup.upgrade import normalize_version
from Products.GenericSetup.upgrade import UpgradeEntity
from sozialplattform.site.testing import INTEGRATION_TESTING
import unittest


PROFILE = "sozialplattform.site:default"
INITIAL_VERSION = "1000"

Version = str | tuple[str, ...] | None


def _text(version: Version) -> str | None:
    return ".".join(version) if isinstance(version, tuple) else version


def chain_problems(
    steps: Iterable[tuple[Version, Version]],
    profile_version: Version,
    initial: str = INITIAL_VERSION,
) -> list[str]:
    """What keeps ``steps`` (source, destination) from being one chain to the version.

    Several steps may share a source and destination (one ``upgradeSteps`` block, or
    single steps of the same version); an empty list means the chain is sound.
    """
    target = _text(profile_version)
    pairs = sorted(
        {(_text(source), _text(dest)) for source, dest in steps},
        key=lambda pair: tuple(normalize_version(v or "0") for v in pair),
    )
    problems = []
    current = initial
    for source, dest in pairs:
        if source is None or dest is None:
            problems.append(f"wildcard step {source or '*'} -> {dest or '*'}")
            continue
        if normalize_version(dest) <= normalize_version(source):
            problems.append(f"step {source} -> {dest} does not go forward")
            continue
        if normalize_version(dest) > normalize_version(target):
            problems.append(f"step {source} -> {dest} goes past the profile {target}")
        if source != current:
            problems.append(f"step {source} -> {dest} does not start at {current}")
        current = dest
    if current != target:
        problems.append(f"the steps end at {current}, the profile is at {target}")
    return problems


def registered_steps(profile_id: str = PROFILE) -> list[tuple[Version, Version]]:
    """(source, destination) of every upgrade step registered for the profile.

    Reads GenericSetup's private ``_upgrade_registry``: ``listUpgradeSteps`` leaves out
    steps whose source lies below the version it is asked from, and those are exactly the
    dangling ones this test is for. ``test_registry_agrees_with_list_upgrade_steps``
    keeps the two in step.
    """
    result = []
    for step in _upgrade_registry.getUpgradeStepsForProfile(profile_id).values():
        nested = [step] if isinstance(step, UpgradeEntity) else [s for _, s in step]
        result.extend((inner.source, inner.dest) for inner in nested)
    return result


class TestChainProblems(unittest.TestCase):
    def test_no_steps_and_the_initial_version(self):
        self.assertEqual(chain_problems([], "1000"), [])

    def test_no_steps_but_a_later_version(self):
        self.assertEqual(
            chain_problems([], "1001"),
            ["the steps end at 1000, the profile is at 1001"],
        )

    def test_a_sound_chain_with_shared_versions(self):
        steps = [("1001", "1002"), ("1000", "1001"), ("1001", "1002")]
        self.assertEqual(chain_problems(steps, ("1002",)), [])

    def test_a_gap(self):
        self.assertEqual(
            chain_problems([("1000", "1001"), ("1002", "1003")], "1003"),
            ["step 1002 -> 1003 does not start at 1001"],
        )

    def test_a_step_past_the_profile_version(self):
        self.assertEqual(
            chain_problems([("1000", "1001"), ("1001", "1002")], "1001"),
            [
                "step 1001 -> 1002 goes past the profile 1001",
                "the steps end at 1002, the profile is at 1001",
            ],
        )

    def test_the_profile_version_not_reached(self):
        self.assertEqual(
            chain_problems([("1000", "1001")], "1002"),
            ["the steps end at 1001, the profile is at 1002"],
        )

    def test_a_branch(self):
        self.assertIn(
            "step 1000 -> 1002 does not start at 1001",
            chain_problems([("1000", "1001"), ("1000", "1002")], "1002"),
        )

    def test_backwards_and_wildcard_steps(self):
        problems = chain_problems([("1000", "1000"), (None, "1000")], "1000")
        self.assertEqual(
            problems,
            ["wildcard step * -> 1000", "step 1000 -> 1000 does not go forward"],
        )

    def test_versions_compare_as_numbers(self):
        steps = [("1000", "999"), ("1000", "10000")]
        self.assertIn(
            "step 1000 -> 999 does not go forward", chain_problems(steps, "10000")
        )


class TestRegisteredUpgradeSteps(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.setup = api.portal.get_tool("portal_setup")

    def test_no_dangling_upgrade_steps(self):
        version = self.setup.getVersionForProfile(PROFILE)  # metadata.xml
        self.assertEqual(chain_problems(registered_steps(), version), [])

    def test_registry_agrees_with_list_upgrade_steps(self):
        listed = []
        for info in listUpgradeSteps(self.setup, PROFILE, INITIAL_VERSION):
            nested = info if isinstance(info, list) else [info]
            listed.extend((step["source"], step["dest"]) for step in nested)
        self.assertEqual(sorted(listed), sorted(registered_steps()))

    def test_a_new_site_is_at_the_profile_version(self):
        self.assertEqual(
            self.setup.getLastVersionForProfile(PROFILE),
            tuple(self.setup.getVersionForProfile(PROFILE).split(".")),
        )
        self.assertEqual(self.setup.listUpgrades(PROFILE), [])

"""The reason rule of transitions (content.workflow): one rule, read per content type."""

from OFS.SimpleItem import SimpleItem
from plone import api
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.content.interfaces import ICounsellingOffer
from sozialplattform.site.content.workflow import CENTRE_REASONS
from sozialplattform.site.content.workflow import IReasonRule
from sozialplattform.site.content.workflow import ReasonRequired
from sozialplattform.site.content.workflow import require_reason
from sozialplattform.site.onboarding.interfaces import IOnboardingRequest
from sozialplattform.site.onboarding.workflow import REQUEST_REASONS
from sozialplattform.site.testing import INTEGRATION_TESTING
from types import SimpleNamespace
from zope.i18n import translate
from zope.interface import alsoProvides
import unittest


def text(message) -> str:
    return translate(message, context=api.env.getRequest())


def providing(interface):
    obj = SimpleItem()
    alsoProvides(obj, interface)
    return obj


def event(transition_id, comment=None):
    kwargs = {} if comment is None else {"comment": comment}
    return SimpleNamespace(transition=SimpleNamespace(id=transition_id), kwargs=kwargs)


class TestReasonRule(unittest.TestCase):
    def test_missing(self):
        self.assertTrue(CENTRE_REASONS.missing("reject", ""))
        self.assertTrue(CENTRE_REASONS.missing("retract", "  "))
        self.assertTrue(CENTRE_REASONS.missing("reject", None))
        self.assertFalse(CENTRE_REASONS.missing("reject", "Adresse fehlt"))
        self.assertFalse(CENTRE_REASONS.missing("publish", ""))
        self.assertTrue(REQUEST_REASONS.missing("withdraw", ""))
        self.assertFalse(REQUEST_REASONS.missing("retract", ""))


class TestReasonRuleOfTypes(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def test_each_type_has_its_rule(self):
        self.assertIs(IReasonRule(providing(ICounsellingCentre)), CENTRE_REASONS)
        self.assertIs(IReasonRule(providing(ICounsellingOffer)), CENTRE_REASONS)
        self.assertIs(IReasonRule(providing(IOnboardingRequest)), REQUEST_REASONS)
        self.assertIsNone(IReasonRule(SimpleItem(), None))

    def test_require_reason_refuses_with_the_rule_of_the_type(self):
        centre = providing(ICounsellingCentre)
        with self.assertRaises(ReasonRequired) as raised:
            require_reason(centre, event("reject"))
        self.assertEqual(str(raised.exception), text(CENTRE_REASONS.message))
        with self.assertRaises(ReasonRequired) as raised:
            require_reason(providing(IOnboardingRequest), event("withdraw", " "))
        self.assertEqual(str(raised.exception), text(REQUEST_REASONS.message))
        require_reason(centre, event("reject", "Adresse fehlt"))
        require_reason(centre, event("withdraw"))  # not a transition of centres' rule
        require_reason(SimpleItem(), event("reject"))  # no rule, no refusal

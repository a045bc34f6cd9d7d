"""Help texts are the description of their field (``aria-describedby``, WCAG 1.3.1).

Plone's forms render a field's help below it in a ``div.form-text``; our widget wrapper
(``browser/widgets.py`` ``HelpTextWrapper``) gives it an id that the field names. Through
the real pages: the interest form, the login form and a control panel.
"""

from lxml import html
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser
from plone.testing.zope import login
from sozialplattform.site.onboarding.setup import create_interest_form
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from zope.component.hooks import setSite
import transaction
import unittest


class TestHelpTexts(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def page(self, path: str, owner: bool = False):
        browser = Browser(self.layer["app"])
        browser.handleErrors = False
        if owner:
            browser.addHeader(
                "Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}"
            )
        browser.open(f"{self.layer['portal'].absolute_url()}/{path}")
        return html.fromstring(browser.contents)

    def assertBound(self, tree, minimum: int) -> list[str]:
        """Every help text of a wrapper has an id that a field (or fieldset) names.

        A single checkbox renders its help itself, inside its ``.form-check``.
        """
        helps = tree.xpath(
            "//*[@id='content']//div[contains(@class, 'field')]"
            "/div[contains(@class, 'form-text')]"
            " | //*[@id='content']//div[contains(@class, 'field')]"
            "/div[contains(@class, 'form-check')]/div[contains(@class, 'form-text')]"
        )
        self.assertGreaterEqual(len(helps), minimum)
        unbound = [
            help.text_content().strip()[:40]
            for help in helps
            if not help.get("id")
            or not tree.xpath(
                "//*[contains(concat(' ', @aria-describedby, ' '), $id)]",
                id=f" {help.get('id')} ",
            )
        ]
        self.assertEqual(unbound, [])
        return [help.get("id") for help in helps]

    def test_interest_form(self):
        app = self.layer["app"]
        setSite(self.layer["portal"])
        login(app.acl_users, SITE_OWNER_NAME)
        create_interest_form(self.layer["portal"])
        transaction.commit()
        tree = self.page("anbindung-beantragen")
        ids = self.assertBound(tree, 4)
        (field,) = tree.xpath("//*[@aria-describedby='form-widgets-email-help']")
        self.assertEqual(field.get("name"), "form.widgets.email")
        self.assertIn("form-widgets-email-help", ids)
        # the consent: a single checkbox whose template renders the help itself
        (consent,) = tree.xpath("//input[@name='form.widgets.privacy:list']")
        self.assertEqual(consent.get("aria-describedby"), "form-widgets-privacy-help")
        (help,) = tree.xpath("//*[@id='form-widgets-privacy-help']")
        self.assertIn("form-text", help.get("class"))
        self.assertTrue(help.text_content().strip())
        # the function choice: its fieldset is described, not each checkbox
        (fieldset,) = tree.xpath("//fieldset[@aria-describedby]")
        self.assertEqual(
            fieldset.get("aria-describedby"), "form-widgets-functions-help"
        )

    def test_login_form(self):
        # no help texts (Plone 6.2); the wrapper renders labels, and autocomplete tokens
        tree = self.page("login")
        self.assertBound(tree, 0)
        (label,) = tree.xpath("//label[@for='__ac_name']")
        self.assertIn("Login Name", label.text_content())
        (name,) = tree.xpath("//input[@id='__ac_name']")
        self.assertEqual(name.get("autocomplete"), "username")
        (password,) = tree.xpath("//input[@id='__ac_password']")
        self.assertEqual(password.get("autocomplete"), "current-password")

    def test_control_panel(self):
        tree = self.page("@@mail-controlpanel", owner=True)
        ids = self.assertBound(tree, 4)
        (host,) = tree.xpath("//input[@name='form.widgets.smtp_host']")
        self.assertEqual(host.get("aria-describedby"), "form-widgets-smtp_host-help")
        self.assertEqual(len(ids), len(set(ids)))

"""The header's logo and name, the favicon link and the brand colours on every page."""

from plone.app.layout.links.viewlets import FaviconViewlet
from plone.app.layout.viewlets.common import ViewletBase
from plone.base.interfaces import ISiteSchema
from plone.registry.interfaces import IRegistry
from Products.CMFPlone.utils import getSiteLogo
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from sozialplattform.site import _
from sozialplattform.site.branding import contrast
from sozialplattform.site.branding.settings import brand
from zope.component import getUtility
from zope.i18n import translate


STATIC = "++plone++sozialplattform.site"
LOGO = "logo.svg"
FAVICON = "favicon.svg"


def site_settings():
    """Plone's own site settings (``plone.site_logo``, ``plone.site_favicon``)."""
    return getUtility(IRegistry).forInterface(ISiteSchema, prefix="plone", check=False)


class LogoViewlet(ViewletBase):
    """``plone.logo``: the logo and the site name as text, one link to the start page.

    The image is decorative (``alt=""``): the link is named by the visible name and
    where it leads (WCAG 2.5.3: the label starts with the visible text).
    """

    index = ViewPageTemplateFile("templates/logo.pt")

    def update(self):
        super().update()
        self.site_name = brand().site_name
        self.link_label = translate(
            _(
                "brand_link_label",
                default="${site_name} – home page",
                mapping={"site_name": self.site_name},
            ),
            context=self.request,
        )
        self.own_logo = bool(getattr(site_settings(), "site_logo", None))
        self.img_src = (
            getSiteLogo() if self.own_logo else f"{self.site_url}/{STATIC}/{LOGO}"
        )


class SozialplattformFaviconViewlet(FaviconViewlet):
    """``plone.links.favicon``: the Sozialplattform mark unless the site has its own."""

    def init_favicon(self):
        if getattr(site_settings(), "site_favicon", None):
            return super().init_favicon()
        self.mimetype = "image/svg+xml"
        self.favicon_path = f"{self.site_url}/{STATIC}/{FAVICON}"


#: Bootstrap's and Plone's own variables that follow the brand colours.
STYLE = (
    "html:root{{"
    "--sp-primary:{primary};--sp-primary-dark:{primary_dark};"
    "--sp-primary-darker:{primary_darker};--sp-primary-rgb:{primary_rgb};"
    "--sp-accent:{accent};--sp-accent-dark:{accent_dark};"
    "--bs-primary:{primary};--bs-primary-rgb:{primary_rgb};"
    "--bs-link-color:{accent};--bs-link-color-rgb:{accent_rgb};"
    "--bs-link-hover-color:{accent_dark};--bs-link-hover-color-rgb:{accent_dark_rgb};"
    "--plone-link-color:{accent}"
    "}}"
)


def brand_style(primary: str, accent: str) -> str:
    """The CSS custom properties for two colours that passed ``accessible_colour``."""
    primary, accent = contrast.normalize(primary), contrast.normalize(accent)
    accent_dark = contrast.shade(accent, 0.15)
    return STYLE.format(
        primary=primary,
        primary_dark=contrast.shade(primary, 0.15),
        primary_darker=contrast.shade(primary, 0.25),
        primary_rgb=contrast.rgb_triplet(primary),
        accent=accent,
        accent_dark=accent_dark,
        accent_rgb=contrast.rgb_triplet(accent),
        accent_dark_rgb=contrast.rgb_triplet(accent_dark),
    )


class BrandStyleViewlet(ViewletBase):
    """An inline ``<style>`` in the head; ``sozialplattform.css`` uses the variables."""

    def render(self):
        current = brand()
        css = brand_style(current.primary, current.accent)
        return f'<style id="sozialplattform-brand">{css}</style>'

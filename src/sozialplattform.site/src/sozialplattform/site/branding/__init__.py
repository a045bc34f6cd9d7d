"""The platform's own face: logo, favicon, the site name in the header, brand colours.

The operator sets the name and the two colours in the control panel "Erscheinungsbild"
(registry records ``sozialplattform.branding.*``); an own logo and favicon are Plone's
records ``plone.site_logo`` and ``plone.site_favicon`` (control panel "Website"). Without
them the header and the favicon link show the Sozialplattform mark (``browser/static``).
"""

CONFIGLET_ID = "sozialplattform-branding"

"""Upgrade of sites made before the legal pages: layouts, the Kontakt page.

The upgrade step 20261203002 imports ``registry/operator.xml``, ``controlpanel`` (the
configlet) and ``viewlets``, then runs ``install_legal_pages``.
"""

from plone import api
from sozialplattform.site.legal.setup import install_pages


#: The example texts the distribution wrote before; a page still holding one is cleared,
#: so the generated statement is not followed by the old placeholder.
OLD_PLACEHOLDERS = (
    "<p>Beispielinstallation der Sozialplattform. Tragen Sie hier die Angaben des"
    " Betreibers ein (Name, Anschrift, Vertretung, Kontakt, Aufsichtsbehörde).</p>",
    "<p>Die Sozialplattform lädt ohne Ihre Einwilligung keine Inhalte von Dritten"
    " (Karten, Videos). Personenbezogene Daten aus Terminbuchungen, Anfragen und"
    " Beratungen werden nach Ablauf der festgelegten Aufbewahrungsfrist gelöscht.</p>"
    "<p>Postleitzahl-Geodaten: GeoNames (www.geonames.org), Lizenz CC BY 4.0.</p>",
    "<p>Die Sozialplattform soll für alle Menschen nutzbar sein. Barrieren melden Sie"
    " bitte an die im Impressum genannte Adresse.</p>",
)


def install_legal_pages(setup_tool=None) -> None:
    """Upgrade handler: the four legal Documents with their layouts.

    Runs with the Manager role: whoever starts the upgrade, the site's pages are created.
    """
    with api.env.adopt_roles(["Manager"]):
        install_pages(api.portal.get(), replace_text=OLD_PLACEHOLDERS)

"""Named vocabularies whose terms site administrators edit in a control panel.

``sozialplattform.topics``, ``sozialplattform.target_groups``, ``sozialplattform.languages``
and ``sozialplattform.channels``: lines ``token|Label`` in the registry records
``sozialplattform.vocabularies.<name>``, edited at ``@@sozialplattform-vocabularies`` and
``/@controlpanels/sozialplattform-vocabularies``.

Headless clients and the public finder read them anonymously through
``GET /@vocabularies/<name>``. plone.restapi's vocabularies service checks the permission
that ``plone.app.content.browser.vocabulary.PERMISSIONS`` maps a vocabulary name to; the
names are registered there with "View" on import.
"""

from plone.app.content.browser.vocabulary import PERMISSIONS
from sozialplattform.site.vocabularies.registry import factory_name
from sozialplattform.site.vocabularies.registry import VOCABULARY_NAMES


PUBLIC_PERMISSION = "View"


def register_public_vocabularies(permissions=PERMISSIONS) -> None:
    """Let everybody who may view the site read the four vocabularies."""
    for name in VOCABULARY_NAMES:
        permissions[factory_name(name)] = PUBLIC_PERMISSION


register_public_vocabularies()

"""Legal pages of the operator: Impressum, Datenschutz, Barrierefreiheit, Kontakt.

The operator's data are registry records (``sozialplattform.operator.*``, control panel
"Betreiber"); the four pages are Documents whose layout (``legal-*`` views) renders them
from those records, so a changed setting shows at once. The Document's own text follows
as the operator's additions.
"""

CONFIGLET_ID = "sozialplattform-operator"

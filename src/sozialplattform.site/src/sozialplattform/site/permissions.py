"""The permissions of sozialplattform.site, declared in ``permissions.zcml``.

Zope knows a permission by two names: the id (``sozialplattform.ManageSettings``) in ZCML
and in schema directives (``read_permission``/``write_permission``), the title
(``sozialplattform.site: Manage settings``) in ``checkPermission``, ``rolemap.xml``,
workflows, FTIs' ``add_permission`` and ``controlpanel.xml``. Python code uses the
constants below: ``*_ID`` for ids, the bare name for titles.
``tests/test_permissions/test_declarations.py`` ties them to ``permissions.zcml``.
"""

MANAGE_SETTINGS = "sozialplattform.site: Manage settings"
MANAGE_SETTINGS_ID = "sozialplattform.ManageSettings"
ADD_STATE = "sozialplattform.site: Add State"
ADD_STATE_ID = "sozialplattform.AddState"
ADD_CENTRE = "sozialplattform.site: Add CounsellingCentre"
ADD_CENTRE_ID = "sozialplattform.AddCentre"
ADD_OFFER = "sozialplattform.site: Add CounsellingOffer"
ADD_OFFER_ID = "sozialplattform.AddOffer"
CONFIRM_DATA = "sozialplattform.site: Confirm centre data"
CONFIRM_DATA_ID = "sozialplattform.ConfirmData"
VIEW_RECENT_CHANGES = "sozialplattform.site: View recent changes"
VIEW_RECENT_CHANGES_ID = "sozialplattform.ViewRecentChanges"
EXPORT_CENTRES = "sozialplattform.site: Export centres"
EXPORT_CENTRES_ID = "sozialplattform.ExportCentres"
MANAGE_ONBOARDING = "sozialplattform.site: Manage onboarding"
MANAGE_ONBOARDING_ID = "sozialplattform.ManageOnboarding"
ADD_APPOINTMENT_TYPE = "sozialplattform.site: Add AppointmentType"
ADD_APPOINTMENT_TYPE_ID = "sozialplattform.AddAppointmentType"
MANAGE_BOOKINGS = "sozialplattform.site: Manage bookings"
MANAGE_BOOKINGS_ID = "sozialplattform.ManageBookings"
READ_CONVERSATIONS = "sozialplattform.site: Read conversations"
READ_CONVERSATIONS_ID = "sozialplattform.ReadConversations"
MANAGE_COUNSELLING = "sozialplattform.site: Manage counselling settings"
MANAGE_COUNSELLING_ID = "sozialplattform.ManageCounselling"

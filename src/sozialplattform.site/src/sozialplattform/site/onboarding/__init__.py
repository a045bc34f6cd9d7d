"""Onboarding (Anbindung): a counselling centre goes from "interested" to "maintains its data".

Interest form (collective.easyform with the action ``sozialplattform.onboarding.Request``)
→ ``OnboardingRequest`` in the private folder ``<state>/anbindung`` → workflow
``onboarding_workflow`` (AVV, signatures, access) → a centre editor with a draft centre.
"""

from sozialplattform.site.anonymous import serialize


REQUEST_TYPE = "OnboardingRequest"
FOLDER_TYPE = "OnboardingFolder"
FOLDER_ID = "anbindung"
WORKFLOW_ID = "onboarding_workflow"
FORM_ID = "anbindung-beantragen"
# interest forms posted at the same moment are stored one after the other per process
serialize.register("onboarding", f"/{FORM_ID}")
DOWNLOADS_ID = "downloads"

OPEN_STATES = ("new", "avv_sent", "avv_signed", "access_granted")
CLOSED_STATES = ("rejected", "withdrawn")
GRANTED_STATES = ("access_granted", "active")

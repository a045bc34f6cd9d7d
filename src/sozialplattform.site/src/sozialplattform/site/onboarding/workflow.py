"""Rules and effects of onboarding_workflow, and the first login of an onboarded user.

Before a transition (``WorkflowException`` → REST 400 with the message, nothing changes):
reject/withdraw need a reason (``REQUEST_REASONS``, checked by ``content.workflow``),
send_avv needs the AVV document (with a file), confirm_signatures and grant_access need
both signature dates and the signed PDF, grant_access an e-mail address Plone accepts as a
login name. After it: send_avv mails the AVV, grant_access provisions the access and mails
it (``provisioning.ProvisioningError`` refuses it), reject tells the requester, withdraw
from access_granted takes the centre-editor role back.
"""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from Products.CMFCore.WorkflowCore import WorkflowException
from sozialplattform.site import _
from sozialplattform.site import logger
from sozialplattform.site.content.types import containing_state
from sozialplattform.site.content.workflow import ReasonRule
from sozialplattform.site.language import site_language
from sozialplattform.site.onboarding import mails
from sozialplattform.site.onboarding import provisioning
from sozialplattform.site.onboarding import REQUEST_TYPE
from sozialplattform.site.onboarding import settings
from sozialplattform.site.timeformat import site_date
from zope.i18n import translate
from zope.interface import alsoProvides


NEEDS_REASON = ("reject", "withdraw")
REASON_REQUIRED = _(
    "error_reason_required",
    default="Please give a reason; it is recorded in the request's history.",
)
#: the ``IReasonRule`` of requests (``content.workflow.require_reason`` checks it)
REQUEST_REASONS = ReasonRule(NEEDS_REASON, REASON_REQUIRED)
NEEDS_SIGNATURES = ("confirm_signatures", "grant_access")
ACTIVATE = "activate"


def _refuse(message) -> None:
    raise WorkflowException(translate(message, context=api.env.getRequest()))


def missing_signatures(request) -> list:
    """What is missing before the AVV counts as signed by both sides."""
    missing = []
    if not request.centre_signature_date:
        missing.append(
            _("missing_centre_signature", default="date of the centre's signature")
        )
    if not request.state_signature_date:
        missing.append(
            _(
                "missing_state_signature",
                default="date of the responsible person's signature",
            )
        )
    if not is_pdf(request.signed_avv):
        missing.append(_("missing_signed_avv", default="signed AVV (PDF)"))
    return missing


def is_pdf(blob) -> bool:
    if blob is None or not getattr(blob, "size", 0):
        return False
    with blob.open() as data:
        return data.read(5) == b"%PDF-"


def check_transition(request, event):
    """IBeforeTransitionEvent of an OnboardingRequest."""
    transition = event.transition
    if transition is None:
        return
    http_request = api.env.getRequest()
    if transition.id == "send_avv":
        check_avv_file()
    elif transition.id in NEEDS_SIGNATURES:
        missing = missing_signatures(request)
        if missing:
            _refuse(
                _(
                    "error_signatures_missing",
                    default="Both signatures are needed first. Missing: ${missing}.",
                    mapping={
                        "missing": ", ".join(
                            translate(item, context=http_request) for item in missing
                        )
                    },
                )
            )
        if transition.id == "grant_access":
            provisioning.check_account(request.email)


def check_avv_file() -> None:
    """The configured AVV document exists and holds a file to attach."""
    avv = settings.avv_file()
    if avv is None:
        _refuse(
            _(
                "error_no_avv_file",
                default="No AVV document is configured; the site administrators choose "
                "it in the onboarding control panel.",
            )
        )
    blob = getattr(avv, "file", None)
    if blob is None or not getattr(blob, "size", 0):
        _refuse(
            _(
                "error_avv_file_empty",
                default='The AVV document "${title}" has no file. The site '
                "administrators upload the file or choose another document in the "
                "onboarding control panel.",
                mapping={"title": avv.Title()},
            )
        )


def apply_transition(request, event):
    """IAfterTransitionEvent of an OnboardingRequest."""
    transition = event.transition
    if transition is None:
        return
    state = containing_state(request)
    comment = ((event.kwargs or {}).get("comment") or "").strip()
    if transition.id == "send_avv":
        mails.send_avv(request, state, settings.avv_file(), comment)
    elif transition.id == "grant_access":
        access = provisioning.provision(request)
        request.reindexObject()
        mails.send_access(
            request,
            state,
            centre=access.centre,
            login=access.login,
            reset_url=access.reset_url,
            expires=site_date(access.expires),
            existing_account=access.existing_account,
        )
    elif transition.id == "reject":
        mails.send_rejection(request, state, comment)
    elif transition.id == "withdraw" and event.old_state.id == "access_granted":
        provisioning.revoke_access(request)


def open_requests_of(user_id: str) -> list:
    catalog = api.portal.get_tool("portal_catalog")
    return [
        obj
        for obj in (
            brain._unrestrictedGetObject()
            for brain in catalog.unrestrictedSearchResults(
                portal_type=REQUEST_TYPE, review_state="access_granted"
            )
        )
        if obj.user_id == user_id
    ]


def activate_on_login(event):
    """IUserLoggedInEvent: the first login of an onboarded user makes the request active."""
    try:
        api.portal.get()
    except api.exc.CannotGetPortalError:
        return
    user_id = event.object.getId()
    requests = open_requests_of(user_id)
    if not requests:
        return
    comment = translate(
        _("comment_first_login", default="First login of the centre editor."),
        target_language=site_language(),
    )
    with api.env.adopt_roles(["Manager"]):
        for request in requests:
            api.content.transition(obj=request, transition=ACTIVATE, comment=comment)
            logger.info("Onboarding request %s active: first login", request.getId())
    # The login POST carries no CSRF token for the new user; these writes are ours.
    http_request = api.env.getRequest()
    if http_request is not None:
        alsoProvides(http_request, IDisableCSRFProtection)

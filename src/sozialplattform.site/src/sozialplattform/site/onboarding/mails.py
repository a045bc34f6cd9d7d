"""The onboarding's mails: their texts, sent through ``sozialplattform.site.mail``."""

from email.message import EmailMessage
from plone import api
from plone.i18n.normalizer.interfaces import IIDNormalizer
from sozialplattform.site import _
from sozialplattform.site import logger
from sozialplattform.site import mail
from sozialplattform.site.downloads import function_tag
from sozialplattform.site.downloads import ROLE_PARAMETER
from sozialplattform.site.downloads import role_tag
from sozialplattform.site.functions import all_functions
from sozialplattform.site.functions import get
from sozialplattform.site.functions import names
from sozialplattform.site.functions import titles_text
from sozialplattform.site.functions.gating import participation
from sozialplattform.site.onboarding import DOWNLOADS_ID
from sozialplattform.site.onboarding import settings
from sozialplattform.site.site_url import public_url
from urllib.parse import urlencode
from zope.component import getUtility


#: The onboarding handbook goes to every new centre editor.
ONBOARDING_HANDBOOK = "anbindung"
CENTRE_ROLE = "beratungsstelle"
SIGNATURE = _("mail_signature", default="Kind regards\nYour Sozialplattform")


#: Texts in the site's default language (mails do not follow the browser).
t = mail.translate_for_site


def function_list(functions) -> str:
    known = names()
    titles = [t(get(name).title) for name in functions if name in known]
    return titles_text(titles, t(_("conjunction_and", default="and")))


def portal_url() -> str:
    """The configured public site URL: links in mails never follow the Host header."""
    return public_url()


def downloads_url(role: str | None = None) -> str:
    """The download area, filtered for ``role`` (a ``rolle`` token) when given."""
    url = f"{portal_url()}/{DOWNLOADS_ID}"
    return f"{url}?{urlencode({ROLE_PARAMETER: role})}" if role else url


def centre_handbooks(granted) -> list[tuple[str, str]]:
    """(title, download URL) of the download area's handbooks for counselling centres.

    The onboarding handbook and those of the granted functions, in the folder's order,
    as the site holds them (titles and files maintained in the download area).
    """
    site = api.portal.get()
    folder = site.get(DOWNLOADS_ID)
    if folder is None:
        return []
    wanted = {function_tag(ONBOARDING_HANDBOOK)} | {
        function_tag(function.handbook)
        for function in all_functions()
        if function.name in granted
    }
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        path={"query": "/".join(folder.getPhysicalPath()), "depth": 1},
        portal_type="File",
        Subject=role_tag(CENTRE_ROLE),
        sort_on="getObjPositionInParent",
    )
    return [
        (brain.Title, f"{public_url(brain)}/@@download/file")
        for brain in brains
        if wanted.intersection(brain.Subject or ())
    ]


def handbooks_text(granted) -> str:
    """The access mail's paragraph: the filtered download area and the handbook files."""
    heading = t(
        _(
            "mail_access_handbooks",
            default="Handbooks for your role (counselling centre): ${url}",
            mapping={"url": downloads_url(CENTRE_ROLE)},
        )
    )
    lines = [f"- {title}: {url}" for title, url in centre_handbooks(granted)]
    return "\n".join([heading, *lines])


def state_contact(state) -> str:
    """ "Name, e-mail, phone" of the State's responsible person ("" when none is set)."""
    parts = [state.contact_name, state.contact_email, state.contact_phone]
    return ", ".join(part for part in parts if part)


def contact_address(state) -> tuple[str | None, bool]:
    """(address for new requests, whether it is the fallback from the control panel)."""
    if state.contact_email:
        return state.contact_email, False
    return settings.fallback_email(), True


def request_summary(request, state) -> str:
    return t(
        _(
            "mail_request_summary",
            default="Centre: ${title}\nCarrier: ${carrier}\nAddress: ${street}, "
            "${postcode} ${city}\nState: ${state}\nContact person: ${contact_name}\n"
            "E-mail: ${email}\nPhone: ${phone}\nWanted functions: ${functions}\n"
            "Booking tool in use: ${booking_url}\nCounselling tool in use: "
            "${counselling_url}\nMessage: ${message}",
            mapping={
                "title": request.title,
                "carrier": request.carrier or "-",
                "street": request.street or "-",
                "postcode": request.postcode,
                "city": request.city,
                "state": state.title,
                "contact_name": request.contact_name,
                "email": request.email,
                "phone": request.phone or "-",
                "functions": function_list(request.wanted_functions or ()) or "-",
                "booking_url": request.external_booking_url or "-",
                "counselling_url": request.external_counselling_url or "-",
                "message": request.message or "-",
            },
        )
    )


def greeting(request) -> str:
    return t(
        _(
            "mail_greeting",
            default="Hello ${name},",
            mapping={"name": request.contact_name},
        )
    )


def missing_functions(request, state) -> list[str]:
    """Wanted functions the State does not take part in."""
    taking_part = participation(state)
    return [
        name
        for name in (request.wanted_functions or ())
        if name in taking_part and not taking_part[name]
    ]


def not_participating_text(request, state, granted: bool = False) -> str:
    """The wanted functions ``state`` does not take part in, in one or more words.

    While the request is open it continues for the rest; once access is ``granted`` the
    text only says what could not be switched on.
    """
    missing = missing_functions(request, state)
    if not missing:
        return ""
    mapping = {"state": state.title, "functions": function_list(missing)}
    one = len(missing) == 1
    if granted and one:
        message = _(
            "mail_access_not_participating_one",
            default="Please note: ${state} does not take part in ${functions} at the "
            "moment, so we could not switch this function on for you.",
            mapping=mapping,
        )
    elif granted:
        message = _(
            "mail_access_not_participating",
            default="Please note: ${state} does not take part in ${functions} at the "
            "moment, so we could not switch these functions on for you.",
            mapping=mapping,
        )
    elif one:
        message = _(
            "mail_not_participating_one",
            default="Please note: ${state} does not take part in ${functions} at the "
            "moment, so we cannot offer you this function now. Your request continues "
            "for the finder and the self-service.",
            mapping=mapping,
        )
    else:
        message = _(
            "mail_not_participating",
            default="Please note: ${state} does not take part in ${functions} at the "
            "moment, so we cannot offer you these functions now. Your request continues "
            "for the finder and the self-service.",
            mapping=mapping,
        )
    return t(message)


def avv_filename(request) -> str:
    """``Auftragsverarbeitungsvertrag-<centre>.pdf``: what the file is and for whom."""
    name = getUtility(IIDNormalizer).normalize(request.title, max_length=60)
    return f"Auftragsverarbeitungsvertrag-{name}.pdf"


def contact_text(state) -> str:
    contact = state_contact(state)
    if not contact:
        return ""
    return t(
        _(
            "mail_contact",
            default="Your contact in ${state}: ${contact}",
            mapping={"state": state.title, "contact": contact},
        )
    )


def notify_contact(request, state, repeated: bool = False) -> EmailMessage | None:
    """The State's responsible person (or the fallback address) learns of the request."""
    address, fallback = contact_address(state)
    if not address:
        logger.warning(
            "Onboarding request %s: no e-mail address for %s and no fallback address",
            request.getId(),
            state.title,
        )
        return None
    url = public_url(request)
    if repeated:
        subject = t(
            _(
                "mail_subject_duplicate_contact",
                default="Repeated onboarding request: ${title}",
                mapping={"title": request.title},
            )
        )
        paragraphs = [
            t(
                _(
                    "mail_duplicate_contact_body",
                    default="The centre submitted the form again; the new details were "
                    "added to the notes of the open request: ${url}",
                    mapping={"url": url},
                )
            )
        ]
    else:
        subject = t(
            _(
                "mail_subject_new_request",
                default="New onboarding request: ${title}",
                mapping={"title": request.title},
            )
        )
        paragraphs = [
            t(
                _(
                    "mail_new_request_intro",
                    default="A counselling centre in ${state} asks to be connected to the "
                    "Sozialplattform.",
                    mapping={"state": state.title},
                )
            ),
            request_summary(request, state),
            t(
                _(
                    "mail_new_request_link",
                    default="Open the request (log in as state editor): ${url}",
                    mapping={"url": url},
                )
            ),
            t(
                _(
                    "mail_new_request_next",
                    default="Next step: send the AVV to the centre with the transition "
                    '"Send AVV".',
                )
            ),
        ]
    if fallback:
        paragraphs.append(
            t(
                _(
                    "mail_fallback_note",
                    default="You receive this mail because ${state} has no e-mail address "
                    "of a responsible person. Please forward it or enter the address in "
                    "the state's settings.",
                    mapping={"state": state.title},
                )
            )
        )
    return mail.send(address, subject, paragraphs, reply_to=request.email)


def confirm_to_requester(request, state) -> EmailMessage | None:
    """The requester's confirmation with the next steps."""
    subject = t(
        _(
            "mail_subject_confirmation",
            default="Your onboarding request to the Sozialplattform",
        )
    )
    paragraphs = [
        greeting(request),
        t(
            _(
                "mail_confirmation_intro",
                default="thank you for your request to connect ${title} to the "
                "Sozialplattform. We have passed it on to the person responsible in "
                "${state}.",
                mapping={"title": request.title, "state": state.title},
            )
        ),
        not_participating_text(request, state),
        t(
            _(
                "mail_next_steps",
                default="The next steps:\n1. The responsible person checks your request "
                "and sends you the agreement on commissioned data processing (AVV).\n"
                "2. You sign the AVV and send it back; the responsible person signs it, "
                "too.\n3. You receive an e-mail with a link to set your password and a "
                "step-by-step guide.\n4. You log in, complete your centre's data and "
                "submit it for review.",
            )
        ),
        t(
            _(
                "mail_finder_free",
                default="The entry in the finder and the self-service are free of charge "
                "for every counselling centre in Germany.",
            )
        ),
        contact_text(state),
        t(_("mail_your_details", default="Your details:"))
        + "\n"
        + request_summary(request, state),
        t(
            _(
                "mail_handbooks",
                default="Handbooks and the AVV template: ${url}",
                mapping={"url": downloads_url()},
            )
        ),
        t(SIGNATURE),
    ]
    return mail.send(
        request.email, subject, paragraphs, reply_to=contact_address(state)[0]
    )


def duplicate_to_requester(request, state) -> EmailMessage | None:
    subject = t(_("mail_subject_duplicate", default="Your request is already with us"))
    paragraphs = [
        greeting(request),
        t(
            _(
                "mail_duplicate_body",
                default="we already have an open request for ${title} with your e-mail "
                "address and postcode. We added your new submission to it, so you do not "
                "need to do anything; the responsible person in ${state} will get in "
                "touch with you.",
                mapping={"title": request.title, "state": state.title},
            )
        ),
        contact_text(state),
        t(SIGNATURE),
    ]
    return mail.send(
        request.email, subject, paragraphs, reply_to=contact_address(state)[0]
    )


def send_avv(request, state, avv, comment: str = "") -> EmailMessage | None:
    """The AVV document as an attachment to the requester."""
    contact = state_contact(state) or t(
        _("mail_avv_contact_fallback", default="the responsible person")
    )
    paragraphs = [
        greeting(request),
        t(
            _(
                "mail_avv_body",
                default="attached is the agreement on commissioned data processing (AVV) "
                "for ${title}. Please sign it and send it back to ${contact}. As soon as "
                "both signatures are there, you receive your access.",
                mapping={"title": request.title, "contact": contact},
            )
        ),
    ]
    if comment:
        paragraphs.append(
            t(
                _(
                    "mail_comment",
                    default="Note from the responsible person: ${comment}",
                    mapping={"comment": comment},
                )
            )
        )
    paragraphs.append(t(SIGNATURE))
    # the operator's upload may be called anything ("avv-muster.pdf"): name it for the centre
    attachment = mail.Attachment(
        avv_filename(request), avv.file.data, avv.file.contentType or "application/pdf"
    )
    subject = t(
        _(
            "mail_subject_avv",
            default="Agreement on commissioned data processing (AVV) for ${title}",
            mapping={"title": request.title},
        )
    )
    return mail.send(
        request.email,
        subject,
        paragraphs,
        reply_to=contact_address(state)[0],
        attachments=(attachment,),
    )


def send_access(
    request,
    state,
    *,
    centre,
    login: str,
    reset_url: str,
    expires: str,
    existing_account: bool,
) -> EmailMessage | None:
    """Access mail: set-password link, step-by-step guide, handbooks for centre editors."""
    granted = list(request.granted_functions or ())
    mapping = {"title": request.title, "login": login}
    if existing_account:
        intro = _(
            "mail_access_intro_existing",
            default="your access for ${title} is ready. Log in with your existing user "
            "name: ${login}",
            mapping=mapping,
        )
    else:
        intro = _(
            "mail_access_intro",
            default="your access for ${title} is ready. Your user name is your "
            "e-mail address: ${login}",
            mapping=mapping,
        )
    paragraphs = [greeting(request), t(intro)]
    if existing_account:
        paragraphs.append(
            t(
                _(
                    "mail_access_existing_account",
                    default="You already have an account with this e-mail address; the "
                    "new centre was added to it. If you know your password, skip step 1.",
                )
            )
        )
    paragraphs += [
        t(
            _(
                "mail_access_steps",
                default="Step by step:\n1. Set your password: ${reset_url}\n   The link "
                "works once and expires on ${expires}. We never send passwords by "
                "e-mail.\n2. Log in: ${login_url}\n3. Complete your centre's data "
                "(address, opening hours, offers): ${centre_url}\n4. Submit the data for "
                "review; the state editors check and publish it.",
                mapping={
                    "reset_url": reset_url,
                    "expires": expires,
                    "login_url": f"{portal_url()}/login",
                    "centre_url": public_url(centre),
                },
            )
        ),
        t(
            _(
                "mail_access_function",
                default="Granted function: ${functions}",
                mapping={"functions": function_list(granted)},
            )
            if len(granted) == 1
            else _(
                "mail_access_functions",
                default="Granted functions: ${functions}",
                mapping={"functions": function_list(granted)},
            )
        ),
        not_participating_text(request, state, granted=True),
        handbooks_text(granted),
        contact_text(state),
        t(SIGNATURE),
    ]
    subject = t(_("mail_subject_access", default="Your access to the Sozialplattform"))
    return mail.send(
        request.email, subject, paragraphs, reply_to=contact_address(state)[0]
    )


def send_rejection(request, state, comment: str) -> EmailMessage | None:
    subject = t(
        _(
            "mail_subject_rejected",
            default="Your onboarding request: ${title}",
            mapping={"title": request.title},
        )
    )
    paragraphs = [
        greeting(request),
        t(
            _(
                "mail_rejected_body",
                default="unfortunately we cannot connect ${title} to the Sozialplattform. "
                "Reason: ${comment}",
                mapping={"title": request.title, "comment": comment},
            )
        ),
        contact_text(state),
        t(SIGNATURE),
    ]
    return mail.send(
        request.email, subject, paragraphs, reply_to=contact_address(state)[0]
    )

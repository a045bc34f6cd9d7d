"""Business rules of centres that need more than one field or the containing State.

Plain functions: the REST deserializer, the form validators and the bulk import call them and
turn the returned ``(field, message)`` pairs into a 400, field errors or report lines.
"""

from sozialplattform.site import _
from sozialplattform.site.functions import gated
from sozialplattform.site.functions import switches
from sozialplattform.site.geo import lookup
from sozialplattform.site.geo import state_by_id
from zope.i18nmessageid import Message


#: The fields ``centre_errors`` reads: a change of one of them is checked again.
RULE_FIELDS = ("postcode", "latitude", "longitude", *switches())


def postcode_state_error(postcode: str, state_code: str | None) -> Message | None:
    """The postcode must lie in the State the centre is stored in."""
    if not isinstance(postcode, str) or not state_code:
        return None
    info = lookup(postcode)
    if info is None:
        return None
    codes = {state_by_id(state_id).code for state_id in info.state_ids}
    if state_code in codes:
        return None
    right = state_by_id(info.state_id)
    return _(
        "error_postcode_other_state",
        default="Postcode ${postcode} lies in ${state}; add the centre there.",
        mapping={"postcode": postcode, "state": right.name},
    )


def function_flag_errors(values: dict, state) -> list[tuple[str, Message]]:
    """Booking and online counselling can only be switched on where the state takes part."""
    errors = []
    for function in gated():
        flag = function.switch
        if values.get(flag) and not getattr(state, function.participation, False):
            errors.append(
                (
                    flag,
                    _(
                        "error_state_not_participating",
                        default="${state} does not take part in this function.",
                        mapping={"state": getattr(state, "title", "")},
                    ),
                )
            )
    return errors


def switched_on_flags(new_values: dict, stored) -> dict[str, bool]:
    """The function flags as the State rule sees them: True only when switched on now.

    ``new_values`` are the submitted values, ``stored`` the centre they change (None for a
    new one). A flag that is already True stays allowed after its State left the function
    (gating hides the function anyway), so editors can still save the centre.
    """
    return {
        flag: new_values.get(flag) is True and not getattr(stored, flag, False)
        for flag in switches()
    }


def coordinates_error(values: dict) -> tuple[str, Message] | None:
    """Latitude and longitude come as a pair."""
    latitude, longitude = values.get("latitude"), values.get("longitude")
    if (latitude is None) != (longitude is None):
        field = "longitude" if longitude is None else "latitude"
        return (
            field,
            _(
                "error_coordinates_pair",
                default="Give latitude and longitude together, or neither.",
            ),
        )
    return None


def centre_errors(values: dict, state) -> list[tuple[str, Message]]:
    """All cross-field errors of a centre's ``values`` stored in ``state``."""
    errors = []
    if "postcode" in values:
        message = postcode_state_error(values["postcode"], getattr(state, "code", None))
        if message:
            errors.append(("postcode", message))
    errors.extend(function_flag_errors(values, state))
    pair = coordinates_error(values)
    if pair:
        errors.append(pair)
    return errors

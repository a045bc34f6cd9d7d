"""The platform's functions, each described once.

A function is what a counselling centre offers on the platform: the finder entry with the
self-service (open to every centre), online booking and online counselling (gated: the
centre's State takes part, the function was granted, the centre switched it on; see
``gating``). The description names the fields and the view that belong to it, so rules,
the REST serializer, the finder, the onboarding and the download area ask here instead of
keeping their own mapping.

A subpackage plugs in with the view named ``Function.view`` for ``ICounsellingCentre``
(ZCML ``browser:page``): from then on ``gating.links`` points at that page instead of the
centre's external tool. A function the platform does not know yet is added with
``register`` when its module is imported, together with its schema fields.
"""

from dataclasses import dataclass
from sozialplattform.site import _
from zope.i18nmessageid import Message


@dataclass(frozen=True)
class Function:
    name: str
    title: Message
    #: Token of its handbooks in the download area (keyword ``funktion:<token>``).
    handbook: str
    #: Field of the State: the State takes part. None: open to every centre.
    participation: str | None = None
    #: Field of the centre: the centre switched the function on.
    switch: str | None = None
    #: Field of the centre: the centre's own tool, linked while ours is not available.
    external_url: str | None = None
    #: Name of the view on a centre that offers the function on the platform.
    view: str | None = None
    #: What a visitor gets, for the front page; ``${states}``: the States taking part.
    summary: Message | None = None

    @property
    def gated(self) -> bool:
        return self.participation is not None


_registry: dict[str, Function] = {}


def register(function: Function) -> Function:
    """Add ``function`` (or replace the one of that name); returns it."""
    _registry[function.name] = function
    return function


def get(name: str) -> Function:
    """The function called ``name``; ``KeyError`` for an unknown one."""
    return _registry[name]


def all_functions() -> tuple[Function, ...]:
    """Every function, in the order of registration (finder, booking, counselling)."""
    return tuple(_registry.values())


def names() -> tuple[str, ...]:
    return tuple(_registry)


def gated() -> tuple[Function, ...]:
    """The functions that need the State, a grant and the centre's switch."""
    return tuple(function for function in _registry.values() if function.gated)


def titles_text(titles, conjunction: str) -> str:
    """``"A, B and C"`` of the (translated) ``titles``, with the translated ``conjunction``."""
    titles = list(titles)
    if len(titles) < 2:
        return "".join(titles)
    return f"{', '.join(titles[:-1])} {conjunction} {titles[-1]}"


def switches() -> tuple[str, ...]:
    """The centre's fields that switch the gated functions on (``booking_enabled``, ...)."""
    return tuple(function.switch for function in gated())


def external_urls() -> tuple[str, ...]:
    """The centre's fields for its own tools (``external_booking_url``, ...)."""
    return tuple(function.external_url for function in gated())


def tool_fields() -> dict[str, str]:
    """The interest form's field for each own tool: ``{"booking_tool_url": ...}``."""
    return {f"{function.name}_tool_url": function.external_url for function in gated()}


FINDER = register(
    Function(
        "finder",
        _("function_finder", default="Finder & self-service"),
        handbook="finder",
        summary=_(
            "function_finder_summary",
            default="Search counselling centres by topic or life situation, place and "
            "radius, language, target group and counselling channel. The centres keep "
            "their entries up to date themselves.",
        ),
    )
)
BOOKING = register(
    Function(
        "booking",
        _("function_booking", default="Online booking"),
        handbook="terminbuchung",
        participation="booking_participation",
        switch="booking_enabled",
        external_url="external_booking_url",
        view="booking",
        summary=_(
            "function_booking_summary",
            default="In ${states} you can book appointments online with the centres "
            "that offer it.",
        ),
    )
)
COUNSELLING = register(
    Function(
        "counselling",
        _("function_counselling", default="Online counselling"),
        handbook="onlineberatung",
        participation="counselling_participation",
        switch="online_counselling_enabled",
        external_url="external_counselling_url",
        view="online-counselling",
        summary=_(
            "function_counselling_summary",
            default="In ${states} you can get counselling online from the centres that "
            "offer it.",
        ),
    )
)

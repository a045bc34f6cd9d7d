"""``make reminders``: the booking's maintenance run (hourly from cron).

Mails the reminders that are due (``booking.reminders``) and anonymises the bookings
past their retention period (``booking.retention``; ``make purge`` runs that policy
too, with the others), in every Plone site, one transaction each.
"""

from sozialplattform.site.maintenance import Command
from sozialplattform.site.maintenance import register


WHILE_RUNNING = (
    "While the instance runs, let cron call the REST service instead:\n"
    "  curl -fsS -X POST -u <admin>:<password> -H 'Accept: application/json' "
    "https://<host>/<site>/++api++/@booking-maintenance\n"
    "(see docs/operators/booking.md)."
)


def reminders(app, arguments: list[str]) -> int:
    from plone.distribution.api.site import get_sites
    from sozialplattform.site.booking.maintenance import run
    from zope.component.hooks import setSite

    for site in get_sites(app):
        setSite(site)
        result = run(site)
        print(f"{site.getId()}: reminders sent: {len(result['reminded'])}")
        print(
            f"{site.getId()}: expired bookings anonymised: {len(result['anonymised'])}"
        )
        print(f"{site.getId()}: finder summaries refreshed: {result['refreshed']}")
    return 0


register(
    Command(
        "reminders",
        reminders,
        help="mail the booking reminders due and anonymise expired bookings",
        while_running=WHILE_RUNNING,
    )
)

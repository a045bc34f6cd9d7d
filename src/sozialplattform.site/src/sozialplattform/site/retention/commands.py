"""``make purge``: run every registered retention policy in every Plone site."""

from sozialplattform.site.maintenance import Command
from sozialplattform.site.maintenance import register


WHILE_RUNNING = (
    "While the instance runs, let cron call the REST service instead:\n"
    "  curl -fsS -X POST -u <admin>:<password> -H 'Accept: application/json' "
    "https://<host>/<site>/++api++/@purge-onboarding-requests\n"
    "(see docs/operators/onboarding-retention.md)."
)


def purge(app, arguments: list[str]) -> int:
    from plone.distribution.api.site import get_sites
    from sozialplattform.site.retention import policies
    from sozialplattform.site.retention import purge as purge_policy
    from zope.component.hooks import setSite
    import transaction

    for site in get_sites(app):
        setSite(site)
        for name, policy in policies():
            removed = purge_policy(site, policy)
            transaction.get().note(f"Retention {name} in {site.getId()}")
            transaction.commit()
            print(
                f"{site.getId()}: expired {policy.label or name} {policy.outcome}: "
                f"{len(removed)}"
            )
            for path in removed:
                print(f"  {path}")
    return 0


register(
    Command(
        "purge",
        purge,
        help="delete what the retention policies find expired",
        while_running=WHILE_RUNNING,
    )
)

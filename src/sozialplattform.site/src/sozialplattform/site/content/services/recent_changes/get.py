"""GET /<state>/@recent-changes."""

from plone.restapi.services import Service
from sozialplattform.site.content.changes import recent_changes


class RecentChangesGet(Service):
    def reply(self):
        items = recent_changes(self.context)
        return {
            "@id": f"{self.context.absolute_url()}/@recent-changes",
            "items": items,
            "items_total": len(items),
        }

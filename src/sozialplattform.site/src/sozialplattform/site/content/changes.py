"""Recent changes of centres and offers below a State (for the state editors)."""

from plone import api


def recent_changes(context, limit: int = 50) -> list[dict]:
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.searchResults(
        path="/".join(context.getPhysicalPath()),
        portal_type=["CounsellingCentre", "CounsellingOffer"],
        sort_on="modified",
        sort_order="descending",
        sort_limit=limit,
    )[:limit]
    return [
        {
            "@id": brain.getURL(),
            "@type": brain.portal_type,
            "title": brain.Title,
            "review_state": brain.review_state,
            "modified": brain.modified.ISO8601(),
            "last_reviewed": brain.last_reviewed.isoformat()
            if brain.last_reviewed
            else None,
        }
        for brain in brains
    ]

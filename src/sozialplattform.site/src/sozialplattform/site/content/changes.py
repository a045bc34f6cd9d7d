"""Recent changes of centres and offers below a State (for the state editors)."""

from plone import api
from zope.i18n import translate
from zope.i18nmessageid import Message


def _titles(request) -> tuple[dict, dict]:
    """Translated type titles and workflow state titles of centres and offers."""
    types = api.portal.get_tool("portal_types")
    workflow = api.portal.get_tool("portal_workflow")
    type_titles, state_titles = {}, {}
    for type_id in ("CounsellingCentre", "CounsellingOffer"):
        fti = types.getTypeInfo(type_id)
        type_titles[type_id] = translate(
            Message(fti.title, domain=fti.i18n_domain), context=request
        )
        for wf in workflow.getChainForPortalType(type_id):
            for state in workflow[wf].states.objectValues():
                state_titles[state.id] = translate(
                    Message(state.title, domain="sozialplattform.site"), context=request
                )
    return type_titles, state_titles


def recent_changes(context, limit: int = 50) -> list[dict]:
    catalog = api.portal.get_tool("portal_catalog")
    type_titles, state_titles = _titles(api.env.getRequest())
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
            "type_title": type_titles.get(brain.portal_type, brain.portal_type),
            "state_title": state_titles.get(brain.review_state, brain.review_state),
            "modified": brain.modified.ISO8601(),
            "last_reviewed": brain.last_reviewed.isoformat()
            if brain.last_reviewed
            else None,
        }
        for brain in brains
    ]

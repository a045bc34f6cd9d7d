"""Versions hold content, not security: a CMFEditions modifier and its import step.

CMFEditions reverts by copying the stored clone's ``__dict__`` onto the working copy. Its
standard modifiers keep the working copy's workflow state, history and permission settings
(``RetainWorkflowStateAndHistory``, ``RetainPermissionsSettings``), but nothing keeps the
local roles or the owner: reverting would restore the sharing of the old version. The
same holds for the platform's own annotations (keys ``sozialplattform.*``: the functions
granted to the centre, and what booking and counselling keep there): they are state of
the platform, not content, and a revert must not bring back a revoked grant. The modifier
below drops both from every saved version and keeps the working copy's on retrieve
(revert, and the old versions saved before it existed).

``modifiers.xml`` of the profile names the modifiers that must be present and enabled.
"""

from Acquisition import aq_base
from BTrees.OOBTree import OOBTree
from Products.CMFCore.utils import getToolByName
from Products.CMFEditions import StandardModifiers
from Products.CMFEditions.interfaces.IModifier import ISaveRetrieveModifier
from Products.CMFEditions.Modifiers import ConditionalModifier
from xml.etree import ElementTree
from zope.interface import implementer


MODIFIER_ID = "RetainSharingAndOwnership"
#: Security state of an item that a version must neither store nor restore.
SHARING_ATTRIBUTES = ("__ac_local_roles__", "__ac_local_roles_block__", "_owner")
#: Annotation keys of the platform's state (grants, links, tokens), never versioned.
PLATFORM_ANNOTATION_PREFIX = "sozialplattform."
#: zope.annotation's attribute annotations (``AttributeAnnotations``) live here.
ANNOTATIONS = "__annotations__"


def platform_keys(annotations) -> list[str]:
    return [
        key
        for key in (annotations or {})
        if isinstance(key, str) and key.startswith(PLATFORM_ANNOTATION_PREFIX)
    ]


def keep_platform_annotations(current: dict, clone) -> None:
    """The clone's platform annotations become those of ``current`` (an object dict)."""
    mine = clone.__dict__.get(ANNOTATIONS)
    for key in platform_keys(mine):
        del mine[key]
    theirs = current.get(ANNOTATIONS)
    keys = platform_keys(theirs)
    if keys and mine is None:
        mine = clone.__dict__[ANNOTATIONS] = OOBTree()
    for key in keys:
        mine[key] = theirs[key]


@implementer(ISaveRetrieveModifier)
class RetainSharingAndOwnership:
    """Local roles, blocked inheritance and owner always come from the working copy."""

    def beforeSaveModifier(self, obj, clone):
        for name in SHARING_ATTRIBUTES:
            clone.__dict__.pop(name, None)
        keep_platform_annotations({}, clone)
        return {}, [], []

    def afterRetrieveModifier(self, obj, repo_clone, preserve=()):
        if obj is None:  # retrieving a deleted item: nothing current to keep
            return [], [], {}
        current = aq_base(obj).__dict__
        for name in SHARING_ATTRIBUTES:
            if name in current:
                setattr(repo_clone, name, current[name])
            else:
                # revert copies only the clone's attributes: the working copy
                # keeps lacking it
                repo_clone.__dict__.pop(name, None)
        keep_platform_annotations(current, repo_clone)
        return [], [], {}


def register_modifier(portal_modifier) -> None:
    if MODIFIER_ID in portal_modifier.objectIds():
        return
    wrapper = ConditionalModifier(
        MODIFIER_ID,
        RetainSharingAndOwnership(),
        "Retains local roles, blocked inheritance, owner and platform annotations of the "
        "working copy.",
    )
    wrapper.edit(enabled=True)
    portal_modifier.register(MODIFIER_ID, wrapper)


def apply_modifiers(portal_modifier, xml: bytes) -> list[str]:
    """Install and enable or disable the modifiers listed; returns the enabled ids."""
    enabled = []
    for node in ElementTree.fromstring(xml).iter("modifier"):
        modifier_id = node.get("id")
        if modifier_id == MODIFIER_ID:
            register_modifier(portal_modifier)
        elif modifier_id not in portal_modifier.objectIds():
            StandardModifiers.install(portal_modifier, ids=[modifier_id])
        if modifier_id not in portal_modifier.objectIds():
            raise ValueError(f"modifiers.xml: unknown modifier {modifier_id!r}")
        on = node.get("enabled", "True") == "True"
        wrapper = portal_modifier.get(modifier_id)
        wrapper.edit(enabled=on, title=wrapper.title)  # edit() resets a missing title
        if on:
            enabled.append(modifier_id)
    return enabled


def import_modifiers(context) -> None:
    """GenericSetup step ``modifiers.xml`` (CMFEditions has none for portal_modifier)."""
    xml = context.readDataFile("modifiers.xml")
    if xml is None:
        return
    portal_modifier = getToolByName(context.getSite(), "portal_modifier")
    enabled = apply_modifiers(portal_modifier, xml)
    context.getLogger("modifiers").info("Enabled modifiers: %s", ", ".join(enabled))

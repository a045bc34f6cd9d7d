"""Add and edit forms of the types with shared behaviour fields (content/behaviors.py).

Dexterity's forms prefix a behaviour's widgets with the behaviour's name; for the fields
that came from the types' own schemas the names stay unprefixed (``form.widgets.city``),
through plone.autoform's ``getPrefix`` hook, so forms, tests and handbooks keep working.
"""

from plone.dexterity.browser import add
from plone.dexterity.browser import edit
from plone.z3cform import layout
from sozialplattform.site.content.behaviors import UNPREFIXED


class UnprefixedSharedFields:
    def getPrefix(self, schema):
        return "" if schema in UNPREFIXED else super().getPrefix(schema)


class AddForm(UnprefixedSharedFields, add.DefaultAddForm):
    pass


class AddView(add.DefaultAddView):
    form = AddForm


class EditForm(UnprefixedSharedFields, edit.DefaultEditForm):
    pass


EditView = layout.wrap_form(EditForm)

"""Add and edit forms of the types with shared behaviour fields (content/behaviors.py).

Dexterity's forms and views prefix a behaviour's widgets with the behaviour's name; for
the fields that came from the types' own schemas the names stay unprefixed
(``form.widgets.city``), through plone.autoform's ``getPrefix`` hook, so the forms, their
field order, tests and handbooks stay as they were. Display views mix in
``UnprefixedSharedFields`` too (onboarding/views.py ``RequestView``).
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

"""The empty choice of a drop-down list, translated ("- Pilih -" in Indonesian).

Django 6.1 labels the empty choice of a model field or a ModelChoiceField with
`django.db.models.fields.BLANK_CHOICE_LABEL`, gettext "- Select an option -", which Django's
own catalog does not translate to Indonesian; ucj/locale/id does. The project's own choice
lists use the same message, so every empty choice reads alike in both languages.
"""

from django.utils.translation import gettext_lazy as _

EMPTY_LABEL = _("- Select an option -")
EMPTY_CHOICE = ("", EMPTY_LABEL)

from django.contrib import admin

from gongkai.core.adminkit import ReferenceDataAdmin
from gongkai.search.models import Term


@admin.register(Term)
class TermAdmin(ReferenceDataAdmin):
    """The search dictionary: words kept whole and their synonyms (audited; searches pick changes up within
    five minutes)."""

    list_display = ("word", "synonyms")
    search_fields = ("word", "synonyms")

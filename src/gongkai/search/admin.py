from django.contrib import admin

from gongkai.search.models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin[Term]):
    list_display = ("word", "synonyms")
    search_fields = ("word", "synonyms")

"""The tantivy schema of the search index (see engine.py for what each field holds).

``CONTENT_VERSION`` numbers what a generation holds: a generation written by an older gongkai (no marker
file, or a lower number) is brought up to date by the worker (services.search_upgrade_index)."""

from __future__ import annotations

import tantivy

#: 2: agencies (content type "agency") are indexed.
CONTENT_VERSION = 2


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=True, tokenizer_name="raw")
    sb.add_text_field("kind", stored=True, fast=True, tokenizer_name="raw")
    sb.add_text_field("title_words", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("title_grams", tokenizer_name="whitespace")
    sb.add_text_field("words", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("grams", tokenizer_name="whitespace")
    sb.add_text_field("doc_number", stored=True, tokenizer_name="raw")
    sb.add_text_field("index_no", stored=True, tokenizer_name="raw")
    sb.add_text_field("agency", stored=True, fast=True, tokenizer_name="raw")
    sb.add_text_field("divs", tokenizer_name="raw")
    for name in ("level", "category", "topic", "validity"):
        sb.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    sb.add_integer_field("day", stored=True, indexed=True, fast=True)
    sb.add_float_field("rank", fast=True)
    sb.add_bytes_field(
        "payload", stored=True
    )  # title and display fields, JSON (the text stays in the database)
    return sb.build()


SCHEMA = _schema()

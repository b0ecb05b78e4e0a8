# Indexes the expression Wagtail's PostgreSQL search backend matches pages by.
#
# The backend finds a page when ``title || body`` (the two tsvectors of its search index entry,
# joined) matches the query. The entries table has GIN indexes on ``title`` and on ``body``, but
# none on the joined expression, so every search (and every count of its results) read and
# unpacked every page's tsvector: at a trust's thousand policies that was most of the search
# page's database time. PostgreSQL uses an index on an expression when a query's condition is
# that same expression; with this one, matching and counting are index scans.
#
# PostgreSQL only: SQLite searches with FTS5, which keeps its own index.

from django.db import migrations

INDEX = "wagtailsearch_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "wagtailsearch_indexentry" USING gin (("title" || "body"))'
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0007_merge_documents_and_governance"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]

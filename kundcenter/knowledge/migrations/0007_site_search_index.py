"""The one search box's index (kundcenter.knowledge.site_search): SearchEntry with a
tsvector column and GIN index on PostgreSQL, an FTS5 table on SQLite, its vocabulary
with a trigram index, and an article's ticket category; then every visible item indexed.
"""

import django.db.models.deletion
from django.db import migrations, models


POSTGRES_FORWARD = [
    "ALTER TABLE knowledge_searchentry ADD COLUMN search_vector tsvector",
    # The vector stays in the row and the long body goes to TOAST: ranking reads narrow
    # rows (see 0008 for the articles' table).
    "ALTER TABLE knowledge_searchentry ALTER COLUMN search_vector SET STORAGE MAIN",
    "ALTER TABLE knowledge_searchentry SET (toast_tuple_target = 1024)",
    "CREATE INDEX knowledge_searchentry_search ON knowledge_searchentry "
    "USING GIN (search_vector) WITH (fastupdate = off)",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX knowledge_sitesearchterm_trigram ON knowledge_sitesearchterm "
    "USING GIST (term gist_trgm_ops)",
]
# Filtered on first, unindexed: read without the long columns (as knowledge_article_fts).
SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE knowledge_searchentry_fts USING fts5(
        visible_from UNINDEXED, kind UNINDEXED, module UNINDEXED, title, tags, body,
        tokenize = 'unicode61 remove_diacritics 0'
    )
    """,
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in POSTGRES_FORWARD if vendor == "postgresql" else SQLITE_FORWARD:
        schema_editor.execute(statement)
    from kundcenter.knowledge.site_search import rebuild_site_index

    rebuild_site_index(using=schema_editor.connection.alias)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS knowledge_searchentry_fts")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_team_new_ticket_mail'),
        ('knowledge', '0006_deflection_counts'),
        ('academy', '0002_news'),
        ('catalog', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='SiteSearchTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(max_length=100, unique=True)),
                ('article_count', models.PositiveIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'site search term',
                'verbose_name_plural': 'site search terms',
            },
        ),
        migrations.AddField(
            model_name='article',
            name='category',
            field=models.CharField(blank=True, choices=[('support', 'Support question'), ('bug', 'Software bug'), ('request', 'Feature request'), ('order', 'Order')], help_text='The kind of ticket it answers, if one; empty for any.', max_length=10, verbose_name='ticket category'),
        ),
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('article', 'Questions and answers'), ('page', 'Academy'), ('video', 'Video'), ('release', 'Release notes'), ('service', 'Services')], max_length=10)),
                ('object_id', models.PositiveBigIntegerField()),
                ('category', models.CharField(blank=True, max_length=12)),
                ('title', models.CharField(max_length=200)),
                ('tags', models.CharField(blank=True, max_length=300)),
                ('body', models.TextField(blank=True)),
                ('path', models.CharField(max_length=300)),
                ('visible_from', models.DateField(blank=True, null=True)),
                ('module', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.module')),
            ],
            options={
                'verbose_name': 'search entry',
                'verbose_name_plural': 'search entries',
                'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='kb_searchentry_item')],
            },
        ),
        migrations.RunPython(forward, backward),
    ]

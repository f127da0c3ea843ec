"""Create the database cache table (settings.CACHES without REDIS_URL) as part of `migrate`.

The directory cache and the rate limits read it on every request; a deployment that forgot
`manage.py createcachetable` served 500s. `createcachetable` is idempotent and does nothing for
other cache backends (Redis).
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("communities", "0007_merge_search_and_names")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]

"""Everything `make run` does before serving, in one process. Development only.

The same steps as running ``migrate --noinput``, ``createcachetable``, ``load_categories
<categories.csv>`` (when that file lies beside the communities CSV), ``import_communities <csv>``
and ``seed_demo`` one after the other, with the same output, but
Django starts once instead of four times: a second `make run` serves within seconds even on a
busy machine. Every step is idempotent, so running this again changes nothing.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO_CSV = Path("data") / "demo_communities.csv"  # under BASE_DIR


class Command(BaseCommand):
    help = (
        "Migrate, create the cache table, import the demo communities and create the demo "
        "accounts (seed_demo: DEBUG only), in one process."
    )
    # migrate runs the system checks (database ones included), as `manage.py migrate` does.
    requires_system_checks = []

    def add_arguments(self, parser):
        """``csv_file``: the communities to import, default ``<BASE_DIR>/data/demo_communities.csv``."""
        parser.add_argument("csv_file", nargs="?", type=Path)

    def handle(self, *args, csv_file: Path | None, **options):
        """Run the steps in order; stops at the first that fails.

        Args:
            csv_file: the CSV file for import_communities (None: the demo file).
            **options: ``verbosity``, and ``stdout`` / ``stderr`` when called from code, are
                passed on to every step.

        Raises:
            CommandError: from a step, e.g. an unreadable CSV file, or seed_demo with DEBUG=0
                (the steps before it have then run, as with the separate commands).
        """
        csv_file = csv_file or Path(settings.BASE_DIR) / DEMO_CSV
        common = {name: options[name] for name in ("stdout", "stderr") if options.get(name)}
        common["verbosity"] = options["verbosity"]
        call_command("migrate", interactive=False, skip_checks=False, **common)
        # Quiet: migration 0008 has normally made the table, and "already exists" alarms people.
        call_command("createcachetable", **{**common, "verbosity": 0})
        # The curated list first, so the communities' free-text categories are filed under it.
        categories = csv_file.parent / "categories.csv"
        if categories.is_file():
            call_command("load_categories", str(categories), **common)
        call_command("import_communities", str(csv_file), **common)
        call_command("seed_demo", **common)

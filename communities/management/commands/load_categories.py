from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communities.services.categories import categories_load


class Command(BaseCommand):
    help = (
        "Load a curated list of categories: CSV with columns name and aliases (separated by ;). "
        "Existing categories named by an alias are merged in. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)

    def handle(self, *args, csv_file: Path, **options):
        try:
            text = csv_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {csv_file}: {error}") from error
        report = categories_load(text)
        for line, reason in report.errors:
            self.stderr.write(self.style.ERROR(f"{csv_file}, line {line}: {reason}"))
        merged = f", merged {', '.join(report.merged)}" if report.merged else ""
        self.stdout.write(
            f"{csv_file}: {report.created} categories created, {report.updated} updated{merged}"
        )

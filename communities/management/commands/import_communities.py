from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communities.importing import ImportFileError, import_communities


class Command(BaseCommand):
    help = "Import or update communities from a CSV file (format: README, 'Importing a CSV')."

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)

    def handle(self, *args, csv_file: Path, **options):
        try:
            raw = csv_file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {csv_file}: {error.strerror}") from error
        try:
            report = import_communities(raw)
        except ImportFileError as error:
            raise CommandError(f"{csv_file}: {error} Nothing was imported.") from error
        for note in report.notes:
            self.stderr.write(self.style.WARNING(f"{csv_file}: {note}"))
        for line, what in report.matched:
            self.stdout.write(f"{csv_file}, line {line}: {what}")
        for line, reason in report.errors:
            self.stderr.write(self.style.ERROR(f"{csv_file}, line {line}: {reason}"))
        for line, address, name in report.leaders:
            self.stdout.write(f"{csv_file}, line {line}: {address} leads {name}")
        for line, address, name in report.invited:
            self.stdout.write(f"{csv_file}, line {line}: {address} is invited to lead {name}")
        self.stdout.write(
            f"{csv_file}: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.skipped} skipped"
        )

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.models import Organisation
from registry.services.people_import import Action, import_people, parse_people_workbook


class Command(BaseCommand):
    help = (
        "Загружает участников из книги Excel (.xlsx) в организацию: все строки или ни одной. "
        "Столбцы — как в шаблоне на странице «Загрузка из Excel»."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Книга Excel (.xlsx).")
        parser.add_argument(
            "--organisation", required=True, metavar="SLUG", help="Адрес организации (slug)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Только проверить и показать, что изменится."
        )

    def handle(self, *args, file, organisation, dry_run, **options):
        try:
            target = Organisation.objects.get(slug=organisation)
        except Organisation.DoesNotExist:
            raise CommandError(f"Организация с адресом «{organisation}» не найдена.") from None
        try:
            with file.open("rb") as handle:
                plan = parse_people_workbook(handle, organisation=target)
        except OSError as error:
            raise CommandError(f"Не удалось открыть файл {file}: {error.strerror}.") from None

        for warning in plan.warnings:
            self.stderr.write(f"Предупреждение: {warning}")
        if plan.has_errors:
            for problem in plan.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Ничего не загружено: ошибок — {len(plan.problems)}.")

        if dry_run:
            counts = plan.counts
            self.stdout.write(
                f"Проверка без записи, «{target}»: будет добавлено: {counts[Action.NEW]}, "
                f"обновлено: {counts[Action.UPDATE]}, без изменений: {counts[Action.UNCHANGED]}."
            )
            for row in plan.rows:
                if row.action == Action.UPDATE:
                    self.stdout.write(
                        f"  строка {row.number}: {row.full_name} — {row.changes_label}"
                    )
            return
        result = import_people(plan=plan, organisation=target)
        self.stdout.write(self.style.SUCCESS(f"«{target}»: {result.summary}."))

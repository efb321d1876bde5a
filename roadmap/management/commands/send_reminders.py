import datetime

from django.core.management.base import BaseCommand, CommandError

from roadmap.reminders import send_reminders


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Дата «{value}» не понята: укажите её как ГГГГ-ММ-ДД.") from None


class Command(BaseCommand):
    help = (
        "Рассылает напоминания: каждому пользователю одно письмо в день о сроках, просрочках, "
        "программах без движения и истекающих согласиях. Запускайте раз в день (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=iso_date,
            metavar="ГГГГ-ММ-ДД",
            help="За какой день рассылать (по умолчанию — сегодня).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Только посчитать письма, ничего не отправляя и не записывая.",
        )

    def handle(self, *args, date, dry_run, **options):
        result = send_reminders(date, dry_run=dry_run)
        if dry_run:
            self.stdout.write(
                f"Проверка без отправки: писем было бы {result.letters}, пунктов: {result.items}."
            )
            return
        self.stdout.write(f"Отправлено писем: {result.letters}, пунктов: {result.items}.")
        if result.failed:
            self.stderr.write(
                f"Не удалось отправить писем: {result.failed}; они уйдут при следующем запуске."
            )

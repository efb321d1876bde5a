import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mentoring_site.backup import ENGINE_NAMES, BackupError, restore_backup
from mentoring_site.templatetags.russian import plural, ru_datetime


class Command(BaseCommand):
    help = (
        "Восстанавливает базу данных и загруженные файлы из архива резервной копии и "
        "проверяет, что всё совпало с архивом. Перед восстановлением остановите сайт."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="Архив, сделанный командой backup.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Заменить данные, которые уже есть в базе, содержимым архива.",
        )

    def handle(self, *args, archive, yes, **options):
        try:
            restored = restore_backup(archive, overwrite=yes)
        except BackupError as error:
            raise CommandError(str(error)) from error

        manifest = restored.manifest
        created = ru_datetime(datetime.datetime.fromisoformat(manifest["created_at"]))
        tables = len(manifest["tables"])
        rows = sum(table["rows"] for table in manifest["tables"].values())
        files = len(manifest["files"])
        self.stdout.write(f"Восстановлено из {archive} (копия от {created}):")
        self.stdout.write(
            f"  база данных {ENGINE_NAMES[manifest['engine']]}: {tables} "
            f"{plural(tables, 'таблица', 'таблицы', 'таблиц')}, {rows} "
            f"{plural(rows, 'строка', 'строки', 'строк')};"
        )
        self.stdout.write(f"  загруженные файлы: {files}.")
        self.stdout.write("Проверено: все таблицы и файлы совпадают с архивом.")
        if restored.needs_migrate:
            self.stdout.write(
                "Приложение новее копии: примените миграции — python manage.py migrate."
            )

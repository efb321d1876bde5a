from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mentoring_site.backup import ENGINE_NAMES, BackupError, create_backup, prune_backups
from mentoring_site.templatetags.russian import plural


class Command(BaseCommand):
    help = (
        "Сохраняет базу данных и все загруженные файлы в один архив — согласованный снимок, "
        "даже пока сайт работает."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            metavar="КАТАЛОГ|ФАЙЛ",
            help="Куда сохранить архив; по умолчанию — каталог DJANGO_BACKUP_DIR (var/backups).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="Оставить в каталоге архива только N последних копий, старые удалить.",
        )

    def handle(self, *args, output, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep: нужно число не меньше 1.")
        try:
            backup = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error

        manifest = backup.manifest
        tables = len(manifest["tables"])
        rows = sum(table["rows"] for table in manifest["tables"].values())
        files = len(manifest["files"])
        files_size = sum(file["size"] for file in manifest["files"].values())
        self.stdout.write(
            f"Резервная копия сохранена: {backup.path} ({size(backup.path.stat().st_size)})."
        )
        self.stdout.write(
            f"  База данных {ENGINE_NAMES[manifest['engine']]}: {tables} "
            f"{plural(tables, 'таблица', 'таблицы', 'таблиц')}, {rows} "
            f"{plural(rows, 'строка', 'строки', 'строк')}."
        )
        self.stdout.write(
            f"  Загруженные файлы: {files} ({size(files_size)})."
            if files
            else "  Загруженных файлов нет."
        )
        if keep:
            removed = prune_backups(backup.path.parent, keep)
            if removed:
                self.stdout.write(
                    f"Удалены старые копии ({len(removed)}), оставлены {keep} последних: "
                    + ", ".join(path.name for path in removed)
                )


def size(count: int) -> str:
    """A size in bytes as «340 байт», «12,5 КБ», «1,2 МБ»."""
    for unit, scale in (("ГБ", 1024**3), ("МБ", 1024**2), ("КБ", 1024)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}".replace(".", ",")
    return f"{count} {plural(count, 'байт', 'байта', 'байт')}"

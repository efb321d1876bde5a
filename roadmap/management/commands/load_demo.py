from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from programmes import demo as programmes_demo
from registry import demo as registry_demo
from registry.models import Organisation
from roadmap import demo as roadmap_demo

# The command lives in roadmap, the top of the dependency chain (registry ← programmes ←
# roadmap), so it can load every app's demo data in order.


class Command(BaseCommand):
    help = "Загружает демонстрационные данные: орган управления образованием и две школы."

    def add_arguments(self, parser):
        parser.add_argument(
            "--yes-demo",
            action="store_true",
            help="Загрузить демо-данные даже при выключенном DEBUG.",
        )

    def handle(self, *args, yes_demo, **options):
        if not (settings.DEBUG or yes_demo):
            raise CommandError(
                "Демо-данные загружаются только в режиме разработки (DJANGO_DEBUG=true) "
                "или с флагом --yes-demo. Не запускайте это на рабочей базе."
            )
        with transaction.atomic():
            logins = registry_demo.load()
            school = Organisation.objects.get(slug=registry_demo.SCHOOLS[0]["slug"])
            users = get_user_model().objects
            today = timezone.localdate()
            curator = users.get(username="kurator")
            programmes_demo.load(school, today=today, curator=curator)
            roadmap_demo.load(
                school, today=today, curator=curator, director=users.get(username="direktor")
            )
        self.stdout.write(self.style.SUCCESS("Демо-школа загружена."))
        self.stdout.write(f"Пароль для всех входов: {registry_demo.DEMO_PASSWORD}")
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.persona}")

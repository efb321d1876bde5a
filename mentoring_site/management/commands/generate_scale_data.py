import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mentoring_site import scale_data


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Создаёт данные масштаба органа управления образованием: школы с участниками, банками, "
        "согласиями, парами и группами, программами, дорожными картами и приказами. Только для "
        "пустой базы: для замеров и проверки под нагрузкой."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=positive, required=True, help="Сколько школ.")
        parser.add_argument(
            "--people", type=positive, required=True, help="Сколько участников в каждой школе."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Начальное число: те же данные при том же числе."
        )
        parser.add_argument(
            "--password",
            default=None,
            help="Пароль для всех созданных входов; без него войти по паролю нельзя.",
        )

    def handle(self, *args, schools, people, seed, password, **options):
        from registry.models import Organisation, Person

        # A site administrator may already exist; anything else means the data is someone's.
        held = {
            "организации": Organisation.objects.exists(),
            "участники": Person.objects.exists(),
            "пользователи": get_user_model().objects.filter(is_superuser=False).exists(),
        }
        if any(held.values()):
            found = ", ".join(name for name, present in held.items() if present)
            raise CommandError(
                f"В базе уже есть данные ({found}). Данные масштаба создаются только в пустой "
                "базе: ничего не записано."
            )
        started = time.perf_counter()
        data = scale_data.generate(
            schools=schools, people=people, seed=seed, password=password, log=self.stdout.write
        )
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Готово за {seconds:.1f} с: {data.authority.short_name}, "
                f"школ — {len(data.schools)}, по {people} участников."
            )
        )
        counts = scale_data.row_counts()
        width = max(len(label) for label in counts)
        for label, count in counts.items():
            self.stdout.write(f"  {label.ljust(width)}  {count:>9,}".replace(",", "\u00a0"))
        self.stdout.write(
            "Входы: coordinator (координатор), admin (администратор сайта), в каждой школе N — "
            "director-N, curator-N, working-group-N, mentor-N, mentee-N."
        )
        if password:
            self.stdout.write("Пароль у всех входов — заданный в --password.")
        else:
            self.stdout.write(
                "Пароли не заданы: войти по паролю нельзя (укажите --password, чтобы входить)."
            )

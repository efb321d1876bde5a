"""How fast people are imported from XLSX and the banks exported to it: `make bench`.

Runs as a script (pytest does not collect bench_*.py) on a fresh SQLite file under var/bench/,
which it creates, migrates and deletes. For a file of 1,000 generated teachers it times parsing
and checking the file, the first import, and importing the same file again (nothing changes);
then, for a school of 20,000 people written in bulk, all of them in both banks, it times the
XLSX export of the mentee and the mentor bank. The figures go to the final table of
`make bench` (section «Excel»); they are never asserted.
"""

import datetime
import io
import random
import sys
from functools import partial
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))

# The names and positions the scale data uses: one list of plausible staff for every benchmark.
from mentoring_site.scale_data import (  # noqa: E402
    FIRST_NAMES,
    LAST_NAMES,
    PATRONYMICS,
    POSITIONS,
)
from tests.benchmarks.harness import (  # noqa: E402
    duration,
    median_time,
    number,
    record,
    scratch_database,
)

IMPORTED = 1_000
EXPORTED = 20_000
SECTION = "Excel"

QUALIFICATIONS = ["", "первая", "высшая", "соответствие занимаемой должности"]
HEADER = [
    "Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "Категория", "Должность", "МО",
    "Предметы", "Квалификационная категория", "Педагогический стаж с", "Дата приёма",
    "Электронная почта", "Телефон",
]  # fmt: skip


def people_workbook(count: int, seed: int) -> bytes:
    """An XLSX of ``count`` plausible teachers, as a school's staff list would give them."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Участники")
    sheet.append(HEADER)
    today = datetime.date.today()
    for n in range(count):
        gender = rng.choice(["male", "female", "female"])  # schools employ more women
        index = 0 if gender == "male" else 1
        birth = datetime.date(rng.randint(1960, 2002), rng.randint(1, 12), rng.randint(1, 28))
        start = min(birth.replace(year=birth.year + 22), today)
        position, subjects, association = rng.choice(POSITIONS)
        sheet.append(
            [
                rng.choice(LAST_NAMES)[index],
                rng.choice(FIRST_NAMES[gender]),
                rng.choice(PATRONYMICS)[index],
                "м" if gender == "male" else "ж",
                # Half real date cells, half text, as files typed by hand come.
                birth if n % 2 else f"{birth:%d.%m.%Y}",
                "педагог",
                position,
                association,
                subjects,
                rng.choice(QUALIFICATIONS),
                start,
                f"{start + datetime.timedelta(days=rng.randint(0, 3000)):%d.%m.%Y}"
                if start + datetime.timedelta(days=3000) < today
                else "",
                f"teacher{seed}-{n}@school.example",
                f"8 9{rng.randint(10, 99)} {rng.randint(100, 999)}-{rng.randint(10, 99)}-"
                f"{rng.randint(10, 99)}",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def people_in_bulk(organisation, count: int, seed: int):
    """``count`` plausible teachers written with bulk_create, as an import would leave them."""
    from registry.models import Person

    rng = random.Random(seed)
    people = []
    for n in range(count):
        gender = rng.choice(["male", "female", "female"])
        index = 0 if gender == "male" else 1
        position, subjects, _association = rng.choice(POSITIONS)
        person = Person(
            organisation=organisation,
            last_name=rng.choice(LAST_NAMES)[index],
            first_name=rng.choice(FIRST_NAMES[gender]),
            middle_name=rng.choice(PATRONYMICS)[index],
            gender=gender,
            position=position,
            subjects=subjects,
            experience_start=datetime.date(rng.randint(1985, 2024), 9, 1),
            email=f"teacher{seed}-{n}@school.example",
        )
        # bulk_create skips save(), which writes the text the lists sort by.
        person.search_text = person.make_search_text()
        people.append(person)
    return Person.objects.bulk_create(people, batch_size=2000)


def fill_banks(organisation, people):
    """Put every person into both banks, with consents, a request and competencies, in bulk."""
    from registry.models import Consent, MenteeEntry, MentorEntry, ProfessionalRequest, Topic

    topics = list(Topic.objects.for_organisation(organisation)[:6])
    given_on = datetime.date.today() - datetime.timedelta(days=30)
    Consent.objects.bulk_create(
        (
            Consent(person=p, kind=kind, given_on=given_on)
            for p in people
            for kind in (Consent.Kind.PERSONAL_DATA, Consent.Kind.DUTIES)
        ),
        batch_size=2000,
    )
    MenteeEntry.objects.bulk_create(
        (MenteeEntry(person=p, category=MenteeEntry.Category.YOUNG_SPECIALIST) for p in people),
        batch_size=2000,
    )
    requests = ProfessionalRequest.objects.bulk_create(
        (
            ProfessionalRequest(
                person=p,
                difficulties="Трудно удерживать дисциплину и планировать урок по ФГОС.",
                source=ProfessionalRequest.Source.QUESTIONNAIRE,
            )
            for p in people
        ),
        batch_size=2000,
    )
    ProfessionalRequest.topics.through.objects.bulk_create(
        (
            ProfessionalRequest.topics.through(professionalrequest=r, topic=topics[i % len(topics)])
            for i, r in enumerate(requests)
        ),
        batch_size=2000,
    )
    mentors = MentorEntry.objects.bulk_create(
        (MentorEntry(person=p, capacity=2, status=MentorEntry.Status.READY) for p in people),
        batch_size=2000,
    )
    MentorEntry.competencies.through.objects.bulk_create(
        (
            MentorEntry.competencies.through(mentorentry=m, topic=t)
            for i, m in enumerate(mentors)
            for t in topics[i % 3 : i % 3 + 2]
        ),
        batch_size=2000,
    )


def rate(count: int, seconds: float) -> str:
    return f"{number(count / seconds)} строк/с"


def bench_import():
    from registry.models import Organisation
    from registry.services.people_import import import_people, parse_people_workbook

    organisation = Organisation.objects.create(
        name="Школа загрузки", short_name="Школа загрузки", slug="bench-import"
    )
    content = people_workbook(IMPORTED, seed=IMPORTED)
    label = f"загрузка {number(IMPORTED)} сотрудников"
    print(f"Excel: {label}…")

    seconds, plan = median_time(lambda: parse_people_workbook(content, organisation=organisation))
    assert not plan.problems, plan.problems[:5]
    record(
        SECTION,
        f"{label}: разбор и проверка файла",
        large=duration(seconds),
        note=rate(IMPORTED, seconds),
    )

    seconds, result = median_time(
        lambda: import_people(plan=plan, organisation=organisation), runs=1
    )
    assert result.created == IMPORTED, result
    record(SECTION, f"{label}: запись", large=duration(seconds), note=rate(IMPORTED, seconds))

    def reimport():
        again = parse_people_workbook(content, organisation=organisation)
        return import_people(plan=again, organisation=organisation)

    seconds, result = median_time(reimport)
    assert result.unchanged == IMPORTED, result
    record(
        SECTION,
        f"{label}: повторно, без изменений (разбор + запись)",
        large=duration(seconds),
        note=rate(IMPORTED, seconds),
    )


def bench_export():
    from django.utils import timezone

    from registry import exports
    from registry.filters import MenteeEntryFilter, MentorEntryFilter
    from registry.models import MenteeEntry, MentorEntry, Organisation

    organisation = Organisation.objects.create(
        name="Школа выгрузки", short_name="Школа выгрузки", slug="bench-export"
    )
    print(f"Excel: выгрузка банков по {number(EXPORTED)} строк…")
    fill_banks(organisation, people_in_bulk(organisation, EXPORTED, seed=EXPORTED))
    today = timezone.localdate()
    for label, filter_class, queryset, document in [
        ("банка наставляемых", MenteeEntryFilter, MenteeEntry.objects.listed,
         exports.mentee_bank_document),
        ("банка наставников", MentorEntryFilter, MentorEntry.objects.listed,
         exports.mentor_bank_document),
    ]:  # fmt: skip
        entries = filter_class({}, queryset=queryset(organisation), organisation=organisation)
        seconds, made = median_time(partial(document, entries.qs, on=today), runs=1)
        megabytes = number(len(made.content) / 2**20, 1)
        record(
            SECTION,
            f"выгрузка {label}: {number(EXPORTED)} строк",
            large=duration(seconds),
            note=f"{rate(EXPORTED, seconds)}; файл {megabytes} МБ",
        )


def main():
    with scratch_database():
        bench_import()
        bench_export()


if __name__ == "__main__":
    main()

"""How long the year's reports take: `make bench`.

Runs as a script (pytest does not collect bench_*.py) on a fresh SQLite file under var/bench/,
which it creates, migrates and deletes. It builds, with bulk inserts, one school of 300 staff and
200 students (banks of 60 mentors and 90 mentees with consents, 60 pairs and groups, 50
programmes with plans, meetings and monitoring answers, a roadmap with targets), and an
authority of 50 smaller schools. Through the test client it times (the median of three runs) and
counts the queries of: the curator's dashboard, a school's dashboard as the coordinator sees it,
the annual report page, its PDF and XLSX, the statistics page, and the authority's table and
export (an authority's dashboard is that table). Timings are printed, never asserted.
"""

import datetime
import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))

from mentoring_site.school_year import SchoolYear  # noqa: E402
from tests.benchmarks.bench_registry import (  # noqa: E402
    FIRST_NAMES,
    LAST_NAMES,
    PATRONYMICS,
    POSITIONS,
)
from tests.benchmarks.harness import scratch_database  # noqa: E402

RUNS = 3
SCHOOLS = 50


def median_run(function, runs=RUNS):
    """The median duration of ``runs`` calls, the queries of the last one and its result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    durations = []
    for _run in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = function()
            durations.append(time.perf_counter() - start)
    return statistics.median(durations), len(queries), result


class Builder:
    """Bulk-inserts one school's people, banks, groups, programmes and answers."""

    def __init__(self, today: datetime.date, seed: int):
        from programmes.models import MentoringForm

        self.today = today
        self.rng = random.Random(seed)
        self.forms = list(MentoringForm.objects.filter(organisation=None)[:3]) or [
            MentoringForm.objects.create(name=name, audience="teachers")
            for name in ("Традиционная", "Групповая", "Виртуальная")
        ]

    def school(self, slug, name, *, parent=None, staff, students, mentors, mentees, groups):
        from programmes.models import Group
        from registry.models import (
            Consent,
            MenteeEntry,
            MentorEntry,
            Organisation,
            Person,
            TrainingSession,
        )

        rng, today = self.rng, self.today
        school = Organisation.objects.create(
            name=name, short_name=name, slug=slug, parent=parent, place="г. Заречный"
        )

        def person(kind, number):
            gender = rng.choice(["male", "female", "female"])
            index = 0 if gender == "male" else 1
            someone = Person(
                organisation=school,
                last_name=rng.choice(LAST_NAMES)[index],
                first_name=rng.choice(FIRST_NAMES[gender]),
                middle_name=rng.choice(PATRONYMICS)[index],
                gender=gender,
                kind=kind,
                position=rng.choice(POSITIONS)[0] if kind == "staff" else "",
                birth_date=datetime.date(1975 + number % 25, 1 + number % 12, 1 + number % 28)
                if kind == "staff"
                else datetime.date(2010, 5, 1),
            )
            someone.search_text = someone.make_search_text()
            return someone

        people = Person.objects.bulk_create(
            [person("staff", n) for n in range(staff)]
            + [person("student", n) for n in range(students)]
        )
        teachers = people[:staff]
        given_on = today - datetime.timedelta(days=200)
        mentor_entries = MentorEntry.objects.bulk_create(
            MentorEntry(person=p, status=MentorEntry.Status.ACTIVE, entered_on=given_on)
            for p in teachers[:mentors]
        )
        categories = [
            MenteeEntry.Category.YOUNG_SPECIALIST,
            MenteeEntry.Category.NEWLY_HIRED,
            MenteeEntry.Category.DIFFICULTIES,
        ]
        mentee_entries = MenteeEntry.objects.bulk_create(
            MenteeEntry(
                person=p,
                category=categories[n % 3],
                status=MenteeEntry.Status.PAIRED if n < groups else MenteeEntry.Status.WAITING,
                entered_on=given_on,
            )
            for n, p in enumerate(teachers[mentors : mentors + mentees])
        )
        Consent.objects.bulk_create(
            Consent(person=entry.person, kind=Consent.Kind.PERSONAL_DATA, given_on=given_on)
            for entry in [*mentor_entries, *mentee_entries[:-3]]
        )
        training = TrainingSession.objects.create(
            organisation=school, date=given_on, topic="Установочная сессия"
        )
        training.attendees.set([entry.person for entry in mentor_entries[: mentors * 2 // 3]])
        statuses = [Group.Status.ACTIVE] * 6 + [
            Group.Status.FIXED,
            Group.Status.FINISHED,
            Group.Status.PROPOSED,
            Group.Status.DISSOLVED,
        ]
        year_start = SchoolYear.of(today).starts_on
        made = Group.objects.bulk_create(
            Group(
                organisation=school,
                mentor=mentor_entries[n % mentors],
                form=self.forms[n % len(self.forms)],
                status=statuses[n % len(statuses)],
                starts_on=year_start,
                ends_on=year_start + datetime.timedelta(days=270),
                status_changed_on=today,
            )
            for n in range(groups)
        )
        links = [
            Group.mentees.through(group=group, menteeentry=mentee_entries[n])
            for n, group in enumerate(made)
        ]
        # Every fifth group takes a second mentee from the waiting ones.
        spare = iter(mentee_entries[groups:])
        for group in made[::5]:
            entry = next(spare, None)
            if entry:
                links.append(Group.mentees.through(group=group, menteeentry=entry))
        Group.mentees.through.objects.bulk_create(links)
        return school, made

    def programmes(self, groups, count):
        from programmes.models import Group, Meeting, PlanItem, Programme, SurveyResponse
        from programmes.surveys import SURVEYS

        rng = self.rng
        working = [g for g in groups if g.status in (Group.Status.ACTIVE, Group.Status.FINISHED)]
        made = Programme.objects.bulk_create(
            Programme(
                group=group,
                title=f"Программа наставничества № {n + 1}",
                goal="Освоить профессию.",
                starts_on=group.starts_on,
                ends_on=group.ends_on,
                status=Programme.Status.COMPLETED
                if group.status == Group.Status.FINISHED
                else Programme.Status.ACTIVE,
                completion_reason=Programme.CompletionReason.DONE
                if group.status == Group.Status.FINISHED
                else "",
                completed_on=self.today if group.status == Group.Status.FINISHED else None,
                is_best_practice=n % 10 == 0,
            )
            for n, group in enumerate(working[:count])
        )
        PlanItem.objects.bulk_create(
            PlanItem(
                programme=programme,
                order=number,
                activity=f"Мероприятие {number}",
                deadline=programme.starts_on + datetime.timedelta(weeks=3 * number),
                status=rng.choice(["done", "done", "planned", "in_progress", "cancelled"]),
            )
            for programme in made
            for number in range(1, 9)
        )
        Meeting.objects.bulk_create(
            Meeting(
                programme=programme,
                date=min(programme.starts_on + datetime.timedelta(days=10 * n), self.today),
                minutes=rng.choice([30, 45, 60, 90]),
                topic="Встреча",
            )
            for programme in made
            for n in range(6)
        )
        mentees = dict(
            Group.mentees.through.objects.filter(group__programme__in=made).values_list(
                "group__programme", "menteeentry__person"
            )
        )
        mentors = {programme.pk: programme.group.mentor.person_id for programme in made}
        responses = []
        for programme in made:
            for key, survey in SURVEYS.items():
                answers = {}
                for question in survey.questions:
                    if question.before_after:
                        answers[question.key] = {
                            "before": rng.randint(2, 6),
                            "after": rng.randint(6, 10),
                        }
                    elif question.is_scale:
                        answers[question.key] = rng.randint(5, 10)
                    else:
                        answers[question.key] = "Встречи помогли."
                respondent = mentees[programme.pk] if survey.audience == "mentee" else None
                responses.append(
                    SurveyResponse(
                        programme=programme,
                        respondent_id=respondent or mentors[programme.pk],
                        survey=key,
                        answers=answers,
                    )
                )
        SurveyResponse.objects.bulk_create(responses)
        return made


def roadmap(school, today):
    from roadmap.models import Roadmap, Target

    year = SchoolYear.of(today)
    made = Roadmap.objects.create(
        organisation=school, title="Дорожная карта", starts_on=year.starts_on, ends_on=year.ends_on
    )
    Target.objects.bulk_create(
        Target(roadmap=made, text=text, value=value, metric=metric, position=n)
        for n, (text, value, metric) in enumerate(
            [
                ("Педагоги в наставничестве", 30, Target.Metric.STAFF_INVOLVED),
                ("Молодые специалисты с наставником", 100, Target.Metric.YOUNG_SPECIALISTS),
                ("Обучающиеся в наставничестве", 10, Target.Metric.STUDENTS_INVOLVED),
                ("Наставляемые в парах", 90, Target.Metric.MENTEES_PAIRED),
            ]
        )
    )


def login(organisation, username, role):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from registry.models import Membership

    user = get_user_model().objects.create_user(username, f"{username}@school.example", "x")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    client = Client()
    client.force_login(user)
    return client


def bench() -> tuple[list, str]:
    from django.urls import reverse
    from django.utils import timezone

    from registry.models import Organisation

    today = timezone.localdate()
    year = SchoolYear.current().start
    builder = Builder(today, seed=7)

    start = time.perf_counter()
    school, groups = builder.school(
        "bench-report",
        "МБОУ «СОШ № 7»",
        staff=300,
        students=200,
        mentors=60,
        mentees=90,
        groups=60,
    )
    builder.programmes(groups, 50)
    roadmap(school, today)
    authority = Organisation.objects.create(
        name="Управление образования", short_name="УО", slug="bench-authority", kind="authority"
    )
    for number in range(SCHOOLS):
        _small, small_groups = builder.school(
            f"bench-school-{number}",
            f"МБОУ «СОШ № {number + 1}»",
            parent=authority,
            staff=60,
            students=40,
            mentors=10,
            mentees=15,
            groups=10,
        )
        builder.programmes(small_groups, 8)
    built = time.perf_counter() - start

    curator = login(school, "curator", "curator")
    coordinator = login(authority, "coordinator", "coordinator")
    report = [school.slug, year]
    cases = [
        (
            "сводка куратора (школа 300 педагогов)",
            curator,
            reverse("roadmap:dashboard", args=[school.slug]),
        ),
        (
            "сводка школы у координатора",
            coordinator,
            reverse("roadmap:dashboard", args=["bench-school-0"]),
        ),
        ("аналитический отчёт: страница", curator, reverse("roadmap:annual_report", args=report)),
        ("аналитический отчёт: PDF", curator, reverse("roadmap:annual_report_pdf", args=report)),
        ("аналитический отчёт: XLSX", curator, reverse("roadmap:annual_report_xlsx", args=report)),
        ("показатели для статистики", curator, reverse("roadmap:statistics", args=report)),
        (
            f"показатели {SCHOOLS} школ: страница",
            coordinator,
            reverse("roadmap:authority_overview", args=[authority.slug]),
        ),
        (
            f"показатели {SCHOOLS} школ: XLSX",
            coordinator,
            reverse("roadmap:authority_export", args=[authority.slug]),
        ),
    ]
    results = []
    for label, client, url in cases:
        seconds, queries, response = median_run(lambda client=client, url=url: client.get(url))
        assert response.status_code == 200, (label, response.status_code)
        results.append((label, queries, len(response.content) // 1024, seconds))
    return results, f"данные собраны за {built:.1f} с"


def print_table(results):
    print()
    print(f"{'операция':<44} {'запросов':>9} {'КБ':>6} {'секунд':>8}")
    print("-" * 70)
    for label, queries, size, seconds in results:
        print(f"{label:<44} {queries:>9} {size:>6} {seconds:>8.2f}")
    print()
    print(f"Время — медиана {RUNS} запусков через тестовый клиент, с отрисовкой шаблонов.")


def main():
    with scratch_database():
        results, note = bench()
    print(
        f"Школа: 300 педагогов и 200 обучающихся, 60 наставников, 90 наставляемых, 60 пар и "
        f"групп, 50 программ; орган управления: {SCHOOLS} школ по 100 человек ({note})"
    )
    print_table(results)


if __name__ == "__main__":
    main()

"""The load test: gunicorn with the production config and two workers against the test database,
32 keep-alive connections for LOAD_SECONDS (60; 8 when CI is set). Curators read their pages and
visitors the public section while mentees comment, mentors log meetings and mark their plans,
curators write news and the working group edits people, every write with a unique marker. At the
end: no 5xx, no connection error, no timeout, every response the expected one, and every write
answered as saved is in the database exactly once."""

import contextlib
import math
import os
import sqlite3
import uuid
from collections import Counter
from urllib.parse import quote

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from programmes.models import Comment, Meeting, PlanItem
from registry.models import Person
from roadmap.models import News
from tests.factories import PersonFactory, PlanItemFactory
from tests.load import loadgen
from tests.load.loadgen import Request, Scenario
from tests.load.server import gunicorn

IN_CI = os.environ.get("CI", "").lower() not in {"", "0", "false"}
LOAD_SECONDS = float(os.environ.get("LOAD_SECONDS") or (8 if IN_CI else 60))
CONNECTIONS = 32
PASSWORD = "Correct-Horse-42"  # every test user's (tests.factories.UserFactory)


@contextlib.contextmanager
def shared_database(tmp_path):
    """The test database as the server's processes reach it: its DATABASE_URL. SQLite's test
    database lives in this process's memory, so the server gets a copy in a file, copied back
    afterwards for the checks; PostgreSQL's is a real database (the data is committed)."""
    connection.ensure_connection()
    settings = connection.settings_dict
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        path = tmp_path / "load.sqlite3"
        with contextlib.closing(sqlite3.connect(path)) as copy:
            connection.connection.backup(copy)
        yield f"sqlite:///{path}"
        with contextlib.closing(sqlite3.connect(path)) as copy:
            copy.backup(connection.connection)
    elif connection.vendor == "sqlite":
        yield f"sqlite:///{settings['NAME']}"
    else:
        credentials = quote(settings["USER"]) + (
            f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
        )
        host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        yield f"postgres://{credentials}@{host}/{quote(settings['NAME'])}"


def scenarios(world, run: str) -> tuple[list[Scenario], list[PlanItem], list[Person]]:
    """Who does what. Writers alternate a write with a look at the page they return to; the
    plan items and people are one per connection, so each connection's last write must stay."""
    org = world.school.slug
    slots = math.ceil(CONNECTIONS / 7)
    items = [PlanItemFactory(programme=world.programme) for _ in range(slots)]
    people = [PersonFactory(organisation=world.school) for _ in range(slots)]
    programme = reverse("programmes:programme_detail", args=[org, world.programme.pk])
    curator_pages = [
        reverse("roadmap:dashboard", args=[org]),
        reverse("registry:person_list", args=[org]),
        programme,
        reverse("roadmap:order_list", args=[org]),
    ]
    public_pages = [
        reverse("public:index", args=[org]),
        reverse("public:news_list", args=[org]),
        reverse("public:mentors", args=[org]),
    ]
    today = timezone.localdate().isoformat()

    def writer(path, form, read_path):
        """Even steps write (a 302 is success), odd steps read the page the user comes back to."""

        def requests(slot, step):
            if step % 2:
                return Request("GET", read_path(slot))
            marker = f"{run}-{slot}-{step}"
            return Request("POST", path(slot), form(slot, marker), expect=302, marker=marker)

        return requests

    return (
        [
            Scenario("Куратор: страницы", loadgen.Cycle(*curator_pages), ("curator", PASSWORD)),
            Scenario("Посетитель: публичный раздел", loadgen.Cycle(*public_pages)),
            Scenario(
                "Наставляемый: комментарии",
                writer(
                    lambda slot: reverse(
                        "programmes:comment_create", args=[org, world.programme.pk]
                    ),
                    lambda slot, marker: {"text": marker},
                    lambda slot: programme,
                ),
                ("mentee", PASSWORD),
            ),
            Scenario(
                "Наставник: встречи",
                writer(
                    lambda slot: reverse(
                        "programmes:meeting_create", args=[org, world.programme.pk]
                    ),
                    lambda slot, marker: {
                        "date": today,
                        "minutes": "45",
                        "topic": marker,
                        "note": "",
                    },
                    lambda slot: programme,
                ),
                ("mentor", PASSWORD),
            ),
            Scenario(
                "Наставник: план",
                writer(
                    lambda slot: reverse("programmes:item_update", args=[org, items[slot].pk]),
                    lambda slot, marker: {"status": "in_progress", "mentor_note": marker},
                    lambda slot: programme,
                ),
                ("mentor", PASSWORD),
            ),
            Scenario(
                "Куратор: новости",
                writer(
                    lambda slot: reverse("roadmap:news_create", args=[org]),
                    lambda slot, marker: {
                        "kind": News.Kind.NEWS,
                        "title": marker,
                        "body": "Заметка, написанная под нагрузкой.",
                        "is_published": "on",
                    },
                    lambda slot: reverse("roadmap:news_list", args=[org]),
                ),
                ("curator", PASSWORD),
            ),
            Scenario(
                "Рабочая группа: участники",
                writer(
                    lambda slot: reverse("registry:person_edit", args=[org, people[slot].pk]),
                    lambda slot, marker: {
                        "last_name": people[slot].last_name,
                        "first_name": people[slot].first_name,
                        "gender": Person.Gender.FEMALE,
                        "kind": Person.Kind.STAFF,
                        "position": marker,
                    },
                    lambda slot: reverse("registry:person_detail", args=[org, people[slot].pk]),
                ),
                ("working_group", PASSWORD),
            ),
        ],
        items,
        people,
    )


def exactly_once(succeeded: dict[int, list[str]], stored) -> list[str]:
    """What is wrong between the writes answered as saved and the markers found stored."""
    expected = Counter(marker for markers in succeeded.values() for marker in markers)
    found = Counter(stored)
    problems = [f"потеряна запись {marker}" for marker in expected - found]
    problems += [f"лишняя запись {marker} ×{n}" for marker, n in (found - expected).items()]
    if not expected:
        problems.append("ни одной успешной записи")
    return problems


# Serialized rollback like every transactional test here: a plain flush would re-create
# the content types, which the next serialized test then fails to load again.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_serves_readers_and_writers_at_once_without_an_error_or_a_lost_write(
    public_world, tmp_path
):
    world = public_world
    run = uuid.uuid4().hex[:10]
    plan, items, people = scenarios(world, run)

    with shared_database(tmp_path) as database_url:
        env = {
            "DJANGO_SETTINGS_MODULE": "mentoring_site.settings_test",
            "DATABASE_URL": database_url,
        }
        with gunicorn(env=env, log=tmp_path / "gunicorn.log") as server:
            report = loadgen.run(server.url, plan, connections=CONNECTIONS, seconds=LOAD_SECONDS)
            problems = server.problems()
            log = server.log_tail()
    print(report.summary())
    assert report.clean and not problems, f"{report.summary()}\n" + "\n".join(problems or [log])

    tallies = report.tallies
    comments = Comment.objects.filter(text__startswith=run).values_list("text", flat=True)
    meetings = Meeting.objects.filter(topic__startswith=run).values_list("topic", flat=True)
    news = News.objects.filter(title__startswith=run).values_list("title", flat=True)
    plan_notes = PlanItem.history.filter(mentor_note__startswith=run)
    positions = Person.history.filter(position__startswith=run)
    lost = [
        *exactly_once(tallies["Наставляемый: комментарии"].writes, comments),
        *exactly_once(tallies["Наставник: встречи"].writes, meetings),
        *exactly_once(tallies["Куратор: новости"].writes, news),
        *exactly_once(
            tallies["Наставник: план"].writes, plan_notes.values_list("mentor_note", flat=True)
        ),
        *exactly_once(
            tallies["Рабочая группа: участники"].writes,
            positions.values_list("position", flat=True),
        ),
    ]
    # Each connection edits its own row: the row holds that connection's last saved write.
    for slot, markers in tallies["Наставник: план"].writes.items():
        items[slot].refresh_from_db()
        if items[slot].mentor_note != markers[-1]:
            lost.append(f"пункт плана {slot}: «{items[slot].mentor_note}», а не {markers[-1]}")
    for slot, markers in tallies["Рабочая группа: участники"].writes.items():
        people[slot].refresh_from_db()
        if people[slot].position != markers[-1]:
            lost.append(f"участник {slot}: «{people[slot].position}», а не {markers[-1]}")
    assert not lost, "\n".join(lost)

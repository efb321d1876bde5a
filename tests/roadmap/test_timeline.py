"""The timeline: months across the roadmap's period, one row per activity, bars where the
activity falls, states told by class and in words."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roadmap.models import Activity, Roadmap, Stage

TODAY = datetime.date(2026, 11, 21)


@pytest.fixture
def roadmap(world):
    """A two-year roadmap from September 2026 to August 2028, with one stage."""
    return Roadmap.objects.create(
        organisation=world.school,
        title="План на два года",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2028, 8, 31),
    )


@pytest.fixture
def stage(roadmap):
    return Stage.objects.create(roadmap=roadmap, number=1, title="Подготовка условий")


def add(stage, number, kind, deadline=None, **fields):
    return Activity.objects.create(
        stage=stage,
        number=number,
        text=f"Мероприятие {number}",
        deadline_kind=kind,
        deadline=deadline,
        **fields,
    )


@pytest.fixture
def timeline(curator_client, world, roadmap, monkeypatch):
    """GET the timeline «today» = 21 November 2026; returns (response, rows by number)."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)

    def get():
        response = curator_client.get(
            reverse("roadmap:roadmap_timeline", args=[world.school.slug, roadmap.pk])
        )
        rows = {
            activity.number: activity.cells
            for stage in response.context["stages"]
            for activity in stage.activity_list
        }
        return response, rows

    return get


def bars(cells):
    """(first month index, number of months, state) of each bar in a row."""
    result, index = [], 0
    for cell in cells:
        if cell.state:
            result.append((index, cell.span, cell.state))
        index += cell.span
    assert index == 24, "every row spans all the months"
    return result


def test_months_run_across_the_period_with_years_and_the_current_month(timeline, stage):
    response, _rows = timeline()
    months = response.context["months"]
    assert len(months) == 24
    assert (months[0].short, months[0].name) == ("сен", "сентябрь 2026 г.")
    assert response.context["years"] == [(2026, 4), (2027, 12), (2028, 8)]
    assert [month.is_current for month in months].index(True) == 2
    html = response.content.decode()
    assert (
        '<abbr title="ноябрь 2026 г.">ноя</abbr><span class="visually-hidden"> — текущий месяц'
        in html
    )


def test_each_kind_of_deadline_occupies_its_months(timeline, stage):
    add(stage, 1, "month", datetime.date(2026, 12, 5))
    add(stage, 2, "date", datetime.date(2027, 3, 15))
    add(stage, 3, "during_year")
    add(stage, 4, "annually", datetime.date(2027, 5, 1))
    add(stage, 5, "annually")
    add(stage, 6, "as_needed")
    add(stage, 7, "month")  # no month given: no bar
    _response, rows = timeline()
    assert bars(rows[1]) == [(3, 1, "planned")]
    assert bars(rows[2]) == [(6, 1, "planned")]
    assert bars(rows[3]) == [(0, 24, "planned")]
    assert bars(rows[4]) == [(8, 1, "planned"), (20, 1, "planned")]
    assert bars(rows[5]) == [(0, 24, "planned")]
    assert bars(rows[6]) == [(0, 24, "as_needed")]
    assert bars(rows[7]) == []


def test_done_overdue_and_cancelled_bars_differ_and_say_so(timeline, stage):
    add(stage, 1, "month", datetime.date(2026, 10, 1), status="done")
    add(stage, 2, "month", datetime.date(2026, 10, 1))
    add(stage, 3, "month", datetime.date(2026, 10, 1), status="cancelled")
    add(stage, 4, "month", datetime.date(2027, 1, 1), status="in_progress")
    response, rows = timeline()
    assert [bars(rows[number])[0][2] for number in (1, 2, 3, 4)] == [
        "done",
        "overdue",
        "cancelled",
        "in_progress",
    ]
    html = response.content.decode()
    assert '<span class="tl-bar tl-overdue">' in html
    assert '<span class="visually-hidden">просрочено: октябрь 2026 г.</span>' in html
    assert '<span class="visually-hidden">выполнено: октябрь 2026 г.</span>' in html
    assert "выполняется: январь 2027 г." in html


def test_a_long_bar_names_its_first_and_last_month(timeline, stage):
    add(stage, 1, "as_needed")
    html = timeline()[0].content.decode()
    assert "по мере необходимости: сентябрь 2026 г. — август 2028 г." in html


def test_the_timeline_is_a_focusable_scrolling_table_without_inline_styles(timeline, stage):
    add(stage, 1, "during_year")
    html = timeline()[0].content.decode()
    assert '<div class="table-responsive timeline-scroll" tabindex="0">' in html
    assert "css/roadmap.css" in html
    assert not re.search(r"\sstyle=", html)
    assert (
        '<th scope="rowgroup" colspan="25" class="tl-activity">1. Подготовка условий</th>' in html
    )


def test_the_timeline_pays_no_query_per_activity(timeline, stage, django_assert_num_queries):
    for number in range(1, 3):
        add(stage, number, "during_year").responsible_people.add(
            stage.roadmap.organisation.people.first()
        )
    with CaptureQueriesContext(connection) as queries:
        timeline()
    for number in range(3, 30):
        add(stage, number, "month", datetime.date(2027, number % 12 + 1, 1))
    Stage.objects.create(roadmap=stage.roadmap, number=2, title="Ещё этап")
    with django_assert_num_queries(len(queries)):
        timeline()

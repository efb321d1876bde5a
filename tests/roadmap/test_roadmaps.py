"""The roadmap: made from a template, deadlines and overdue activities, the pages, editing,
the one-click status and the evidence file."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring_site.school_year import SchoolYear
from roadmap.models import Activity, Order, Roadmap, Stage, Target
from roadmap.services.roadmaps import (
    activity_set_status,
    default_title,
    roadmap_create_from_template,
    roadmap_update,
)
from tests.conftest import MINIMAL_PDF

# The form offers the academic years around today's.
YEAR = str(SchoolYear.current().start)

SEVEN_STAGES = [
    "Подготовка условий для реализации системы наставничества",
    "Формирование банка наставляемых",
    "Формирование банка наставников",
    "Отбор и обучение наставников",
    "Организация и осуществление работы наставнических пар/групп",
    "Завершение персонализированных программ наставничества",
    "Информационная поддержка системы наставничества",
]


def url(world, name, *args):
    return reverse(f"roadmap:{name}", args=[world.school.slug, *args])


def new_roadmap(world, model=Roadmap.Model.TEACHERS, year=2026, **kwargs):
    starts_on, ends_on = SchoolYear(year).period
    return roadmap_create_from_template(
        organisation=world.school,
        model=model,
        starts_on=kwargs.pop("starts_on", starts_on),
        ends_on=kwargs.pop("ends_on", ends_on),
        created_by=world.user("curator"),
        **kwargs,
    )


# Made from a template


def test_the_teachers_template_gives_the_seven_stages_in_order(world):
    roadmap = new_roadmap(world)
    stages = list(roadmap.stages.all())
    assert [stage.title for stage in stages] == SEVEN_STAGES
    assert [stage.number for stage in stages] == list(range(1, 8))
    assert [stage.standard for stage in stages] == [
        value for value in Stage.Standard.values if value
    ]
    for stage in stages:
        assert 2 <= stage.activities.count() <= 5
        assert stage.task and stage.result
    assert roadmap.goal
    assert roadmap.title == (
        "Дорожная карта (план мероприятий) по реализации Положения о системе наставничества "
        "педагогических работников на 2026/2027 учебный год"
    )


def test_template_deadlines_count_months_from_the_start(world):
    roadmap = new_roadmap(world)
    first = roadmap.stages.get(number=1).activities.get(number=1)
    assert first.deadline_kind == Activity.Deadline.MONTH
    assert first.deadline == datetime.date(2026, 9, 1)
    assert first.due_on == datetime.date(2026, 9, 30)
    assert first.deadline_label == "сентябрь 2026 г."
    assert first.responsible_roles == "Директор, куратор"
    during = Activity.objects.filter(
        stage__roadmap=roadmap, deadline_kind=Activity.Deadline.DURING_YEAR
    )
    assert during.exists()
    assert {activity.due_on for activity in during} == {datetime.date(2027, 8, 31)}
    assert {activity.deadline_label for activity in during} == {"в течение года"}


def test_a_roadmap_starting_in_january_counts_months_from_january(world):
    roadmap = new_roadmap(
        world, starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2027, 12, 31)
    )
    first = roadmap.stages.get(number=1).activities.get(number=1)
    assert first.deadline == datetime.date(2027, 1, 1)
    assert roadmap.period_label == "2027 год"


def test_the_students_model_has_tasks_results_and_numeric_targets(world):
    roadmap = new_roadmap(
        world,
        model=Roadmap.Model.STUDENTS,
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2030, 8, 31),
    )
    stages = list(roadmap.stages.all())
    assert len(stages) >= 7
    assert all(stage.task and stage.result for stage in stages)
    assert stages[0].title == "Подготовка условий для запуска программы наставничества"
    assert "70 %" in roadmap.goal and "10 %" in roadmap.goal
    involved = list(roadmap.targets.filter(metric=Target.Metric.STUDENTS_INVOLVED))
    assert [(target.value, target.due_on) for target in involved] == [
        (10, datetime.date(2027, 8, 31)),
        (70, datetime.date(2030, 8, 31)),
    ]
    assert all(target.unit == Target.Unit.PERCENT for target in involved)
    annual = Activity.objects.filter(
        stage__roadmap=roadmap, deadline_kind=Activity.Deadline.ANNUALLY
    ).first()
    assert annual.deadline_label.startswith("ежегодно, ")
    assert annual.due_on is None
    assert roadmap.title.endswith("на 2026–2030 годы")


def test_an_empty_roadmap_has_no_stages_goal_or_targets(world):
    roadmap = new_roadmap(world, empty=True)
    assert not roadmap.stages.exists()
    assert not roadmap.targets.exists()
    assert roadmap.goal == ""


def test_moving_the_end_moves_activities_due_during_the_year(world):
    roadmap = new_roadmap(world)
    roadmap.ends_on = datetime.date(2027, 6, 30)
    roadmap_update(roadmap=roadmap)
    during = Activity.objects.filter(
        stage__roadmap=roadmap, deadline_kind=Activity.Deadline.DURING_YEAR
    )
    assert {activity.due_on for activity in during} == {datetime.date(2027, 6, 30)}


# Deadlines and overdue


@pytest.mark.parametrize(
    ("kind", "deadline", "label", "due_on"),
    [
        ("date", datetime.date(2026, 10, 15), "15.10.2026", datetime.date(2026, 10, 15)),
        ("month", datetime.date(2027, 2, 10), "февраль 2027 г.", datetime.date(2027, 2, 28)),
        ("annually", datetime.date(2027, 5, 1), "ежегодно, май", None),
        ("annually", None, "ежегодно", None),
        ("as_needed", None, "по мере необходимости", None),
    ],
)
def test_deadline_labels_and_due_dates(world, kind, deadline, label, due_on):
    activity = Activity.objects.create(
        stage=world.stage, number=9, text="Мероприятие", deadline_kind=kind, deadline=deadline
    )
    assert activity.deadline_label == label
    assert activity.due_on == due_on


def test_an_open_activity_past_its_due_date_is_overdue_and_a_done_one_is_not(world):
    activity = world.activity
    late = activity.due_on + datetime.timedelta(days=1)
    assert activity.is_overdue(late)
    activity_set_status(activity=activity, status=Activity.Status.DONE)
    assert not activity.is_overdue(late)
    assert Activity.objects.overdue(late).filter(pk=activity.pk).count() == 0


# Pages


@pytest.fixture
def overdue_activity(world, today):
    return Activity.objects.create(
        stage=world.stage,
        number=2,
        text="Провести установочную сессию",
        deadline_kind=Activity.Deadline.DATE,
        deadline=today - datetime.timedelta(days=3),
        responsible_roles="Куратор",
    )


def test_the_list_shows_approval_and_overdue_counts(curator_client, world, overdue_activity):
    world.roadmap.approved_number, world.roadmap.approved_on = "90-од", datetime.date(2026, 8, 30)
    world.roadmap.save()
    response = curator_client.get(url(world, "roadmap_list"))
    html = response.content.decode()
    assert world.roadmap.title in html
    assert "утверждена приказом от 30.08.2026 № 90-од" in html
    # The world's own activity (October) is overdue too from November on.
    overdue = Activity.objects.overdue().filter(stage__roadmap=world.roadmap).count()
    assert overdue >= 1
    assert f"{overdue} просрочено" in html
    assert url(world, "roadmap_create") in html


def test_a_mentor_reads_the_list_without_the_create_button(client, world):
    client.force_login(world.user("mentor"))
    response = client.get(url(world, "roadmap_list"))
    assert response.status_code == 200
    assert url(world, "roadmap_create") not in response.content.decode()


def test_the_list_pays_no_query_per_roadmap(curator_client, world, django_assert_num_queries):
    def add(count):
        for number in range(count):
            roadmap = new_roadmap(world, year=2010 + number)
            roadmap.approved_number, roadmap.approved_on = f"{number}-од", roadmap.starts_on
            roadmap.save()

    add(1)
    with CaptureQueriesContext(connection) as queries:
        assert curator_client.get(url(world, "roadmap_list")).status_code == 200
    add(8)
    with django_assert_num_queries(len(queries)):
        assert curator_client.get(url(world, "roadmap_list")).status_code == 200


def test_the_roadmap_page_shows_stages_progress_and_overdue_in_words(
    curator_client, world, overdue_activity
):
    overdue_activity.responsible_people.add(world.people["curator"])
    response = curator_client.get(url(world, "roadmap_detail", world.roadmap.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert world.stage.title in html
    assert "5.2" in html and "Провести установочную сессию" in html
    assert 'class="activity-planned activity-overdue"' in html
    assert "просрочено" in html
    assert world.people["curator"].short_name in html
    assert "<progress" in html and "в парах и группах, закреплённых приказом" in html
    assert url(world, "activity_status", overdue_activity.pk) in html
    assert url(world, "activity_evidence", world.activity.pk) in html
    assert url(world, "roadmap_timeline", world.roadmap.pk) in html
    assert url(world, "roadmap_pdf", world.roadmap.pk) in html


def test_a_mentor_sees_the_roadmap_read_only(client, world):
    client.force_login(world.user("mentor"))
    html = client.get(url(world, "roadmap_detail", world.roadmap.pk)).content.decode()
    assert world.activity.text in html
    assert url(world, "activity_status", world.activity.pk) not in html
    assert url(world, "roadmap_edit", world.roadmap.pk) not in html


def test_the_targets_show_goal_and_actual_with_a_meter(curator_client, world):
    Target.objects.create(
        roadmap=world.roadmap, text="Проведено семинаров", value=4, unit="items", actual=5
    )
    html = curator_client.get(url(world, "roadmap_detail", world.roadmap.pk)).content.decode()
    assert "Проведено семинаров" in html
    assert "не менее 4 шт." in html
    assert "<meter" in html and "достигнуто" in html


def test_the_roadmap_page_pays_no_query_per_activity(
    curator_client, world, django_assert_num_queries
):
    roadmap = new_roadmap(world)
    page = url(world, "roadmap_detail", roadmap.pk)
    with CaptureQueriesContext(connection) as queries:
        assert curator_client.get(page).status_code == 200
    for stage in roadmap.stages.all():
        for number in range(10, 15):
            activity = Activity.objects.create(
                stage=stage, number=number, text="Ещё", deadline_kind="during_year"
            )
            activity.responsible_people.add(world.people["curator"], world.person)
    with django_assert_num_queries(len(queries)):
        assert curator_client.get(page).status_code == 200


# Creating and editing


def test_the_curator_creates_a_roadmap_from_the_template(curator_client, world):
    form = curator_client.get(url(world, "roadmap_create")).context["form"]
    response = curator_client.post(
        url(world, "roadmap_create"),
        {
            "model": "students",
            "year": YEAR,
            "starts_on": "",
            "ends_on": "",
            "title": form.initial["title"],
        },
    )
    roadmap = Roadmap.objects.exclude(pk=world.roadmap.pk).get()
    assert response.status_code == 302
    assert response["Location"] == roadmap.get_absolute_url()
    assert roadmap.model == Roadmap.Model.STUDENTS
    assert (roadmap.starts_on, roadmap.ends_on) == SchoolYear(int(YEAR)).period
    # The untouched title follows the chosen model.
    assert roadmap.title == default_title("students", *SchoolYear(int(YEAR)).period)
    assert roadmap.created_by == world.user("curator")
    assert roadmap.stages.count() >= 7


def test_a_span_of_years_and_an_own_title(curator_client, world):
    curator_client.post(
        url(world, "roadmap_create"),
        {
            "model": "teachers",
            "empty": "on",
            "year": YEAR,
            "starts_on": "2026-09-01",
            "ends_on": "2029-08-31",
            "title": "Наставничество: план на три года",
        },
    )
    roadmap = Roadmap.objects.get(title="Наставничество: план на три года")
    assert roadmap.period_label == "2026–2029 годы"
    assert not roadmap.stages.exists()


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (("2026-09-01", ""), "Укажите обе даты или ни одной."),
        (("2027-09-01", "2026-09-01"), "Окончание должно быть позже начала."),
    ],
)
def test_bad_periods_are_refused_in_russian(curator_client, world, dates, message):
    response = curator_client.post(
        url(world, "roadmap_create"),
        {"model": "teachers", "year": YEAR, "starts_on": dates[0], "ends_on": dates[1]},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Roadmap.objects.count() == 1


def edit_data(world, **extra):
    roadmap = world.roadmap
    data = {
        "title": roadmap.title,
        "goal": "Поддержать молодых педагогов.",
        "starts_on": roadmap.starts_on.isoformat(),
        "ends_on": roadmap.ends_on.isoformat(),
        "considered_by": "на педагогическом совете",
        "considered_protocol": "1",
        "considered_on": "2026-08-30",
        "agreed_by": "",
        "agreed_protocol": "",
        "agreed_on": "",
        "approved_number": "",
        "approved_on": "",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-text": "Молодые специалисты с наставником",
        "targets-0-value": "100",
        "targets-0-unit": "people",
        "targets-0-due_on": "",
        "targets-0-metric": "young_specialists",
        "targets-0-actual": "",
    }
    data.update(extra)
    return data


def test_editing_saves_marks_goal_and_a_new_target(curator_client, world):
    response = curator_client.post(url(world, "roadmap_edit", world.roadmap.pk), edit_data(world))
    assert response.status_code == 302
    roadmap = Roadmap.objects.get(pk=world.roadmap.pk)
    assert roadmap.goal == "Поддержать молодых педагогов."
    assert roadmap.considered_protocol == "1"
    target = roadmap.targets.get()
    # A measured share takes its metric's unit, whatever was chosen.
    assert (target.unit, target.position) == (Target.Unit.PERCENT, 1)


def test_a_target_is_removed_from_the_formset(curator_client, world):
    target = Target.objects.create(roadmap=world.roadmap, text="Старый", value=5, unit="items")
    data = edit_data(
        world,
        **{
            "targets-INITIAL_FORMS": "1",
            "targets-0-id": str(target.pk),
            "targets-0-roadmap": str(world.roadmap.pk),
            "targets-0-DELETE": "on",
        },
    )
    assert (
        curator_client.post(url(world, "roadmap_edit", world.roadmap.pk), data).status_code == 302
    )
    assert not Target.objects.filter(pk=target.pk).exists()


def test_an_approval_number_without_a_date_is_refused(curator_client, world):
    response = curator_client.post(
        url(world, "roadmap_edit", world.roadmap.pk), edit_data(world, approved_number="5-од")
    )
    assert response.status_code == 200
    assert "Укажите дату приказа об утверждении." in response.content.decode()


def test_a_stage_is_added_with_the_next_number(curator_client, world):
    form = curator_client.get(url(world, "stage_create", world.roadmap.pk)).context["form"]
    assert form.initial["number"] == 6
    response = curator_client.post(
        url(world, "stage_create", world.roadmap.pk),
        {"number": 6, "title": "Свой этап школы", "standard": "", "task": "", "result": ""},
    )
    stage = world.roadmap.stages.get(number=6)
    assert response["Location"].endswith(f"#stage-{stage.pk}")


def activity_data(world, **extra):
    return {
        "number": 3,
        "text": "Провести педсовет",
        "deadline_kind": "month",
        "deadline": "2026-11-10",
        "responsible_people": [world.people["curator"].pk],
        "responsible_roles": "Куратор",
        "status": "planned",
        "done_on": "",
        "evidence": "",
        **extra,
    }


def test_an_activity_is_added_with_people_and_a_scan(curator_client, world):
    data = activity_data(world, upload=SimpleUploadedFile("протокол.pdf", MINIMAL_PDF))
    response = curator_client.post(url(world, "activity_create", world.stage.pk), data)
    activity = world.stage.activities.get(number=3)
    assert response.status_code == 302
    assert list(activity.responsible_people.all()) == [world.people["curator"]]
    assert activity.due_on == datetime.date(2026, 11, 30)
    assert activity.evidence_content_type == "application/pdf"
    assert "протокол" not in activity.evidence_file.name
    download = curator_client.get(url(world, "activity_evidence", activity.pk))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == MINIMAL_PDF


@pytest.mark.parametrize(
    "content", [b"just some text", b"\x89PNG\r\n\x1a\nbroken image", b"MZ\x90\x00"]
)
def test_an_evidence_file_that_is_not_a_real_scan_is_refused(curator_client, world, content):
    data = activity_data(world, upload=SimpleUploadedFile("скан.pdf", content))
    response = curator_client.post(url(world, "activity_create", world.stage.pk), data)
    assert response.status_code == 200
    assert "Файл не похож на PDF, JPEG или PNG" in response.content.decode()
    assert not world.stage.activities.filter(number=3).exists()


def test_a_date_or_month_deadline_needs_a_date(curator_client, world):
    response = curator_client.post(
        url(world, "activity_create", world.stage.pk), activity_data(world, deadline="")
    )
    assert response.status_code == 200
    assert "Укажите дату: для срока «месяц» она нужна." in response.content.decode()


def test_a_done_date_belongs_to_a_done_activity(curator_client, world):
    response = curator_client.post(
        url(world, "activity_create", world.stage.pk), activity_data(world, done_on="2026-09-10")
    )
    assert "Дату выполнения ставят только мероприятию" in response.content.decode()


def test_an_activity_cannot_be_done_tomorrow(curator_client, world, today):
    tomorrow = today + datetime.timedelta(days=1)
    data = activity_data(world, status="done", done_on=tomorrow.isoformat())
    response = curator_client.post(url(world, "activity_create", world.stage.pk), data)
    assert response.status_code == 200
    assert "Дата выполнения не может быть в будущем." in response.content.decode()


def test_the_evidence_file_is_removed_on_request(curator_client, world):
    data = activity_data(world, number=1, remove_file="on")
    response = curator_client.post(url(world, "activity_edit", world.activity.pk), data)
    assert response.status_code == 302
    world.activity.refresh_from_db()
    assert not world.activity.evidence_file
    assert world.activity.evidence_content_type == ""


# The one-click status


def test_one_click_marks_an_activity_done_today(curator_client, world, today):
    response = curator_client.post(
        url(world, "activity_status", world.activity.pk), {"status": "done"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#activity-{world.activity.pk}")
    world.activity.refresh_from_db()
    assert (world.activity.status, world.activity.done_on) == ("done", today)
    page = curator_client.get(response["Location"]).content.decode()
    assert "Мероприятие 5.1: выполнено." in page


def test_an_unknown_status_is_refused_with_a_message(curator_client, world):
    response = curator_client.post(
        url(world, "activity_status", world.activity.pk), {"status": "finished"}, follow=True
    )
    assert "Выберите статус мероприятия." in response.content.decode()
    world.activity.refresh_from_db()
    assert world.activity.status == "planned"


def test_going_back_to_planned_clears_the_done_date(world):
    activity_set_status(activity=world.activity, status="done")
    activity_set_status(activity=world.activity, status="planned")
    world.activity.refresh_from_db()
    assert world.activity.done_on is None


def test_a_roadmap_approved_in_the_system_says_so_on_its_edit_page(curator_client, world):
    order = world.sent_order
    Order.objects.filter(pk=order.pk).update(
        status=Order.Status.SIGNED,
        journal_year=2026,
        number=90,
        number_text="90-од",
        signed_on=datetime.date(2026, 8, 30),
    )
    world.roadmap.approved_order = order
    world.roadmap.save()
    html = curator_client.get(url(world, "roadmap_edit", world.roadmap.pk)).content.decode()
    assert "Карта утверждена в системе приказом от 30.08.2026 № 90-од" in html
    detail = curator_client.get(url(world, "roadmap_detail", world.roadmap.pk)).content.decode()
    assert "приказом от 30.08.2026 № 90-од" in detail

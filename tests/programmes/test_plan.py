"""The plan: mentors record progress in place (htmx) or with a plain form post, evidence files
checked by content, new plan items, and meetings with their total hours."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programmes.models import Meeting, PlanItem, Programme
from programmes.services.programmes import duration_text
from tests.conftest import MINIMAL_PDF
from tests.factories import GroupFactory, PlanItemFactory, ProgrammeFactory

HTMX = {"HX-Request": "true"}


def url(name, world, *args):
    return reverse(f"programmes:{name}", args=[world.school.slug, *args])


@pytest.fixture
def mentor_client(client, world):
    client.force_login(world.user("mentor"))
    return client


def progress(status="done", **fields):
    return {"status": status, "mentor_note": "", "evidence_url": "", **fields}


# In place, with htmx, and without JavaScript


def test_a_mentor_marks_an_item_done_in_place(mentor_client, world, today):
    response = mentor_client.post(
        url("item_update", world, world.item.pk),
        progress(mentor_note="Посетили урок в 7 Б."),
        headers=HTMX,
    )
    assert response.status_code == 200
    body = response.text
    assert body.lstrip().startswith(f'<tbody id="item-{world.item.pk}">')
    assert "<html" not in body and "Посетили урок в 7 Б." in body
    assert 'hx-swap-oob="true"' in body and "Выполнено 100 %" in body
    world.item.refresh_from_db()
    assert (world.item.status, world.item.done_on) == (PlanItem.Status.DONE, today)


def test_without_javascript_the_form_posts_and_returns_to_the_item(mentor_client, world):
    response = mentor_client.post(
        url("item_update", world, world.item.pk), progress(status="in_progress")
    )
    assert response.status_code == 302
    assert response.url == f"{world.programme.get_absolute_url()}#item-{world.item.pk}"
    world.item.refresh_from_db()
    assert world.item.status == PlanItem.Status.IN_PROGRESS


def test_an_invalid_htmx_post_returns_the_row_with_its_errors(mentor_client, world, today):
    tomorrow = today + datetime.timedelta(days=1)
    response = mentor_client.post(
        url("item_update", world, world.item.pk), progress(done_on=tomorrow), headers=HTMX
    )
    assert response.status_code == 200
    assert "<details open>" in response.text
    assert "не может быть в будущем" in response.text
    world.item.refresh_from_db()
    assert world.item.status == PlanItem.Status.PLANNED


def test_the_item_form_page_opens_for_the_mentor(mentor_client, world):
    response = mentor_client.get(url("item_update", world, world.item.pk))
    assert response.status_code == 200
    assert world.item.activity in response.text


# Who may


def test_the_mentee_cannot_update_the_plan(client, world):
    client.force_login(world.user("mentee"))
    response = client.post(url("item_update", world, world.item.pk), progress(), headers=HTMX)
    assert response.status_code == 403
    world.item.refresh_from_db()
    assert world.item.status == PlanItem.Status.PLANNED


def test_a_mentor_cannot_update_another_mentors_plan_by_guessing_its_id(mentor_client, world):
    foreign = PlanItemFactory(
        programme=ProgrammeFactory(group=GroupFactory(organisation=world.school, form=world.form))
    )
    response = mentor_client.post(url("item_update", world, foreign.pk), progress())
    assert response.status_code == 403
    foreign.refresh_from_db()
    assert foreign.status == PlanItem.Status.PLANNED


def test_another_schools_item_is_not_found(curator_client, world):
    foreign = PlanItemFactory(
        programme=ProgrammeFactory(group=GroupFactory(organisation=world.other_school))
    )
    assert curator_client.post(url("item_update", world, foreign.pk), progress()).status_code == 404
    assert curator_client.get(url("item_evidence", world, foreign.pk)).status_code == 404


def test_a_completed_programmes_plan_and_meetings_no_longer_change(mentor_client, world, today):
    world.programme.status = Programme.Status.COMPLETED
    world.programme.save()
    response = mentor_client.post(url("item_update", world, world.item.pk), progress())
    assert response.status_code == 302
    world.item.refresh_from_db()
    assert world.item.status == PlanItem.Status.PLANNED
    meeting = {"date": today, "minutes": 45, "topic": "Поздняя встреча"}
    assert (
        mentor_client.post(url("meeting_create", world, world.programme.pk), meeting).status_code
        == 302
    )
    assert not Meeting.objects.exists()


# The done date


def test_a_given_done_date_is_kept(mentor_client, world, today):
    yesterday = today - datetime.timedelta(days=1)
    mentor_client.post(url("item_update", world, world.item.pk), progress(done_on=yesterday))
    world.item.refresh_from_db()
    assert world.item.done_on == yesterday


def test_a_done_date_belongs_to_a_done_item_only(mentor_client, world, today):
    response = mentor_client.post(
        url("item_update", world, world.item.pk), progress(status="in_progress", done_on=today)
    )
    assert response.status_code == 200
    assert "done_on" in response.context["form"].errors
    world.item.refresh_from_db()
    assert world.item.done_on is None


def test_reopening_a_done_item_clears_its_done_date(mentor_client, world, today):
    world.item.status, world.item.done_on = PlanItem.Status.DONE, today
    world.item.save()
    mentor_client.post(url("item_update", world, world.item.pk), progress(status="in_progress"))
    world.item.refresh_from_db()
    assert (world.item.status, world.item.done_on) == (PlanItem.Status.IN_PROGRESS, None)


# Evidence


def test_evidence_is_accepted_by_its_content_and_served_privately(
    mentor_client, world, django_capture_on_commit_callbacks
):
    old = world.item.evidence.name
    upload = SimpleUploadedFile("отчёт.png", MINIMAL_PDF, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        mentor_client.post(url("item_update", world, world.item.pk), progress(evidence=upload))
    world.item.refresh_from_db()
    assert world.item.evidence_content_type == "application/pdf"
    assert world.item.evidence.name != old
    assert not world.item.evidence.storage.exists(old)
    response = mentor_client.get(url("item_evidence", world, world.item.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_a_text_file_named_pdf_is_refused(mentor_client, world):
    before = world.item.evidence.name
    upload = SimpleUploadedFile("скан.pdf", b"just text", content_type="application/pdf")
    response = mentor_client.post(
        url("item_update", world, world.item.pk), progress(evidence=upload)
    )
    assert response.status_code == 200
    assert "не похож на PDF, JPEG или PNG" in str(response.context["form"].errors["evidence"])
    world.item.refresh_from_db()
    assert (world.item.evidence.name, world.item.status) == (before, PlanItem.Status.PLANNED)


def test_an_item_without_evidence_has_no_file_to_serve(client, world):
    bare = PlanItemFactory(programme=world.programme)
    client.force_login(world.user("mentee"))
    assert client.get(url("item_evidence", world, bare.pk)).status_code == 404
    assert client.get(url("item_evidence", world, world.item.pk)).status_code == 200


# New items


def test_a_mentor_adds_an_item_at_the_end_of_the_plan(mentor_client, world):
    response = mentor_client.post(
        url("item_create", world, world.programme.pk),
        {"activity": "Открытый урок", "direction": "Методическая", "deadline": "2027-03-01"},
    )
    item = world.programme.items.get(activity="Открытый урок")
    assert response.status_code == 302
    assert response.url.endswith(f"#item-{item.pk}")
    assert item.order == world.item.order + 1
    assert item.deadline == datetime.date(2027, 3, 1)


def test_an_item_needs_an_activity(mentor_client, world):
    response = mentor_client.post(url("item_create", world, world.programme.pk), {"activity": ""})
    assert "activity" in response.context["form"].errors


# Meetings


def test_meetings_add_up_to_hours_and_minutes(mentor_client, world, today):
    page = url("meeting_create", world, world.programme.pk)
    for minutes in (45, 45, 60, 600):
        response = mentor_client.post(
            page, {"date": today.isoformat(), "minutes": minutes, "topic": "Разбор урока"}
        )
        assert response.status_code == 302
    assert Meeting.objects.filter(programme=world.programme).count() == 4
    detail = mentor_client.get(world.programme.get_absolute_url())
    assert detail.context["meetings_total"] == "12 ч 30 мин"
    assert "Встреч: 4, всего 12 ч 30 мин." in detail.text


@pytest.mark.parametrize(
    "field, data",
    [
        ("date", {"date": "2099-01-01", "minutes": 45}),
        ("minutes", {"minutes": 4}),
        ("minutes", {"minutes": 601}),
    ],
)
def test_a_meeting_is_in_the_past_and_5_to_600_minutes_long(mentor_client, world, field, data):
    response = mentor_client.post(
        url("meeting_create", world, world.programme.pk),
        {"date": "2026-01-10", "topic": "Разбор", **data},
    )
    assert field in response.context["form"].errors
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "minutes, text", [(0, "0 ч"), (45, "45 мин"), (60, "1 ч"), (750, "12 ч 30 мин")]
)
def test_duration_is_written_in_hours_and_minutes(minutes, text):
    assert duration_text(minutes) == text

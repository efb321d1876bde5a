"""A mentoring year in the browser: the curator matches everyone who waits, edits one pair and
accepts; builds a programme from a template; the mentor marks a plan item done without a page
reload and logs a meeting; the mentee answers a questionnaire; the curator completes the
programme with a reason."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from programmes.models import (
    Group,
    MentoringForm,
    PlanItem,
    Programme,
    ProgrammeTemplate,
    SurveyResponse,
    TemplateItem,
)
from registry.models import Membership, MenteeEntry, MentorEntry
from tests.conftest import give_consent
from tests.e2e.conftest import AuditedPage, field, log_in
from tests.factories import (
    MembershipFactory,
    MenteeEntryFactory,
    MentorEntryFactory,
    PersonFactory,
    ProfessionalRequestFactory,
    TopicFactory,
    UserFactory,
)

PASSWORD = "Correct-Horse-42"


def waiting_pair(world, mentee_name, mentor_name, topic):
    mentee = MenteeEntryFactory(
        person=PersonFactory(organisation=world.school, last_name=mentee_name, user=UserFactory())
    )
    ProfessionalRequestFactory(person=mentee.person).topics.add(topic)
    mentor = MentorEntryFactory(
        person=PersonFactory(organisation=world.school, last_name=mentor_name), capacity=1
    )
    mentor.competencies.add(topic)
    for entry in (mentee, mentor):
        give_consent(entry.person)
    return mentee, mentor


def school_template():
    # Made here: shipped rows from data migrations do not survive another live-server test.
    template = ProgrammeTemplate.objects.create(
        title="Адаптация молодого педагога (проверка)",
        goal="Освоиться в профессии за учебный год.",
        months=9,
    )
    for order, activity in enumerate(["Знакомство с локальными актами", "Разбор урока"], 1):
        TemplateItem.objects.create(template=template, order=order, activity=activity, week=order)
    return template


def test_a_mentoring_year_from_matching_to_completion(page, browser, live_server, world):
    world.group.status = Group.Status.FINISHED  # the personas' own pair is not in the way
    world.group.save()
    MentoringForm.objects.get_or_create(
        name="Традиционная (один на один)", audience=MentoringForm.Audience.TEACHERS
    )
    topic = TopicFactory(name="Дисциплина и управление классом")
    first, first_mentor = waiting_pair(world, "Аксёнова", "Ветрова", topic)
    second, second_mentor = waiting_pair(world, "Борисова", "Громова", topic)
    template = school_template()
    curator = page.page

    log_in(page, "curator", PASSWORD)
    page.goto(f"/o/{world.school.slug}/matching/")
    expect(curator.get_by_role("heading", level=1)).to_contain_text("Подбор")
    # Give Аксёнова the other mentor, then accept.
    choice = curator.get_by_label(re.compile(r"Наставник: Аксёнова"))
    options = choice.locator("option").all_inner_texts()
    other = next(text for text in options if "Громова" in text)
    choice.select_option(label=other)
    curator.get_by_role("button", name="Пересчитать").click()
    page.check_accessibility()
    curator.get_by_role("button", name="Принять").click()
    page.check_accessibility()
    group = Group.objects.get(mentees=first)
    assert group.mentor == second_mentor
    assert Group.objects.get(mentees=second).mentor == first_mentor
    first.refresh_from_db()
    assert first.status == MenteeEntry.Status.PAIRED

    page.goto(f"/o/{world.school.slug}/groups/{group.pk}/programme/new/")
    source = curator.get_by_label("Заполнить форму из шаблона или лучшей практики")
    source.select_option(label=f"{template.title} (9 месяцев)")
    curator.get_by_role("button", name="Заполнить").click()
    page.check_accessibility()
    curator.get_by_label("Программа согласована: начать выполнение").check()
    curator.get_by_role("button", name="Создать программу").click()
    page.check_accessibility()
    programme = Programme.objects.get(group=group)
    assert programme.items.count() == 2
    assert programme.status == Programme.Status.ACTIVE

    # The mentor marks the first plan item done: the row changes, the page does not reload.
    mentor_user = MembershipFactory(
        user__username="vetrova", organisation=world.school, role=Membership.Role.MENTOR
    ).user
    second_mentor.person.user = mentor_user
    second_mentor.person.save()
    context = browser.new_context(locale="ru-RU")
    context.set_default_timeout(10_000)
    mentor = AuditedPage(context.new_page(), live_server.url)
    log_in(mentor, "vetrova", PASSWORD)
    mentor.goto(programme.get_absolute_url())
    tab = mentor.page
    tab.evaluate("window.stillHere = true")
    item = programme.items.get(order=1)
    tab.get_by_text("Отметить выполнение пункта 1").click()
    row_form = tab.locator(f"form[hx-post$='/items/{item.pk}/']")
    row_form.get_by_label("Статус").select_option(label="Выполнено")
    row_form.get_by_role("button", name="Сохранить").click()
    expect(tab.locator(f"#item-{item.pk}")).to_contain_text("Выполнено")
    assert tab.evaluate("window.stillHere") is True
    mentor.check_accessibility()
    item.refresh_from_db()
    assert item.status == PlanItem.Status.DONE

    tab.get_by_role("link", name="Записать встречу").click()
    mentor.check_accessibility()
    field(tab, "Дата").fill(timezone.localdate().isoformat())
    field(tab, "Длительность, минут").fill("45")
    field(tab, "Тема").fill("Разбор урока в 7 «Б»")
    tab.get_by_role("button", name="Записать").click()
    mentor.check_accessibility()
    expect(tab.get_by_text("Разбор урока в 7 «Б»")).to_be_visible()
    assert not mentor.unaudited()
    context.close()

    # The mentee answers the quality questionnaire.
    mentee_user = first.person.user
    mentee_user.set_password(PASSWORD)
    mentee_user.save()
    MembershipFactory(user=mentee_user, organisation=world.school, role=Membership.Role.MENTEE)
    context = browser.new_context(locale="ru-RU")
    context.set_default_timeout(10_000)
    mentee = AuditedPage(context.new_page(), live_server.url)
    log_in(mentee, mentee_user.username, PASSWORD)
    mentee.goto(f"/o/{world.school.slug}/programmes/{programme.pk}/surveys/mentee_quality/")
    answers = mentee.page
    for radio in answers.locator("input[type=radio][value='8']").all():
        radio.check()
    answers.get_by_role("button", name="Отправить ответы").click()
    mentee.check_accessibility()
    assert SurveyResponse.objects.filter(programme=programme, survey="mentee_quality").exists()
    assert not mentee.unaudited()
    context.close()

    # The curator completes the programme with a reason.
    page.goto(programme.get_absolute_url())
    curator.get_by_role("link", name="Завершить").click()
    page.check_accessibility()
    curator.get_by_label(str(Programme.CompletionReason.DONE.label)).check()
    field(curator, "Заключение куратора").fill("Цели программы достигнуты.")
    curator.get_by_role("button", name="Завершить программу").click()
    page.check_accessibility()
    programme.refresh_from_db()
    group.refresh_from_db()
    assert programme.status == Programme.Status.COMPLETED
    assert programme.completion_reason == Programme.CompletionReason.DONE
    assert group.status == Group.Status.FINISHED
    first.refresh_from_db()
    assert first.status == MenteeEntry.Status.FINISHED
    assert MentorEntry.objects.get(pk=second_mentor.pk).status == MentorEntry.Status.READY

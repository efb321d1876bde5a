"""The demo school's governance: normative documents, the Положение, this year's roadmap with
activities in every state, and the journal of orders — one signed order of each kind and a
pairs order awaiting the director's signature.

Dates follow the school year of ``today``; an order dated after today is dated today, so the
demo loads on any day of the year. Loading twice changes nothing: it stops when the school
already has its roadmap.
"""

import datetime

from django.utils import timezone

from mentoring_site.school_year import SchoolYear
from programmes.models import Group, Programme
from programmes.services.groups import group_update
from registry.models import MentorEntry, Organisation
from roadmap import demo_public
from roadmap.models import Activity, NormativeDocument, Order, OrderPerson, Regulation, Roadmap
from roadmap.services import orders as order_services
from roadmap.services.drafting import order_draft
from roadmap.services.regulations import document_create, regulation_create
from roadmap.services.roadmaps import roadmap_create_from_template

Role = OrderPerson.Role
Kind = Order.Kind
DAY = datetime.timedelta(days=1)

NORMATIVE = [
    (NormativeDocument.Level.FEDERAL, "Об образовании в Российской Федерации",
     "Федеральный закон", "273-ФЗ", datetime.date(2012, 12, 29),
     "https://www.consultant.ru/document/cons_doc_LAW_140174/"),
    (NormativeDocument.Level.FEDERAL,
     "Об утверждении методологии (целевой модели) наставничества обучающихся для организаций, "
     "осуществляющих образовательную деятельность по общеобразовательным, дополнительным "
     "общеобразовательным и программам среднего профессионального образования",
     "Распоряжение Министерства просвещения Российской Федерации", "Р-145",
     datetime.date(2019, 12, 25), "https://docs.edu.gov.ru/"),
    (NormativeDocument.Level.FEDERAL,
     "Методические рекомендации по разработке и внедрению системы (целевой модели) "
     "наставничества педагогических работников в образовательных организациях",
     "Письмо Министерства просвещения Российской Федерации и Общероссийского Профсоюза "
     "образования", "АЗ-1128/08", datetime.date(2021, 12, 21), "https://docs.edu.gov.ru/"),
]  # fmt: skip


def load(school: Organisation, *, today: datetime.date, curator, director) -> None:
    if Roadmap.objects.filter(organisation=school).exists():
        return
    start = SchoolYear.of(today).starts_on
    people = {person.last_name: person for person in school.people.identified()}

    def day(offset_days: int) -> datetime.date:
        return min(start + offset_days * DAY, today)

    _normative(school, start)
    polozhenie = regulation_create(
        organisation=school,
        kind=Regulation.Kind.POLOZHENIE,
        title=f"Положение о системе наставничества педагогических работников {school.short_name}",
        created_by=curator,
        from_template=True,
    )
    version = polozhenie.versions.get()
    marks = {
        "considered_protocol": "1",
        "considered_on": start - 4 * DAY,
        "agreed_by": "с первичной профсоюзной организацией",
        "agreed_protocol": "3",
        "agreed_on": start - 5 * DAY,
    }
    for field, value in marks.items():
        setattr(version, field, value)
    version.effective_from = start
    version.save()
    roadmap = roadmap_create_from_template(
        organisation=school,
        model=Roadmap.Model.TEACHERS,
        starts_on=start,
        ends_on=datetime.date(start.year + 1, 8, 31),
        created_by=curator,
    )
    for field, value in marks.items():
        setattr(roadmap, field, value)
    roadmap.save()

    # The paper journal of the year already holds the school's other orders.
    order_services.journal_set_last_number(organisation=school, year=start.year, last_number=57)
    groups = {
        group.mentor.person.last_name: group
        for group in Group.objects.filter(organisation=school).select_related("mentor__person")
    }
    signed = [
        (
            order_draft(
                organisation=school,
                kind=Kind.FINISH,
                created_by=curator,
                groups=[groups["Савельев"]],
            ),
            min(datetime.date(start.year, 6, 5), today),
        ),
        (
            order_draft(
                organisation=school,
                kind=Kind.APPROVE_SYSTEM,
                created_by=curator,
                roadmap=roadmap,
                regulation_version=version,
                people=[
                    (people["Гусейнова"], Role.COORDINATOR, ""),
                    (people["Ковалёва"], Role.CURATOR, ""),
                    (people["Ковалёва"], Role.WORKING_GROUP_HEAD, ""),
                    (people["Гусейнова"], Role.WORKING_GROUP, ""),
                    (people["Орлова"], Role.WORKING_GROUP, ""),
                    (people["Хабибуллин"], Role.WORKING_GROUP, ""),
                    (people["Белова"], Role.WORKING_GROUP, ""),
                ],
            ),
            start - 3 * DAY,
        ),
        (
            order_draft(
                organisation=school,
                kind=Kind.FIX_GROUPS,
                created_by=curator,
                groups=[groups["Белова"], groups["Ткаченко"], groups["Шевчук"]],
            ),
            day(21),
        ),
        (
            order_draft(
                organisation=school,
                kind=Kind.APPOINT_MENTORS,
                created_by=curator,
                groups=[groups["Гусейнова"]],
            ),
            day(30),
        ),
        (
            order_draft(
                organisation=school,
                kind=Kind.FREE,
                created_by=curator,
                heading="О проведении школьного конкурса «Наставник года»",
            ),
            day(45),
        ),
    ]
    for order, on in signed:
        _sign(order, on=on, curator=curator, director=director)
    _substitute(school, groups["Белова"], curator=curator, director=director, on=day(70))
    waiting = order_draft(
        organisation=school,
        kind=Kind.FIX_GROUPS,
        created_by=curator,
        groups=[groups["Антонова"]],
    )
    # Sent without a letter: the demo must not mail anyone while it loads.
    waiting.status, waiting.sent_by, waiting.sent_at = Order.Status.SENT, curator, timezone.now()
    waiting.save()
    _activity_states(roadmap, today=today)
    _gone_quiet(school, today=today)
    demo_public.load(school, today=today, curator=curator)


def _gone_quiet(school, *, today):
    """The employer's programme has had no news for a month, so the dashboard and the reminders
    have a stalled programme to show (once the year is six weeks old)."""
    quiet_on = today - 30 * DAY
    programme = (
        Programme.objects.filter(
            group__organisation=school,
            group__mentor__person__last_name="Шевчук",
            status=Programme.Status.ACTIVE,
            starts_on__lt=quiet_on - 12 * DAY,
        )
        .order_by("pk")
        .first()
    )
    if programme is None:
        return
    quiet_at = timezone.make_aware(datetime.datetime.combine(quiet_on, datetime.time(15)))
    programme.meetings.filter(date__gt=quiet_on).delete()
    programme.items.filter(done_on__gt=quiet_on).update(done_on=quiet_on)
    # update() leaves auto_now alone: the plan and the comments look a month old.
    programme.items.update(updated_at=quiet_at)
    programme.comments.update(created_at=quiet_at)


def _normative(school, start):
    for level, title, issuer, number, issued_on, url in NORMATIVE:
        document_create(
            organisation=school,
            level=level,
            title=title,
            issuer=issuer,
            number=number,
            issued_on=issued_on,
            url=url,
        )
    document_create(
        organisation=school,
        level=NormativeDocument.Level.MUNICIPAL,
        title="Об утверждении положения о системе наставничества педагогических работников "
        "в образовательных организациях Заречного муниципального округа",
        issuer="Приказ Управления образования администрации Заречного муниципального округа",
        number="112-од",
        issued_on=datetime.date(start.year, 8, 15),
        url="https://uo.zarechny.example.ru/dokumenty/",
    )


def _sign(order, *, on, curator, director):
    order_services.send(order, user=curator)
    order_services.sign(order, user=director, on=on)


def _substitute(school, group, *, curator, director, on):
    """Белова goes on a course for a month: Макарова stands in, by an amending order."""
    substitute = MentorEntry.objects.get(person__organisation=school, person__last_name="Макарова")
    group_update(
        group=group,
        mentor=group.mentor,
        mentees=list(group.mentees.all()),
        co_mentor=substitute,
        co_mentor_role=Group.CoMentorRole.SUBSTITUTE,
    )
    fixing = Order.objects.get(organisation=school, kind=Kind.FIX_GROUPS, status="signed")
    order = order_draft(
        organisation=school,
        kind=Kind.CHANGE_GROUP,
        created_by=curator,
        groups=[group],
        amends=fixing,
    )
    _sign(order, on=on, curator=curator, director=director)


def _activity_states(roadmap, *, today):
    """Most of what was due is done; one thing is overdue, one under way, one cancelled. Early
    in September little is due yet: then two things are done ahead of time and one is late."""
    activities = list(
        Activity.objects.filter(stage__roadmap=roadmap, due_on__isnull=False).order_by(
            "due_on", "stage__number", "pk"
        )
    )
    due = [a for a in activities if a.due_on < today]
    if len(due) < 3:
        due = activities[:3]
        late = due[-1]
        late.deadline_kind, late.deadline = Activity.Deadline.DATE, today - 2 * DAY
    later = [a for a in activities if a not in due]
    for activity in due[:-1]:
        activity.status = Activity.Status.DONE
        activity.done_on = min(activity.due_on, today) - DAY
        activity.evidence = "Выполнено, материалы у куратора."
        activity.save()
    # The last one due stays planned: it is overdue, and the roadmap shows it.
    due[-1].save()
    later[0].status = Activity.Status.IN_PROGRESS
    later[0].save()
    later[-1].status = Activity.Status.CANCELLED
    later[-1].evidence = "Перенесено в план следующего учебного года."
    later[-1].save()

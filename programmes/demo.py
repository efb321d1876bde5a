"""The demo school's pairs and groups in every state, programmes with plans half done,
meetings, comments, a finished programme kept as a best practice, and monitoring answers.

Loading twice changes nothing: a group is looked up by its mentor and first mentee.
"""

import datetime

from mentoring_site.school_year import SchoolYear
from programmes.models import (
    Amendment,
    Comment,
    Group,
    Meeting,
    MentoringForm,
    PlanItem,
    Practice,
    Programme,
    SurveyResponse,
)
from programmes.models.programmes import add_months
from programmes.services.groups import group_create, group_set_status
from registry.models import MenteeEntry, MentorEntry

Status = Group.Status
Item = PlanItem.Status

# (mentor, mentees, form name fragment, final status, programme: None | "draft" | "active" | "done")
GROUPS = [
    ("Белова", ["Зайцев"], "традиционн", Status.ACTIVE, "active"),
    ("Ткаченко", ["Голубева", "Жукова"], "группов", Status.ACTIVE, "active"),
    ("Гусейнова", ["Лебедева"], "традиционн", Status.FIXED, "draft"),
    ("Антонова", ["Васильева"], "ситуационн", Status.PROPOSED, None),
    ("Савельев", ["Яковлева"], "традиционн", Status.FINISHED, "done"),
    ("Макарова", ["Сорокина"], "виртуальн", Status.DISSOLVED, None),
    ("Шевчук", ["Пономарёв"], "работодатель — ученик", Status.ACTIVE, "active"),
]
PATH = {
    Status.PROPOSED: [],
    Status.FIXED: [Status.FIXED],
    Status.ACTIVE: [Status.FIXED, Status.ACTIVE],
    Status.FINISHED: [Status.FIXED, Status.ACTIVE, Status.FINISHED],
    Status.DISSOLVED: [Status.FIXED, Status.DISSOLVED],
}

# (direction, activity, form, weeks from the start, expected result, report form)
PLAN = [
    ("Адаптация", "Знакомство с коллективом, локальными актами и традициями школы",
     "беседа", 1, "Знает правила и людей, к кому обращаться", "отметка в плане"),
    ("Документация", "Разбор рабочей программы и тематического планирования вместе с наставником",
     "консультация", 3, "Рабочая программа приведена в порядок", "рабочая программа"),
    ("Методика", "Посещение двух уроков наставника с последующим разбором",
     "посещение уроков", 6, "Понимает структуру урока по ФГОС", "лист наблюдения"),
    ("Дисциплина", "Тренинг «Управление классом: правила, ритуалы, паузы»",
     "тренинг", 9, "Применяет 3 приёма управления классом", "конспект"),
    ("Методика", "Наставник посещает урок наставляемого, совместный анализ",
     "открытый урок", 12, "Урок проведён и разобран", "анализ урока"),
    ("Работа с родителями", "Подготовка и проведение родительского собрания",
     "совместная подготовка", 16, "Собрание проведено", "протокол собрания"),
    ("Самообразование", "Выбор темы самообразования и план на год",
     "консультация", 20, "Тема утверждена на МО", "план самообразования"),
    ("Итоги", "Открытый урок для МО и самоанализ",
     "открытый урок", 32, "Урок получил оценку МО", "самоанализ"),
]  # fmt: skip
MEETINGS = [
    (5, 45, "Знакомство, ожидания, план на первую четверть"),
    (19, 60, "Разбор рабочей программы"),
    (40, 40, "Разбор посещённого урока"),
    (61, 50, "Дисциплина в 7 «Б»: что получилось"),
]


TEACHER_TEXTS = {
    "goal": "Помочь молодому педагогу войти в профессию: освоить документацию, методику урока "
    "и работу с классом, обрести уверенность.",
    "tasks": "1. Освоить рабочую программу и планирование.\n2. Выстроить дисциплину на уроке.\n"
    "3. Подготовить и провести открытый урок.",
    "strengths": "Хорошо владеет цифровыми инструментами, легко находит контакт с детьми.",
}
STUDENT_TEXTS = {
    "goal": "Помочь ученику понять, подходит ли ему инженерная профессия, и выполнить "
    "проект на реальной задаче предприятия.",
    "tasks": "1. Познакомиться с производством и профессиями завода.\n"
    "2. Выбрать тему и выполнить инженерный проект.\n3. Защитить проект на школьной конференции.",
    "strengths": "Увлекается робототехникой, аккуратен и настойчив.",
}


def load(school, *, today: datetime.date, curator) -> None:
    mentors = {entry.person.last_name: entry for entry in MentorEntry.objects.listed(school)}
    mentees = {
        entry.person.last_name: entry
        for entry in MenteeEntry.objects.filter(person__organisation=school).select_related(
            "person"
        )
    }
    forms = list(MentoringForm.objects.for_organisation(school))
    start = SchoolYear.of(today).starts_on
    for mentor_name, mentee_names, form_name, status, programme_kind in GROUPS:
        mentor = mentors[mentor_name]
        first = mentees[mentee_names[0]]
        if Group.objects.filter(mentor=mentor, mentees=first).exists():
            continue
        form = next(f for f in forms if form_name in f.name.lower() or form_name in f.roles)
        finished = status == Status.FINISHED
        group_start = add_months(start, -12) if finished else start
        group = group_create(
            organisation=school,
            mentor=mentor,
            mentees=[mentees[name] for name in mentee_names],
            form=form,
            created_by=curator,
            starts_on=group_start,
            ends_on=add_months(group_start, 9) - datetime.timedelta(days=1),
        )
        if programme_kind:
            _programme(group, kind=programme_kind, today=today, curator=curator)
        for step in PATH[status]:
            reason = "Наставляемая перешла в другую школу" if step == Status.DISSOLVED else ""
            group_set_status(group=group, status=step, reason=reason)


def _programme(group, *, kind, today, curator):
    mentee = group.mentees.first()
    texts = STUDENT_TEXTS if mentee.person.kind == "student" else TEACHER_TEXTS
    programme = Programme.objects.create(
        group=group,
        title=f"Программа наставничества: {mentee.person.short_name}",
        **texts,
        starts_on=group.starts_on,
        ends_on=group.ends_on,
        status=Programme.Status.DRAFT if kind == "draft" else Programme.Status.ACTIVE,
        approved_on=None if kind == "draft" else group.starts_on,
        created_by=curator,
    )
    programme.forms.add(group.form)
    programme.difficulties.set(mentee.person.professional_requests.all())
    done_until = today if kind == "active" else group.ends_on
    for order, (direction, activity, form, week, result, report) in enumerate(PLAN, start=1):
        deadline = group.starts_on + datetime.timedelta(weeks=week)
        is_done = kind != "draft" and deadline <= done_until and order != 4
        PlanItem.objects.create(
            programme=programme,
            order=order,
            direction=direction,
            activity=activity,
            form=form,
            deadline=deadline,
            expected_result=result,
            report_form=report,
            status=Item.DONE if is_done else Item.PLANNED,
            done_on=deadline if is_done else None,
            mentor_note="Выполнено, материалы в папке наставника." if is_done else "",
        )
    if kind == "draft":
        return
    for days, minutes, topic in MEETINGS:
        day = group.starts_on + datetime.timedelta(days=days)
        if day <= today:
            Meeting.objects.create(
                programme=programme, date=day, minutes=minutes, topic=topic, created_by=curator
            )
    mentee_user = mentee.person.user
    if mentee_user:
        Comment.objects.create(
            programme=programme,
            author=mentee_user,
            text="Спасибо за разбор урока! Приёмы с паузами уже работают в 7 «Б».",
        )
    if kind == "done":
        _finish(programme, mentee, curator=curator)
    elif group.mentees.count() > 1:
        Amendment.objects.create(
            programme=programme,
            kind=Amendment.Kind.PLAN,
            date=group.starts_on + datetime.timedelta(days=45),
            reason="Второй наставляемой нужна помощь с проверкой сочинений",
            details="Добавлен пункт о критериях оценивания сочинений.",
            created_by=curator,
        )


def _finish(programme, mentee, *, curator):
    programme.status = Programme.Status.COMPLETED
    programme.completion_reason = Programme.CompletionReason.DONE
    programme.completed_on = programme.ends_on
    programme.mentee_self_assessment = (
        "Научилась готовить учеников к ОГЭ, провела открытый урок, стала увереннее."
    )
    programme.mentor_review = "Программа выполнена полностью; наставляемая работает самостоятельно."
    programme.curator_conclusion = "Цели достигнуты. Рекомендовать опыт пары для копилки."
    programme.is_best_practice = True
    programme.save()
    Practice.objects.get_or_create(
        organisation=programme.group.organisation,
        programme=programme,
        defaults={
            "title": "Подготовка к ОГЭ по химии в первый год работы",
            "summary": "Как наставник и молодой учитель вместе выстроили подготовку к ОГЭ: "
            "диагностика, индивидуальные маршруты, пробные экзамены.",
            "is_published": True,
            "published_on": programme.ends_on,
            "created_by": curator,
        },
    )[0].authors.set([programme.group.mentor.person])
    _answers(programme, mentee)


def _answers(programme, mentee):
    """Monitoring answers for the finished programme: every scale gets a value from a
    fixed pattern, every text question a short answer."""
    from programmes.surveys import SURVEYS

    respondents = {"mentee": mentee.person, "mentor": programme.group.mentor.person}
    for key, survey in SURVEYS.items():
        answers = {}
        for number, question in enumerate(survey.questions):
            if question.kind == "scale":
                if question.before_after:
                    answers[question.key] = {"before": 4 + number % 3, "after": 8 + number % 2}
                else:
                    answers[question.key] = 8 + number % 3
            else:
                answers[question.key] = "Регулярные встречи и разбор уроков."
        SurveyResponse.objects.get_or_create(
            programme=programme,
            respondent=respondents[survey.audience],
            survey=key,
            defaults={"answers": answers},
        )

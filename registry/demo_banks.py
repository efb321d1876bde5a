"""The demo school's consents, banks of mentors and mentees, requests and mentor training.

Consents come in every state (valid, expiring, revoked, missing), so the register, the badges
and the gates all have something to show. Loading twice changes nothing.
"""

import datetime

from mentoring_site.school_year import SchoolYear
from registry.models import (
    AnswerStatus,
    Consent,
    MenteeEntry,
    MentorEntry,
    MentorQuestionnaire,
    Person,
    ProfessionalRequest,
    Topic,
    TrainingSession,
)
from registry.services.banks import mentee_enrol, mentor_enrol

Kind = Consent.Kind

NO_CONSENT = {"Цветкова", "Харитонова", "Павлов", "Григорьева"}
EXPIRING = {"Осипова": 12, "Захаров": 25, "Антонова": 20}  # days left
REVOKED = {"Щербакова": 14, "Тарасова": 40}  # days ago
PUBLICATION = {
    "Белова": ["full_name", "position", "qualification", "experience", "subjects"],
    "Савельев": ["full_name", "position", "qualification"],
    "Ткаченко": ["full_name", "position", "subjects", "experience"],
    "Гусейнова": ["full_name", "position", "email"],
}

# last name → (status, capacity, interview outcome, competencies)
MENTORS = {
    "Белова": ("active", 2, "recommended", ["Планирование урока и рабочей программы по ФГОС",
                                            "Подготовка обучающихся к ОГЭ и ЕГЭ",
                                            "Оценивание образовательных результатов"]),
    "Савельев": ("ready", 2, "recommended", ["Содержание преподаваемого предмета",
                                             "Проектная и исследовательская деятельность"]),
    "Ткаченко": ("ready", 3, "recommended", ["Дисциплина и управление классом",
                                             "Ведение школьной документации",
                                             "Взаимодействие с родителями"]),
    "Гусейнова": ("ready", 2, "recommended", ["Планирование урока и рабочей программы по ФГОС",
                                              "Классное руководство"]),
    "Антонова": ("ready", 2, "recommended", ["Дисциплина и управление классом",
                                             "Родительские собрания"]),
    "Калинина": ("ready", 1, "recommended", ["Подготовка обучающихся к ОГЭ и ЕГЭ",
                                             "Работа с одарёнными детьми и олимпиадами"]),
    "Макарова": ("ready", 2, "recommended", ["Современные образовательные технологии",
                                             "Цифровые образовательные ресурсы и платформы"]),
    "Семёнова": ("ready", 1, "recommended", ["Подготовка к аттестации",
                                             "Нормативные документы и локальные акты"]),
    "Хабибуллин": ("candidate", 1, "", ["Воспитательные мероприятия и внеурочная деятельность"]),
    "Егорова": ("candidate", 1, "", ["Публичные выступления", "Самообразование и обобщение опыта"]),
    "Шевчук": ("ready", 2, "recommended", ["Профориентация"]),
}  # fmt: skip
NO_DUTIES_CONSENT = {"Калинина"}

# last name → (category, topics, difficulties)
MENTEES = {
    "Зайцев": ("young_specialist", ["Дисциплина и управление классом",
                                    "Планирование урока и рабочей программы по ФГОС"],
               "Теряю внимание класса во второй половине урока; не успеваю по тематическому плану."),
    "Лебедева": ("young_specialist", ["Взаимодействие с родителями", "Родительские собрания"],
                 "Волнуюсь перед родительским собранием, не знаю, как отвечать на жалобы родителей."),
    "Сорокина": ("young_specialist", ["Современные образовательные технологии"],
                 "Хочу использовать на уроках английского игровые и проектные приёмы."),
    "Кузьмин": ("young_specialist", ["Ведение школьной документации",
                                     "Электронный журнал и информационные системы"],
                "Путаюсь в документации: рабочая программа, журнал, отчёты."),
    "Яковлева": ("young_specialist", ["Подготовка обучающихся к ОГЭ и ЕГЭ",
                                      "Проектная и исследовательская деятельность"],
                 "Впервые готовлю девятиклассников к ОГЭ по химии."),
    "Голубева": ("young_specialist", ["Дисциплина и управление классом", "Классное руководство"],
                 "Первый год классного руководства в 2 классе, трудно с дисциплиной."),
    "Жукова": ("young_specialist", ["Оценивание образовательных результатов"],
               "Не уверена в критериях оценивания сочинений."),
    "Исаева": ("young_specialist", ["Подготовка обучающихся к ОГЭ и ЕГЭ",
                                    "Функциональная грамотность обучающихся"],
               "Нужна помощь с заданиями на функциональную грамотность."),
    "Романова": ("young_specialist", ["Проектная и исследовательская деятельность"],
                 "Хочу вести проектную деятельность, не знаю, с чего начать."),
    "Умаров": ("young_specialist", ["Дисциплина и управление классом", "Мотивация обучающихся"],
               "Старшеклассники не хотят заниматься на уроках физкультуры."),
    "Чернова": ("young_specialist", ["Подготовка к аттестации",
                                     "Нормативные документы и локальные акты"],
                "Готовлюсь к первой аттестации, не знаю требований."),
    "Васильева": ("newly_hired", ["Нормативные документы и локальные акты",
                                  "Электронный журнал и информационные системы"],
                  "Перешла из другой школы: новые локальные акты и электронный журнал."),
    "Пономарёв": ("student", ["Профориентация", "Проекты, конкурсы и олимпиады"],
                  "Хочу понять, подходит ли мне инженерная профессия, и сделать проект."),
}  # fmt: skip
SUPPORT_MEANWHILE = "Посещение открытых уроков МО, консультации руководителя МО по запросу."


def load(school, *, today: datetime.date, curator) -> None:
    people = {person.last_name: person for person in school.people.all()}
    topics = {topic.name: topic for topic in Topic.objects.for_organisation(school)}
    _consents(people, today=today, curator=curator)
    _mentors(people, topics, today=today, curator=curator)
    _mentees(people, topics, today=today, curator=curator)
    _inbox(people, topics, today=today)
    _training(school, people, today=today)


def _consent(person, kind, *, curator, **values):
    consent = person.consents.filter(kind=kind).first()
    if consent is None:
        return Consent.objects.create(person=person, kind=kind, recorded_by=curator, **values)
    return consent


def _consents(people, *, today, curator):
    start = today - datetime.timedelta(days=80)
    pupil = people["Пономарёв"]
    if not pupil.representative_name:
        pupil.birth_date = today.replace(year=today.year - 16) - datetime.timedelta(days=40)
        pupil.representative_name = "Пономарёва Ирина Викторовна"
        pupil.representative_relation = "мать"
        pupil.representative_phone = "+7 (912) 600-14-27"
        pupil.save()
    for last_name, person in people.items():
        if last_name in NO_CONSENT:
            continue
        kind = Kind.REPRESENTATIVE if person.kind == Person.Kind.STUDENT else Kind.PERSONAL_DATA
        values = {"given_on": start}
        if last_name in EXPIRING:
            values["valid_until"] = today + datetime.timedelta(days=EXPIRING[last_name])
        if last_name in REVOKED:
            values["revoked_on"] = today - datetime.timedelta(days=REVOKED[last_name])
            values["revocation_note"] = "Заявление об отзыве согласия"
        _consent(person, kind, curator=curator, **values)
    for last_name, fields in PUBLICATION.items():
        _consent(
            people[last_name], Kind.PUBLICATION, curator=curator, given_on=start,
            published_fields=fields,
        )  # fmt: skip


def _mentors(people, topics, *, today, curator):
    for last_name, (status, capacity, outcome, competencies) in MENTORS.items():
        person = people[last_name]
        if MentorEntry.objects.filter(person=person).exists():
            continue
        interview = today - datetime.timedelta(days=60) if outcome else None
        mentor_enrol(
            person=person,
            created_by=curator,
            competencies=[topics[name] for name in competencies],
            status=status,
            capacity=capacity,
            interview_date=interview,
            interview_outcome=outcome,
            entered_on=today - datetime.timedelta(days=70),
        )
        if last_name not in NO_DUTIES_CONSENT:
            # Signed before the school year, so the demo's pairs order of September can be signed.
            august = SchoolYear.of(today).starts_on.replace(month=8, day=25)
            given_on = min(today - datetime.timedelta(days=65), august)
            _consent(person, Kind.DUTIES, curator=curator, given_on=given_on)


def _mentees(people, topics, *, today, curator):
    for last_name, (category, topic_names, difficulties) in MENTEES.items():
        person = people[last_name]
        if not MenteeEntry.objects.filter(person=person).exists():
            mentee_enrol(
                person=person,
                category=category,
                created_by=curator,
                entered_on=today - datetime.timedelta(days=50),
                support_meanwhile=SUPPORT_MEANWHILE,
            )
        if not person.professional_requests.exists():
            request = ProfessionalRequest.objects.create(
                person=person,
                difficulties=difficulties,
                stated_on=today - datetime.timedelta(days=55),
                source=ProfessionalRequest.Source.QUESTIONNAIRE,
                status=AnswerStatus.ACCEPTED,
                decided_by=curator,
            )
            request.topics.set([topics[name] for name in topic_names])


def _inbox(people, topics, *, today):
    """New answers for the curator to decide: one without a consent, to show the gate."""
    newcomer = people["Харитонова"]
    if not newcomer.professional_requests.exists():
        request = ProfessionalRequest.objects.create(
            person=newcomer,
            difficulties="Перешла из частной языковой школы: не знаю школьной документации и ФГОС.",
            wishes="Хотела бы наставника из МО иностранных языков.",
            stated_on=today - datetime.timedelta(days=3),
            source=ProfessionalRequest.Source.QUESTIONNAIRE,
        )
        request.topics.set(
            [
                topics["Ведение школьной документации"],
                topics["Планирование урока и рабочей программы по ФГОС"],
            ]
        )
    candidate = people["Юдин"]
    if not candidate.mentor_questionnaires.exists():
        questionnaire = MentorQuestionnaire.objects.create(
            person=candidate,
            motivation="Хочу помогать молодым учителям информатики освоить цифровые инструменты.",
            experience="Руководитель школьного IT-клуба, призёры регионального этапа олимпиады.",
            capacity=2,
            preferences="Очно и дистанционно, после 15:00.",
        )
        questionnaire.competencies.set(
            [
                topics["Цифровые образовательные ресурсы и платформы"],
                topics["Дистанционное обучение"],
            ]
        )


def _training(school, people, *, today):
    sessions = [
        ("Установочная сессия: роль и задачи наставника", 45, 4,
         ["Белова", "Савельев", "Ткаченко", "Гусейнова", "Антонова", "Калинина"]),
        ("Как составить персонализированную программу наставничества", 20, 2,
         ["Белова", "Ткаченко", "Макарова", "Семёнова", "Гусейнова"]),
    ]  # fmt: skip
    for topic, days_ago, hours, attendees in sessions:
        session, created = TrainingSession.objects.get_or_create(
            organisation=school,
            topic=topic,
            defaults={"date": today - datetime.timedelta(days=days_ago), "hours": hours},
        )
        if created:
            session.attendees.set([people[name] for name in attendees])

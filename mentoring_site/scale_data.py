"""Authority-sized data for benchmarks and scale tests: an education authority with many schools,
each with its people, banks, consents, pairs and groups, programmes, roadmap, orders and public
section, as a school has them in its second year with the product.

`generate()` builds it (`manage.py generate_scale_data`, the benchmarks), `add_schools()` adds
schools to it and `grow()` adds people, and everything that grows with them, to one school.
Rows are written in bulk, a few queries per school and kind of row; the random choices come from
a generator seeded by the seed and the school, so the same seed, sizes and day give the same
data. Texts a user reads come from the product's own services where they are cheap (the roadmap
from its template, the Положение, the orders' texts and snapshots); no PDF is rendered: a signed
order's page and PDF are drawn from its snapshot. Like urls.py, this module spans every app.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from mentoring_site.school_year import SchoolYear

DAY = datetime.timedelta(days=1)

# Names as a Russian school's staff list gives them: (masculine, feminine) where they differ.
LAST_NAMES = [
    ("Иванов", "Иванова"), ("Смирнов", "Смирнова"), ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"), ("Васильев", "Васильева"), ("Петров", "Петрова"),
    ("Соколов", "Соколова"), ("Михайлов", "Михайлова"), ("Новиков", "Новикова"),
    ("Фёдоров", "Фёдорова"), ("Морозов", "Морозова"), ("Волков", "Волкова"),
    ("Алексеев", "Алексеева"), ("Лебедев", "Лебедева"), ("Семёнов", "Семёнова"),
    ("Егоров", "Егорова"), ("Павлов", "Павлова"), ("Козлов", "Козлова"),
    ("Степанов", "Степанова"), ("Николаев", "Николаева"), ("Орлов", "Орлова"),
    ("Андреев", "Андреева"), ("Макаров", "Макарова"), ("Никитин", "Никитина"),
    ("Захаров", "Захарова"), ("Зайцев", "Зайцева"), ("Соловьёв", "Соловьёва"),
    ("Борисов", "Борисова"), ("Яковлев", "Яковлева"), ("Григорьев", "Григорьева"),
    ("Романов", "Романова"), ("Воробьёв", "Воробьёва"), ("Сергеев", "Сергеева"),
    ("Белов", "Белова"), ("Тарасов", "Тарасова"), ("Медведев", "Медведева"),
    ("Ершов", "Ершова"), ("Киселёв", "Киселёва"), ("Гусейнов", "Гусейнова"),
    ("Кадиев", "Кадиева"), ("Ковалёв", "Ковалёва"), ("Хабибуллин", "Хабибуллина"),
    ("Садыков", "Садыкова"), ("Ткаченко", "Ткаченко"), ("Шевченко", "Шевченко"),
    ("Бондаренко", "Бондаренко"), ("Ким", "Ким"), ("Черных", "Черных"),
]  # fmt: skip
# Either form of a surname → its feminine form.
FEMININE = {name: female for male, female in LAST_NAMES for name in (male, female)}
FIRST_NAMES = {
    "male": ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Иван",
             "Кирилл", "Михаил", "Никита", "Артём", "Руслан", "Магомед", "Павел", "Егор",
             "Тимур", "Илья", "Роман", "Денис", "Олег", "Владимир", "Игорь", "Фёдор"],
    "female": ["Анна", "Мария", "Елена", "Ольга", "Татьяна", "Наталья", "Ирина",
               "Светлана", "Екатерина", "Юлия", "Марьям", "Дарья", "Вера", "Алина",
               "Ксения", "Полина", "Людмила", "Галина", "Надежда", "Алёна", "Эльмира",
               "Зарема", "Софья"],
}  # fmt: skip
PATRONYMICS = [
    ("Александрович", "Александровна"), ("Сергеевич", "Сергеевна"), ("Иванович", "Ивановна"),
    ("Петрович", "Петровна"), ("Андреевич", "Андреевна"), ("Викторович", "Викторовна"),
    ("Николаевич", "Николаевна"), ("Юрьевич", "Юрьевна"), ("Ахмедович", "Ахмедовна"),
    ("Владимирович", "Владимировна"), ("Олегович", "Олеговна"), ("Дмитриевич", "Дмитриевна"),
    ("Фёдорович", "Фёдоровна"), ("Рашидович", "Рашидовна"), ("Михайлович", "Михайловна"),
]  # fmt: skip
# (position, subjects, methodical association or "")
POSITIONS = [
    ("учитель математики", "математика", "МО учителей математики и информатики"),
    ("учитель информатики", "информатика", "МО учителей математики и информатики"),
    ("учитель русского языка и литературы", "русский язык, литература", "МО филологов"),
    ("учитель английского языка", "английский язык", "МО учителей иностранных языков"),
    ("учитель истории и обществознания", "история, обществознание",
     "МО учителей общественных наук"),
    ("учитель химии", "химия", "МО учителей естественных наук"),
    ("учитель биологии", "биология", "МО учителей естественных наук"),
    ("учитель физики", "физика, астрономия", "МО учителей естественных наук"),
    ("учитель географии", "география", "МО учителей естественных наук"),
    ("учитель начальных классов", "начальные классы", "МО учителей начальных классов"),
    ("учитель физической культуры", "физическая культура", "МО учителей физкультуры и ОБЗР"),
    ("учитель музыки", "музыка", "МО учителей физкультуры и ОБЗР"),
    ("педагог-психолог", "", ""),
    ("социальный педагог", "", ""),
    ("педагог дополнительного образования", "робототехника", ""),
]  # fmt: skip
LETTERS = "АБВГ"
SCHOOL_KINDS = [
    ("Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
     "школа № {n}»", "МБОУ СОШ № {n}"),
    ("Муниципальное бюджетное общеобразовательное учреждение «Гимназия № {n}»",
     "МБОУ «Гимназия № {n}»"),
    ("Муниципальное автономное общеобразовательное учреждение «Лицей № {n}»",
     "МАОУ «Лицей № {n}»"),
    ("Муниципальное казённое общеобразовательное учреждение «Основная общеобразовательная "
     "школа № {n}»", "МКОУ ООШ № {n}"),
]  # fmt: skip
AUTHORITY_NAME = "Управление образования администрации Заречного муниципального округа"
AUTHORITY_SLUG = "zarechny-okrug"

# (direction, activity, form, weeks from the start, expected result, report form)
PLAN = [
    ("Адаптация", "Знакомство с коллективом, локальными актами и традициями школы",
     "беседа", 1, "Знает правила и людей, к кому обращаться", "отметка в плане"),
    ("Документация", "Разбор рабочей программы и тематического планирования",
     "консультация", 3, "Рабочая программа приведена в порядок", "рабочая программа"),
    ("Методика", "Посещение двух уроков наставника с последующим разбором",
     "посещение уроков", 6, "Понимает структуру урока по ФГОС", "лист наблюдения"),
    ("Дисциплина", "Тренинг «Управление классом: правила, ритуалы, паузы»",
     "тренинг", 9, "Применяет три приёма управления классом", "конспект"),
    ("Методика", "Наставник посещает урок наставляемого, совместный анализ",
     "открытый урок", 12, "Урок проведён и разобран", "анализ урока"),
    ("Работа с родителями", "Подготовка и проведение родительского собрания",
     "совместная подготовка", 16, "Собрание проведено", "протокол собрания"),
    ("Оценивание", "Критерии оценивания письменных работ, совместная проверка",
     "практикум", 19, "Оценивает работы по единым критериям", "проверенные работы"),
    ("Самообразование", "Выбор темы самообразования и план на год",
     "консультация", 22, "Тема утверждена на МО", "план самообразования"),
    ("Цифровая среда", "Электронный журнал и цифровые ресурсы урока",
     "мастер-класс", 26, "Ведёт журнал и применяет два ресурса", "отметка в плане"),
    ("Итоги", "Открытый урок для МО и самоанализ",
     "открытый урок", 32, "Урок получил оценку МО", "самоанализ"),
]  # fmt: skip
MEETING_TOPICS = [
    "Знакомство, ожидания, план на первую четверть",
    "Разбор рабочей программы",
    "Разбор посещённого урока",
    "Дисциплина на уроке: что получилось",
    "Подготовка к родительскому собранию",
    "Критерии оценивания контрольной работы",
    "Подготовка открытого урока",
    "Итоги четверти",
]
COMMENTS = [
    "Спасибо за разбор урока! Приёмы с паузами уже работают.",
    "Можно перенести встречу на четверг? В среду у меня педсовет.",
    "Выложила конспект открытого урока, посмотрите, пожалуйста.",
    "Собрание прошло спокойно, родители задали много вопросов о питании.",
    "Хочу добавить в план тему оценивания сочинений.",
]
DIFFICULTIES = [
    "Трудно удерживать дисциплину в 7-х классах, особенно на последних уроках.",
    "Не успеваю проверять тетради и готовиться к урокам одновременно.",
    "Не уверена в критериях оценивания письменных работ.",
    "Сложно говорить с родителями о неуспеваемости.",
    "Не знаю, как готовить учеников к ОГЭ с первого года работы.",
    "Нужна помощь с рабочей программой по обновлённому ФГОС.",
]
STUDENT_DIFFICULTIES = [
    "Хочу понять, какую профессию выбрать, и попробовать себя в проекте.",
    "Трудно даётся математика, нужна помощь с подготовкой к контрольным.",
    "Перешёл в новую школу, пока трудно в классе.",
]
NEWS = [
    ("news", "Школа молодого педагога открыла новый сезон",
     "Молодые учителя и их наставники встретились на первом занятии года."),
    ("announcement", "Открытые уроки наставников",
     "Приглашаем молодых коллег на открытые уроки и их разбор."),
    ("news", "Наставники прошли установочную сессию",
     "Педагоги изучили роль наставника и порядок составления программ."),
    ("announcement", "Конкурс «Наставник года»",
     "В школе объявлен конкурс профессионального мастерства наставников."),
    ("news", "Итоги четверти в наставнических парах",
     "Как прошла четверть у молодых педагогов и их наставников."),
    ("news", "Неделя взаимопосещения уроков",
     "За неделю наставники и наставляемые посетили больше двадцати уроков."),
]  # fmt: skip
# What a copied roadmap takes from the first school's.
ROADMAP_FIELDS = ["title", "model", "starts_on", "ends_on", "goal"]
TARGET_FIELDS = ["text", "value", "unit", "due_on", "metric", "actual", "position"]
STAGE_FIELDS = ["number", "title", "task", "result", "standard"]
ACTIVITY_FIELDS = [
    "number",
    "text",
    "deadline_kind",
    "deadline",
    "due_on",
    "responsible_roles",
    "status",
    "done_on",
    "evidence",
]
ROLES = ("director", "curator", "working_group", "mentor", "mentee", "coordinator", "superuser")


def username(role: str, school_index: int = 0) -> str:
    """The login of a generated user: «curator-1» is the curator of the first school."""
    if role == "coordinator":
        return "coordinator"
    if role == "superuser":
        return "admin"
    if role not in ROLES:
        raise ValueError(role)
    return f"{role.replace('_', '-')}-{school_index + 1}"


@dataclass
class ScaleData:
    authority: object  # registry.models.Organisation
    schools: list = field(default_factory=list)  # schools[0] is the one benchmarks look at

    def user(self, role: str, school_index: int = 0):
        """The generated user holding ``role`` in the school (``coordinator``: the authority's,
        ``superuser``: the site administrator)."""
        return get_user_model().objects.get(username=username(role, school_index))


def generate(
    *,
    schools: int,
    people: int,
    seed: int = 1,
    today: datetime.date | None = None,
    password: str | None = None,
    log=None,
) -> ScaleData:
    """An authority with ``schools`` schools of ``people`` people each, its coordinator and the
    site administrator. Without ``password`` the users cannot log in with one."""
    from registry.models import Membership, Organisation

    today = today or timezone.localdate()
    encoded = _password(password)
    with transaction.atomic():
        authority = Organisation.objects.create(
            name=AUTHORITY_NAME,
            short_name="Управление образования Заречного округа",
            kind=Organisation.Kind.AUTHORITY,
            slug=AUTHORITY_SLUG,
            place="г. Заречный",
            email="uo@zarechny.example.ru",
        )
        users = get_user_model().objects
        coordinator = users.create(**_user_fields("coordinator", encoded))
        Membership.objects.create(
            user=coordinator, organisation=authority, role=Membership.Role.COORDINATOR
        )
        # The site administrator may exist already (the command runs on such a database).
        if not users.filter(username=username("superuser")).exists():
            users.create(**_user_fields("superuser", encoded), is_staff=True, is_superuser=True)
    data = ScaleData(authority=authority)
    add_schools(
        data, schools=schools, people=people, seed=seed, today=today, password=password, log=log
    )
    return data


def add_schools(
    data: ScaleData,
    *,
    schools: int,
    people: int,
    seed: int = 1,
    today: datetime.date | None = None,
    password: str | None = None,
    log=None,
) -> list:
    """Add ``schools`` schools of ``people`` people to the authority of ``data``; one
    transaction per school."""
    today = today or timezone.localdate()
    encoded = _password(password)
    made, model = [], None
    for _number in range(schools):
        index = len(data.schools)
        with transaction.atomic():
            school = _School.create(
                data.authority,
                index,
                rng=random.Random(f"{seed}:{index}"),
                today=today,
                model_roadmap=model,
            )
            school.build(people, encoded)
        model = school.roadmap
        data.schools.append(school.school)
        made.append(school.school)
        if log and (index + 1) % 10 == 0:
            log(f"Школ готово: {index + 1}")
    return made


def grow(school, *, people: int, seed: int = 2, today=None) -> None:
    """Add ``people`` people to ``school`` and, in proportion, bank entries, consents, pairs and
    groups, programmes with plans, meetings, comments, answers, orders and news."""
    today = today or timezone.localdate()
    with transaction.atomic():
        builder = _School.existing(school, rng=random.Random(f"{seed}:{school.slug}"), today=today)
        builder.grow(people)


def row_counts() -> dict[str, int]:
    """How many rows of each kind the database holds: label → count, for reports."""
    from programmes.models import Group, Meeting, PlanItem, Programme, SurveyResponse
    from registry.models import Consent, MenteeEntry, MentorEntry, Organisation, Person
    from roadmap.models import Activity, News, Order, Roadmap

    return {
        "организаций": Organisation.objects.count(),
        "участников": Person.objects.count(),
        "пользователей": get_user_model().objects.count(),
        "согласий": Consent.objects.count(),
        "наставников в банке": MentorEntry.objects.count(),
        "наставляемых в банке": MenteeEntry.objects.count(),
        "пар и групп": Group.objects.count(),
        "программ": Programme.objects.count(),
        "пунктов планов": PlanItem.objects.count(),
        "встреч": Meeting.objects.count(),
        "ответов на анкеты": SurveyResponse.objects.count(),
        "дорожных карт": Roadmap.objects.count(),
        "мероприятий дорожных карт": Activity.objects.count(),
        "приказов": Order.objects.count(),
        "новостей": News.objects.count(),
    }


def _password(password: str | None) -> str:
    # Hashed once for every user: hashing is slow by design, and these are generated logins.
    return make_password(password) if password else make_password(None)


def _user_fields(role: str, encoded: str, school_index: int = 0) -> dict:
    name = username(role, school_index)
    return {"username": name, "email": f"{name}@scale.example.ru", "password": encoded}


@dataclass
class _Batch:
    """What one round of people made that the school-level steps name: the staff (the
    director, the curator and the working group first) and the pairs and groups."""

    staff: list
    groups: list


class _School:
    """Writes one school's rows. ``create`` starts a new school, ``existing`` continues one."""

    def __init__(self, school, *, index, rng, today, model_roadmap=None):
        from programmes.models import MentoringForm
        from registry.models import Topic

        self.school = school
        self.index = index
        self.rng = rng
        self.today = today
        self.start = SchoolYear.of(today).starts_on
        forms = list(MentoringForm.objects.for_organisation(school))
        self.forms = {
            "pair": [f for f in forms if f.audience == "teachers" and not f.is_group],
            "group": [f for f in forms if f.audience == "teachers" and f.is_group] or forms,
            "students": [f for f in forms if f.audience == "students"] or forms,
        }
        topics = list(Topic.objects.for_organisation(school))
        self.topics = [t for t in topics if t.area != Topic.Area.STUDENTS]
        self.student_topics = [t for t in topics if t.area == Topic.Area.STUDENTS] or topics
        self.associations = {}
        self.users = {}
        self.numbers = {}  # journal year → last number given
        self.requests = {}  # person id → their accepted professional request
        self.model_roadmap = model_roadmap  # a roadmap to copy rather than make anew
        self.growing = False  # adding to a school that has its rows already
        self.now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))

    @classmethod
    def create(cls, authority, index, *, rng, today, model_roadmap=None):
        from registry.models import Organisation, Topic

        number = index + 1
        name, short = SCHOOL_KINDS[index % len(SCHOOL_KINDS)]
        school = Organisation.objects.create(
            name=name.format(n=number),
            short_name=short.format(n=number),
            slug=f"school-{number:03d}",
            parent=authority,
            place="г. Заречный",
            address=f"623700, Свердловская обл., г. Заречный, ул. Школьная, д. {number}",
            email=f"school{number}@zarechny.example.ru",
            phone=f"+7 (34377) 3-{number // 100 % 100:02d}-{number % 100:02d}",
            header=f"УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ЗАРЕЧНОГО МУНИЦИПАЛЬНОГО ОКРУГА\n"
            f"{name.format(n=number).upper()}",
        )
        Topic.objects.create(
            organisation=school, area=Topic.Area.METHODICAL, name="Школьная система оценивания"
        )
        return cls(school, index=index, rng=rng, today=today, model_roadmap=model_roadmap)

    @classmethod
    def existing(cls, school, *, rng, today):
        from registry.models import Membership
        from roadmap.models import OrderJournal

        builder = cls(school, index=None, rng=rng, today=today)
        builder.growing = True
        builder.associations = {mo.name: mo for mo in school.methodical_associations.all()}
        for membership in Membership.objects.filter(organisation=school).select_related("user"):
            builder.users.setdefault(membership.role, membership.user)
        builder.numbers = dict(
            OrderJournal.objects.filter(organisation=school).values_list("year", "last_number")
        )
        return builder

    # The school as a whole

    def build(self, people: int, encoded: str) -> None:
        from registry.models import Membership, Person

        staff_count = max(6, round(people * 0.4))
        self._associations()
        roles = ["director", "curator", "working_group", "mentor", "mentee"]
        users = get_user_model().objects.bulk_create(
            get_user_model()(**_user_fields(role, encoded, self.index)) for role in roles
        )
        self.users = dict(zip(roles, users, strict=True))
        # The staff list begins with the director, the curator and a working-group member who
        # also mentors (see _people and _banks).
        accounts = {0: users[0], 1: users[1], 2: users[2]}
        batch = self.batch(staff_count, max(0, people - staff_count), accounts=accounts)
        Membership.objects.bulk_create(
            Membership(user=self.users[role], organisation=self.school, role=role) for role in roles
        )
        # The first group is an active pair: its mentor and mentee get the persona logins.
        first = batch.groups[0]
        Person.objects.filter(pk=first.mentor.person_id).update(user=self.users["mentor"])
        Person.objects.filter(pk=first.mentees_list[0].person_id).update(user=self.users["mentee"])
        self.school.director = batch.staff[0]
        self.school.save(update_fields=["director"])
        roadmap, version = self._governance()
        self.roadmap = roadmap
        self._closing_orders(batch)
        self._approval_order(batch, roadmap, version)
        self._orders(batch, full=True)
        self._public(batch)
        self._news(max(4, people // 20))
        self._journal()

    def grow(self, people: int) -> None:
        from programmes.services.groups import mentor_load
        from registry.models import MentorEntry

        lead = MentorEntry.objects.filter(
            person__organisation=self.school, person__user=self.users.get("mentor")
        ).first()
        if lead is not None:
            lead.room = max(0, 8 - mentor_load(lead))
        staff_count = max(6, round(people * 0.4))
        batch = self.batch(staff_count, max(0, people - staff_count), accounts={}, lead=lead)
        if lead is not None:
            lead.capacity = max(lead.capacity, mentor_load(lead))
            lead.status = MentorEntry.Status.ACTIVE
            lead.save(update_fields=["capacity", "status"])
        self._closing_orders(batch)
        self._orders(batch, full=False)
        self._news(max(2, people // 20))
        self._journal()

    def batch(self, staff_count, student_count, *, accounts: dict, lead=None) -> _Batch:
        staff, students = self._people(staff_count, student_count, accounts)
        mentors, mentees = self._banks(staff, students)
        groups = self._groups(mentors, mentees, lead)
        self._consents(staff, students, mentors, groups)
        self._programmes(groups)
        self._training(mentors)
        return _Batch(staff, groups)

    def _associations(self):
        from registry.models import MethodicalAssociation

        names = sorted({mo for _p, _s, mo in POSITIONS if mo})
        made = MethodicalAssociation.objects.bulk_create(
            MethodicalAssociation(organisation=self.school, name=name) for name in names
        )
        self.associations = {mo.name: mo for mo in made}

    # People and banks

    def _people(self, staff_count, student_count, accounts):
        from registry.models import Person

        rng, today = self.rng, self.today
        mentors, mentees = _split(staff_count)
        # The mentees among the staff are young or new: those after the mentors.
        young = range(2 + mentors, 2 + mentors + mentees)
        qualifications = [q for q in Person.Qualification.values if q]
        made = []
        for n in range(staff_count):
            gender = rng.choice(["male", "female", "female", "female"])
            position, subjects, mo = rng.choice(POSITIONS)
            # A new school's list begins with its director and curator.
            if accounts and n == 0:
                position, subjects, mo = "директор", "история", ""
            elif accounts and n == 1:
                position, subjects, mo = "заместитель директора по УВР", "русский язык", ""
            age = rng.randint(22, 29) if n in young else rng.randint(30, 62)
            experience = rng.randint(0, 3) if n in young else rng.randint(5, age - 23)
            person = self._person(gender, Person.Kind.STAFF)
            person.position, person.subjects = position, subjects
            person.methodical_association = self.associations.get(mo)
            person.birth_date = today - datetime.timedelta(days=365 * age + rng.randint(0, 360))
            person.experience_start = today - datetime.timedelta(days=365 * experience + 30)
            person.hire_date = today - datetime.timedelta(
                days=365 * rng.randint(0, experience) + 60
            )
            person.qualification = "" if n in young else rng.choice(qualifications)
            person.user = accounts.get(n)
            made.append(person)
        for _n in range(student_count):
            gender = rng.choice(["male", "female"])
            person = self._person(gender, Person.Kind.STUDENT)
            grade = rng.randint(5, 11)
            person.grade = f"{grade} {rng.choice(LETTERS)}"
            person.birth_date = today - datetime.timedelta(
                days=365 * (grade + 6) + rng.randint(0, 360)
            )
            # The mother, who signs the consents, mostly shares the child's surname.
            surname = (
                FEMININE[person.last_name] if rng.random() < 0.8 else rng.choice(LAST_NAMES)[1]
            )
            mother = [surname, rng.choice(FIRST_NAMES["female"]), rng.choice(PATRONYMICS)[1]]
            person.representative_name = " ".join(mother)
            person.representative_relation = "мать"
            person.representative_phone = (
                f"+7 (912) {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
            )
            made.append(person)
        for person in made:
            person.search_text = person.make_search_text()
        made = Person.objects.bulk_create(made)
        return made[:staff_count], made[staff_count:]

    def _person(self, gender, kind):
        from registry.models import Person
        from roadmap.printing import ascii_name

        rng = self.rng
        index = 0 if gender == "male" else 1
        last, first = rng.choice(LAST_NAMES)[index], rng.choice(FIRST_NAMES[gender])
        middle = rng.choice(PATRONYMICS)[index]
        number = rng.randint(1, 999)
        email = ""
        if kind == Person.Kind.STAFF:
            email = (
                f"{ascii_name(last)}.{ascii_name(first[0])}{number}@{self.school.slug}.example.ru"
            )
        return Person(
            organisation=self.school,
            last_name=last,
            first_name=first,
            middle_name=middle,
            gender=gender,
            kind=kind,
            email=email,
        )

    def _banks(self, staff, students):
        from registry.models import (
            AnswerStatus,
            MenteeEntry,
            MentorEntry,
            MentorQuestionnaire,
            ProfessionalRequest,
        )

        rng, start = self.rng, self.start
        mentor_count, mentee_count = _split(len(staff))
        mentor_people = staff[2 : 2 + mentor_count]
        staff_mentees = staff[2 + mentor_count : 2 + mentor_count + mentee_count]
        student_mentees = students[: round(len(students) * 0.4)]
        outcomes = [MentorEntry.Outcome.RECOMMENDED] * 4 + [MentorEntry.Outcome.PENDING]
        mentors = MentorEntry.objects.bulk_create(
            MentorEntry(
                person=person,
                status=MentorEntry.Status.READY,
                entered_on=start - rng.randint(20, 400) * DAY,
                interview_date=start - rng.randint(5, 20) * DAY,
                interview_outcome=rng.choice(outcomes),
                capacity=rng.choice([1, 2, 2, 3]),
                created_by=self.users.get("curator"),
            )
            for person in mentor_people
        )
        MentorEntry.competencies.through.objects.bulk_create(
            MentorEntry.competencies.through(mentorentry=entry, topic=topic)
            for entry in mentors
            for topic in rng.sample(self.topics, min(len(self.topics), rng.randint(2, 4)))
        )
        categories = [
            MenteeEntry.Category.YOUNG_SPECIALIST,
            MenteeEntry.Category.YOUNG_SPECIALIST,
            MenteeEntry.Category.NEWLY_HIRED,
            MenteeEntry.Category.DIFFICULTIES,
            MenteeEntry.Category.NEW_POSITION,
            MenteeEntry.Category.RETURNING,
        ]
        mentees = MenteeEntry.objects.bulk_create(
            [
                MenteeEntry(
                    person=person,
                    category=rng.choice(categories),
                    entered_on=start - rng.randint(5, 60) * DAY,
                    created_by=self.users.get("curator"),
                )
                for person in staff_mentees
            ]
            + [
                MenteeEntry(
                    person=person,
                    category=MenteeEntry.Category.STUDENT,
                    entered_on=start + rng.randint(5, 30) * DAY,
                )
                for person in student_mentees
            ]
        )
        # Every mentee stated a request; a few new ones wait in the curator's inbox.
        requests = []
        for n, entry in enumerate(mentees):
            is_student = entry.category == MenteeEntry.Category.STUDENT
            texts = STUDENT_DIFFICULTIES if is_student else DIFFICULTIES
            requests.append(
                ProfessionalRequest(
                    person=entry.person,
                    difficulties=rng.choice(texts),
                    stated_on=entry.entered_on,
                    source=ProfessionalRequest.Source.CURATOR
                    if n % 3
                    else ProfessionalRequest.Source.QUESTIONNAIRE,
                    status=AnswerStatus.ACCEPTED,
                )
            )
            if n % 10 == 1:
                requests.append(
                    ProfessionalRequest(
                        person=entry.person,
                        difficulties=rng.choice(texts),
                        stated_on=self.today - rng.randint(1, 10) * DAY,
                        source=ProfessionalRequest.Source.QUESTIONNAIRE,
                    )
                )
        requests = ProfessionalRequest.objects.bulk_create(requests)
        ProfessionalRequest.topics.through.objects.bulk_create(
            ProfessionalRequest.topics.through(professionalrequest=request, topic=topic)
            for request in requests
            for topic in rng.sample(
                self.student_topics if request.person.kind == "student" else self.topics,
                rng.randint(1, 2),
            )
        )
        for request in requests:
            if request.status == AnswerStatus.ACCEPTED:
                self.requests.setdefault(request.person_id, request)
        # Two colleagues outside the banks sent the mentor questionnaire.
        others = staff[2 + mentor_count + mentee_count :][:2]
        MentorQuestionnaire.objects.bulk_create(
            MentorQuestionnaire(
                person=person,
                motivation="Хочу помогать молодым коллегам: сама помню, как трудно в первый год.",
                experience="Высшая категория, руководство МО, победитель муниципального конкурса.",
                capacity=2,
            )
            for person in others
        )
        return mentors, mentees

    # Pairs and groups, consents

    def _groups(self, mentors, mentees, lead=None):
        """Pairs and groups of the batch's mentees in every status; ``lead``, an existing mentor,
        takes every third one while there is room, so that a mentor's own pages grow too."""
        from programmes.models import Group
        from programmes.models.programmes import add_months
        from registry.models import MenteeEntry, MentorEntry

        rng, start = self.rng, self.start
        # Every status within the first five groups, so that a small school has them all.
        statuses = [
            Group.Status.ACTIVE,
            Group.Status.FINISHED,
            Group.Status.PROPOSED,
            Group.Status.FIXED,
            Group.Status.DISSOLVED,
            Group.Status.ACTIVE,
            Group.Status.ACTIVE,
            Group.Status.FINISHED,
            Group.Status.ACTIVE,
        ]
        sizes = [1, 2, 1, 1, 1, 3, 1]
        # Some mentees wait for a mentor, and a fifth of the mentors have no group yet.
        waiting = max(1, len(mentees) // 7)
        queue = list(mentees[: len(mentees) - waiting])
        working = mentors[: max(1, len(mentors) - len(mentors) // 5)]
        plans = []
        while queue:
            number = len(plans)
            size = sizes[number % len(sizes)]
            first = queue[0]
            is_student = first.category == MenteeEntry.Category.STUDENT
            members = [queue.pop(0)]
            while (
                len(members) < size
                and queue
                and ((queue[0].category == MenteeEntry.Category.STUDENT) == is_student)
            ):
                members.append(queue.pop(0))
            # Counted from the second mentor: the first is the working-group member.
            mentor = working[(number + 1) % len(working)]
            if lead is not None and number % 3 == 0 and lead.room >= len(members):
                mentor, lead.room = lead, lead.room - len(members)
            plans.append((mentor, members, statuses[number % len(statuses)]))
        groups = []
        for mentor, members, status in plans:
            finished = status == Group.Status.FINISHED
            begins = add_months(start, -12) if finished else start + rng.randint(0, 20) * DAY
            is_student = members[0].category == MenteeEntry.Category.STUDENT
            kind = "students" if is_student else ("group" if len(members) > 1 else "pair")
            group = Group(
                organisation=self.school,
                mentor=mentor,
                form=rng.choice(self.forms[kind]),
                status=status,
                starts_on=begins,
                ends_on=add_months(begins, 9) - DAY,
                status_changed_on=add_months(begins, 9) - DAY
                if finished
                else min(begins + 14 * DAY, self.today),
                created_by=self.users.get("curator"),
            )
            if status == Group.Status.DISSOLVED:
                group.dissolution_reason = "Наставляемый перешёл в другую школу."
            group.mentees_list = members
            groups.append(group)
        made = Group.objects.bulk_create(groups)
        for group, planned in zip(made, groups, strict=True):
            group.mentees_list = planned.mentees_list
        Group.mentees.through.objects.bulk_create(
            Group.mentees.through(group=group, menteeentry=entry)
            for group in made
            for entry in group.mentees_list
        )
        # The bank statuses follow the groups, as the services keep them.
        status_of = {}
        for group in made:
            if group.status in Group.OPEN_STATUSES:
                wanted = MenteeEntry.Status.PAIRED
            elif group.status == Group.Status.FINISHED:
                wanted = MenteeEntry.Status.FINISHED
            else:
                wanted = MenteeEntry.Status.LEFT
            for entry in group.mentees_list:
                status_of[entry.pk] = wanted
        for entry in mentees:
            entry.status = status_of.get(entry.pk, MenteeEntry.Status.WAITING)
        MenteeEntry.objects.bulk_update(mentees, ["status"])
        loads = {}
        for group in made:
            if group.status in Group.OPEN_STATUSES:
                loads[group.mentor_id] = loads.get(group.mentor_id, 0) + len(group.mentees_list)
        active = {g.mentor_id for g in made if g.status == Group.Status.ACTIVE}
        idle = [MentorEntry.Status.CANDIDATE, MentorEntry.Status.READY, MentorEntry.Status.LEFT]
        for number, entry in enumerate(mentors):
            entry.capacity = min(10, max(entry.capacity, loads.get(entry.pk, 0)))
            if entry.pk in active:
                entry.status = MentorEntry.Status.ACTIVE
            elif entry not in working:
                entry.status = idle[number % 3]
        MentorEntry.objects.bulk_update(mentors, ["capacity", "status"])
        return made

    def _consents(self, staff, students, mentors, groups):
        from programmes.models import Group
        from registry.models import Consent

        rng, today, start = self.rng, self.today, self.start
        curator = self.users.get("curator")
        banked = {entry.person_id for entry in mentors}
        banked |= {entry.person_id for group in groups for entry in group.mentees_list}
        consents = []

        def consent(person, kind, given_on, **fields):
            consents.append(
                Consent(person=person, kind=kind, given_on=given_on, recorded_by=curator, **fields)
            )

        for n, person in enumerate([*staff, *students]):
            if person.pk not in banked and n % 10 == 9:
                continue  # nobody has asked them yet
            kind = (
                Consent.Kind.REPRESENTATIVE
                if person.kind == "student"
                else Consent.Kind.PERSONAL_DATA
            )
            given_on = start - rng.randint(30, 700) * DAY
            if n % 40 == 3:
                consent(person, kind, given_on, valid_until=today - rng.randint(5, 60) * DAY)
            elif n % 40 == 7:
                consent(person, kind, given_on, revoked_on=today - rng.randint(3, 30) * DAY)
                consent(person, kind, today - 2 * DAY)  # signed again
            elif n % 40 == 15:
                consent(person, kind, given_on, valid_until=today + rng.randint(3, 25) * DAY)
            else:
                consent(person, kind, given_on)
        # Mentors agree in writing to the extra duties before an order fixes their group; the
        # mentors of proposed groups have not yet.
        proposed = {g.mentor_id for g in groups if g.status == Group.Status.PROPOSED}
        for n, entry in enumerate(mentors):
            if entry.pk not in proposed or n % 2:
                consent(entry.person, Consent.Kind.DUTIES, start - rng.randint(1, 20) * DAY)
            if n % 3 == 0:
                consent(
                    entry.person,
                    Consent.Kind.PUBLICATION,
                    start - rng.randint(1, 60) * DAY,
                    published_fields=["full_name", "position", "subjects", "qualification"],
                )
        Consent.objects.bulk_create(consents)

    # Programmes

    def _programmes(self, groups):
        from programmes.demo import STUDENT_TEXTS, TEACHER_TEXTS
        from programmes.models import (
            Amendment,
            Comment,
            Group,
            Meeting,
            PlanItem,
            Practice,
            Programme,
            SurveyResponse,
        )
        from roadmap.demo_public import MEMO

        rng, today = self.rng, self.today
        curator = self.users.get("curator")
        # Working and finished groups have programmes; of the fixed ones, two in three have a
        # draft.
        fixed = [g.pk for g in groups if g.status == Group.Status.FIXED]
        drafts = {pk for number, pk in enumerate(fixed) if number % 3 != 2}
        chosen = [
            g
            for g in groups
            if g.status in (Group.Status.ACTIVE, Group.Status.FINISHED) or g.pk in drafts
        ]
        reasons = [
            Programme.CompletionReason.DONE,
            Programme.CompletionReason.DONE,
            Programme.CompletionReason.DONE,
            Programme.CompletionReason.EARLY,
            Programme.CompletionReason.IMPROPER,
        ]
        programmes, finished = [], 0
        for group in chosen:
            first = group.mentees_list[0].person
            texts = STUDENT_TEXTS if first.kind == "student" else TEACHER_TEXTS
            programme = Programme(
                group=group,
                title=f"Программа наставничества: {first.short_name}",
                starts_on=group.starts_on,
                ends_on=group.ends_on,
                status=Programme.Status.ACTIVE,
                approved_on=group.starts_on,
                created_by=curator,
                **texts,
            )
            if group.status == Group.Status.FIXED:
                programme.status, programme.approved_on = Programme.Status.DRAFT, None
            elif group.status == Group.Status.FINISHED:
                reason = reasons[finished % len(reasons)]
                programme.status = Programme.Status.COMPLETED
                programme.completion_reason = reason
                programme.completed_on = group.ends_on
                programme.mentee_self_assessment = (
                    "Стала увереннее на уроках, освоила критерии оценивания и работу с родителями."
                )
                programme.mentor_review = (
                    "Программа выполнена; наставляемая работает самостоятельно."
                )
                programme.curator_conclusion = "Цели достигнуты, опыт пары рекомендован для МО."
                programme.is_best_practice = finished % 2 == 0
                finished += 1
                if reason == Programme.CompletionReason.DONE:
                    programme.results_published = True
                    programme.public_summary = (
                        "Молодой педагог за год освоил планирование уроков и работу с классом, "
                        "провёл открытый урок для методического объединения."
                    )
            programmes.append(programme)
        programmes = Programme.objects.bulk_create(programmes)
        Programme.forms.through.objects.bulk_create(
            Programme.forms.through(programme=p, mentoringform_id=p.group.form_id)
            for p in programmes
        )
        Programme.difficulties.through.objects.bulk_create(
            Programme.difficulties.through(programme=p, professionalrequest=request)
            for p in programmes
            for entry in p.group.mentees_list
            if (request := self.requests.get(entry.person_id)) is not None
        )
        items, meetings, comments, amendments, responses, practices = [], [], [], [], [], []
        for n, programme in enumerate(programmes):
            completed = programme.status == Programme.Status.COMPLETED
            draft = programme.status == Programme.Status.DRAFT
            count = rng.randint(6, 10)
            for order, (direction, activity, form, week, result, report) in enumerate(
                PLAN[:count], start=1
            ):
                deadline = programme.starts_on + datetime.timedelta(weeks=week)
                status = PlanItem.Status.PLANNED
                if completed:
                    status = PlanItem.Status.CANCELLED if order == 4 else PlanItem.Status.DONE
                elif not draft and deadline < today:
                    status = rng.choice(["done"] * 5 + ["planned", "in_progress"])
                elif not draft and deadline < today + 21 * DAY:
                    status = rng.choice(["planned", "in_progress"])
                done = status == PlanItem.Status.DONE
                items.append(
                    PlanItem(
                        programme=programme,
                        order=order,
                        direction=direction,
                        activity=activity,
                        form=form,
                        deadline=deadline,
                        expected_result=result,
                        report_form=report,
                        status=status,
                        done_on=min(deadline, today) if done else None,
                        mentor_note="Выполнено, материалы в папке наставника." if done else "",
                    )
                )
            if draft:
                continue
            day, last = programme.starts_on + 5 * DAY, min(programme.ends_on, today)
            while day <= last:
                meetings.append(
                    Meeting(
                        programme=programme,
                        date=day,
                        minutes=rng.choice([30, 40, 45, 60, 90]),
                        topic=rng.choice(MEETING_TOPICS),
                        created_by=self.users.get("mentor"),
                    )
                )
                day += rng.randint(14, 28) * DAY
            for _comment in range(rng.randint(0, 2)):
                comments.append(
                    Comment(
                        programme=programme,
                        author=self.users.get("mentee") if n == 0 else curator,
                        text=rng.choice(COMMENTS),
                    )
                )
            if not completed and n % 5 == 4:
                amendments.append(
                    Amendment(
                        programme=programme,
                        kind=Amendment.Kind.PLAN,
                        date=min(programme.starts_on + 45 * DAY, today),
                        reason="Наставляемому нужна помощь с проверкой сочинений.",
                        details="Добавлен пункт о критериях оценивания.",
                        created_by=curator,
                    )
                )
            if completed or n % 3 == 0:
                responses += self._answers(programme, stages=None if completed else "quality")
            if programme.is_best_practice:
                practices.append(
                    Practice(
                        organisation=self.school,
                        programme=programme,
                        title=f"Опыт пары: {programme.group.mentor.person.short_name}",
                        summary="Как наставник и молодой учитель выстроили работу: диагностика, "
                        "посещение уроков, открытый урок.",
                        is_published=True,
                        published_on=programme.completed_on,
                        created_by=curator,
                    )
                )
        title, summary = MEMO
        practices.append(
            Practice(
                organisation=self.school,
                kind=Practice.Kind.MATERIAL,
                title=title,
                summary=summary,
                is_published=True,
                published_on=self.start,
                created_by=curator,
            )
        )
        PlanItem.objects.bulk_create(items)
        Meeting.objects.bulk_create(meetings)
        Comment.objects.bulk_create(comments)
        Amendment.objects.bulk_create(amendments)
        SurveyResponse.objects.bulk_create(responses)
        practices = Practice.objects.bulk_create(practices)
        Practice.authors.through.objects.bulk_create(
            Practice.authors.through(
                practice=practice, person_id=practice.programme.group.mentor.person_id
            )
            for practice in practices
            if practice.programme is not None
        )

    def _answers(self, programme, *, stages):
        from programmes.models import SurveyResponse
        from programmes.surveys import SURVEYS

        rng = self.rng
        made = []
        for key, survey in SURVEYS.items():
            if stages and survey.stage != stages:
                continue
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
                    answers[question.key] = "Регулярные встречи и разбор уроков."
            if survey.audience == "mentor":
                respondents = [programme.group.mentor.person_id]
            else:
                respondents = [entry.person_id for entry in programme.group.mentees_list]
            made += [
                SurveyResponse(
                    programme=programme, respondent_id=person, survey=key, answers=answers
                )
                for person in respondents
            ]
        return made

    def _training(self, mentors):
        from registry.models import TrainingSession

        sessions = TrainingSession.objects.bulk_create(
            [
                TrainingSession(
                    organisation=self.school,
                    date=self.start - 7 * DAY,
                    topic="Установочная сессия для наставников",
                    hours=4,
                ),
                TrainingSession(
                    organisation=self.school,
                    date=min(self.start + 50 * DAY, self.today),
                    topic="Семинар «Как составить персонализированную программу»",
                ),
            ]
        )
        TrainingSession.attendees.through.objects.bulk_create(
            TrainingSession.attendees.through(trainingsession=session, person_id=entry.person_id)
            for number, session in enumerate(sessions)
            for entry in mentors[: len(mentors) * (2 - number) // 3]
        )

    # Roadmap, Положение and orders

    def _governance(self):
        from roadmap.demo import NORMATIVE
        from roadmap.models import NormativeDocument, Regulation
        from roadmap.services.regulations import regulation_create

        start = self.start
        curator = self.users["curator"]
        marks = {
            "considered_protocol": "1",
            "considered_on": start - 4 * DAY,
            "agreed_by": "с первичной профсоюзной организацией",
            "agreed_protocol": "3",
            "agreed_on": start - 5 * DAY,
        }
        roadmap = self._roadmap(marks)
        regulation = regulation_create(
            organisation=self.school,
            kind=Regulation.Kind.POLOZHENIE,
            title=f"Положение о системе наставничества педагогических работников "
            f"{self.school.short_name}",
            created_by=curator,
            from_template=True,
        )
        version = regulation.versions.get()
        for name, value in marks.items():
            setattr(version, name, value)
        version.effective_from = start
        version.save()
        NormativeDocument.objects.bulk_create(
            NormativeDocument(
                organisation=self.school,
                level=level,
                title=title,
                issuer=issuer,
                number=number,
                issued_on=issued_on,
                url=url,
            )
            for level, title, issuer, number, issued_on, url in NORMATIVE
        )
        return roadmap, version

    def _roadmap(self, marks):
        """This year's roadmap, made from the template by the product's service; the schools
        after the first of a run copy the first one's rows in bulk (the same stages, dates and
        states), as the service writes an activity at a time."""
        from roadmap.models import Activity, Roadmap, Stage, Target
        from roadmap.services.roadmaps import roadmap_create_from_template

        curator, today, model = self.users["curator"], self.today, self.model_roadmap
        if model is not None:
            roadmap = Roadmap.objects.create(
                organisation=self.school,
                created_by=curator,
                **{name: getattr(model, name) for name in ROADMAP_FIELDS},
                **marks,
            )
            Target.objects.bulk_create(
                Target(roadmap=roadmap, **{name: getattr(t, name) for name in TARGET_FIELDS})
                for t in model.targets.all()
            )
            sources = list(model.stages.prefetch_related("activities"))
            stages = Stage.objects.bulk_create(
                Stage(roadmap=roadmap, **{name: getattr(s, name) for name in STAGE_FIELDS})
                for s in sources
            )
            Activity.objects.bulk_create(
                Activity(stage=stage, **{name: getattr(a, name) for name in ACTIVITY_FIELDS})
                for stage, source in zip(stages, sources, strict=True)
                for a in source.activities.all()
            )
            return roadmap
        roadmap = roadmap_create_from_template(
            organisation=self.school,
            model=Roadmap.Model.TEACHERS,
            starts_on=self.start,
            ends_on=SchoolYear.of(today).ends_on,
            created_by=curator,
        )
        for name, value in marks.items():
            setattr(roadmap, name, value)
        roadmap.save(update_fields=[*marks])
        # What was due is mostly done; a few things are late, one is under way.
        activities = list(Activity.objects.filter(stage__roadmap=roadmap).order_by("pk"))
        for number, activity in enumerate(activities):
            if activity.due_on and activity.due_on < today and number % 6 != 5:
                activity.status = Activity.Status.DONE
                activity.done_on = activity.due_on - 2 * DAY
                activity.evidence = "Выполнено, материалы у куратора."
            elif number % 9 == 4:
                activity.status = Activity.Status.IN_PROGRESS
        Activity.objects.bulk_update(activities, ["status", "done_on", "evidence"])
        return roadmap

    def _approval_order(self, batch, roadmap, version):
        from roadmap.models import Order, OrderPerson
        from roadmap.services.drafting import order_draft

        Role = OrderPerson.Role
        curator, member = batch.staff[1], batch.staff[2]
        order = order_draft(
            organisation=self.school,
            kind=Order.Kind.APPROVE_SYSTEM,
            created_by=self.users["curator"],
            roadmap=roadmap,
            regulation_version=version,
            people=[
                (curator, Role.COORDINATOR, ""),
                (curator, Role.CURATOR, ""),
                (member, Role.WORKING_GROUP_HEAD, ""),
                *[(person, Role.WORKING_GROUP, "") for person in batch.staff[3:5]],
            ],
        )
        self._sign(order, self.start - 3 * DAY)
        for act in (roadmap, version):
            act.approved_order = order
            act.save(update_fields=["approved_order"])

    def _closing_orders(self, batch):
        """Last year's groups, now finished: fixed by an order a year ago, closed by another."""
        from programmes.models import Group
        from roadmap.models import Order

        finished = [g for g in batch.groups if g.status == Group.Status.FINISHED]
        if finished:
            self._sign(self._draft(Order.Kind.FIX_GROUPS, finished), finished[0].starts_on)
            self._sign(self._draft(Order.Kind.FINISH, finished), self.start - 10 * DAY)

    def _draft(self, kind, groups, **fields):
        from roadmap.services.drafting import order_draft

        curator = self.users.get("curator")
        return order_draft(
            organisation=self.school, kind=kind, created_by=curator, groups=groups, **fields
        )

    def _orders(self, batch, *, full: bool):
        """This year's groups in orders: fixed by a signed order, the proposed ones in an order
        awaiting signature; for a new school also an appointment and a draft."""
        from programmes.models import Group
        from roadmap.models import Order

        start, curator, draft = self.start, self.users.get("curator"), self._draft
        fixed = [
            g
            for g in batch.groups
            if g.status in (Group.Status.FIXED, Group.Status.ACTIVE, Group.Status.DISSOLVED)
        ]
        if fixed:
            self._sign(draft(Order.Kind.FIX_GROUPS, fixed), start + 21 * DAY)
            if full:
                self._sign(draft(Order.Kind.APPOINT_MENTORS, fixed[:1]), start + 25 * DAY)
        proposed = [g for g in batch.groups if g.status == Group.Status.PROPOSED]
        if proposed:
            order = draft(Order.Kind.FIX_GROUPS, proposed)
            order.status, order.sent_by, order.sent_at = Order.Status.SENT, curator, self.now
            order.save(update_fields=["status", "sent_by", "sent_at"])
        if full:
            draft(Order.Kind.FREE, [], heading="О проведении школьного конкурса «Наставник года»")

    def _sign(self, order, on):
        """Sign as the director does (roadmap.services.orders.sign), without the PDF: its page
        and PDF are drawn from the snapshot."""
        from roadmap import printing
        from roadmap.models import Order

        # The journal's numbers follow the dates: a grown school's orders are signed today,
        # after everything signed before.
        on = self.today if self.growing else min(on, self.today)
        number = self.numbers.get(on.year, 0) + 1
        self.numbers[on.year] = number
        director = self.users.get("director")
        signed_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(11)))
        order.status = Order.Status.SIGNED
        order.sent_at, order.sent_by = signed_at - DAY, self.users.get("curator")
        order.journal_year, order.number = on.year, number
        order.number_text = f"{number}{self.school.order_suffix}"
        order.signed_on, order.signed_by, order.signed_at = on, director, signed_at
        order.snapshot = printing.order_content(order)
        order.save()

    def _journal(self):
        from roadmap.models import OrderJournal

        for year, last in self.numbers.items():
            OrderJournal.objects.update_or_create(
                organisation=self.school, year=year, defaults={"last_number": last}
            )

    # The public section

    def _public(self, batch):
        from registry.models import Consent
        from roadmap.demo_public import ABOUT
        from roadmap.models import AnnualReport, PublicSection

        curator = batch.staff[1]
        Consent.objects.create(
            person=curator,
            kind=Consent.Kind.PUBLICATION,
            given_on=self.start - 20 * DAY,
            published_fields=["full_name", "position", "email"],
            recorded_by=self.users["curator"],
        )
        PublicSection.objects.create(
            organisation=self.school,
            is_enabled=True,
            about=ABOUT,
            contact_person=curator,
            contact_role="Куратор системы наставничества",
            contact_email=f"nastavnichestvo@{self.school.slug}.example.ru",
            contact_hours="Вторник и четверг, 14:00–17:00",
        )
        year = SchoolYear.of(self.today).start
        AnnualReport.objects.create(
            organisation=self.school,
            year=year - 1,
            conclusions="Система наставничества работает: все молодые специалисты получили "
            "наставника.\n\nНужно больше групповых форм и обучения наставников.",
            proposals="Провести конкурс «Наставник года» и неделю взаимопосещения уроков.",
            updated_by=self.users["curator"],
        )

    def _news(self, count):
        from roadmap.models import News

        rng, now = self.rng, self.now
        made = []
        for number in range(count):
            kind, title, lead = NEWS[number % len(NEWS)]
            published = number != count - 1  # the last one is still a draft
            made.append(
                News(
                    organisation=self.school,
                    kind=kind,
                    title=title,
                    lead=lead,
                    body=f"{lead}\n\nПодробности у куратора системы наставничества.",
                    event_on=self.today + rng.randint(3, 30) * DAY
                    if kind == "announcement"
                    else None,
                    is_published=published,
                    published_at=now - rng.randint(1, 90) * DAY if published else None,
                    created_by=self.users.get("curator"),
                )
            )
        News.objects.bulk_create(made)


def _split(staff: int) -> tuple[int, int]:
    """How many of the staff (after the director and the curator) are in the bank of mentors
    and how many in the bank of mentees: about a half and a quarter, leaving one at least in
    neither, to send a mentor questionnaire."""
    mentees = staff // 4
    return min(staff // 2, staff - 3 - mentees), mentees

"""The demo: an education authority with two schools, their people and one login per persona.

Everything is looked up by a natural key before it is created, so loading twice changes nothing
but the demo passwords, which are reset to the printed one.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from registry import demo_banks
from registry.models import Membership, MethodicalAssociation, Organisation, Person

User = get_user_model()

DEMO_PASSWORD = "Demo-Parol-2026"  # printed for the demo on purpose

Role = Membership.Role
F, M = Person.Gender.FEMALE, Person.Gender.MALE
STAFF, STUDENT, EMPLOYER = Person.Kind.STAFF, Person.Kind.STUDENT, Person.Kind.EMPLOYER

AUTHORITY = {
    "slug": "zarechny-okrug",
    "name": "Управление образования администрации Заречного муниципального округа",
    "short_name": "Управление образования Заречного округа",
    "kind": Organisation.Kind.AUTHORITY,
    "address": "623700, Свердловская обл., г. Заречный, ул. Ленина, д. 12",
    "email": "uo@zarechny.example.ru",
    "phone": "+7 (34377) 3-12-45",
    "place": "г. Заречный",
    "order_suffix": "-од",
}

SCHOOLS = [
    {
        "slug": "zarechnaya-school-1",
        "name": (
            "Муниципальное бюджетное общеобразовательное учреждение "
            "«Заречная средняя общеобразовательная школа № 1»"
        ),
        "short_name": "МБОУ «Заречная СОШ № 1»",
        "kind": Organisation.Kind.SCHOOL,
        "address": "623701, Свердловская обл., г. Заречный, ул. Мира, д. 5",
        "email": "school1@zarechny.example.ru",
        "phone": "+7 (34377) 3-20-11",
        "website": "https://school1.zarechny.example.ru",
        "header": (
            "РОССИЙСКАЯ ФЕДЕРАЦИЯ\n"
            "СВЕРДЛОВСКАЯ ОБЛАСТЬ\n"
            "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ЗАРЕЧНОГО МУНИЦИПАЛЬНОГО ОКРУГА\n"
            "МУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ ОБЩЕОБРАЗОВАТЕЛЬНОЕ УЧРЕЖДЕНИЕ\n"
            "«ЗАРЕЧНАЯ СРЕДНЯЯ ОБЩЕОБРАЗОВАТЕЛЬНАЯ ШКОЛА № 1»"
        ),
        "place": "г. Заречный",
        "order_suffix": "-од",
    },
    {
        "slug": "berezovka-school",
        "name": (
            "Муниципальное казённое общеобразовательное учреждение "
            "«Берёзовская основная общеобразовательная школа»"
        ),
        "short_name": "МКОУ «Берёзовская ООШ»",
        "kind": Organisation.Kind.SCHOOL,
        "address": "623715, Свердловская обл., Заречный муниципальный округ, с. Берёзовка, "
        "ул. Школьная, д. 1",
        "email": "berezovka@zarechny.example.ru",
        "phone": "+7 (34377) 5-41-02",
        "header": (
            "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ЗАРЕЧНОГО МУНИЦИПАЛЬНОГО ОКРУГА\n"
            "МУНИЦИПАЛЬНОЕ КАЗЁННОЕ ОБЩЕОБРАЗОВАТЕЛЬНОЕ УЧРЕЖДЕНИЕ\n"
            "«БЕРЁЗОВСКАЯ ОСНОВНАЯ ОБЩЕОБРАЗОВАТЕЛЬНАЯ ШКОЛА»"
        ),
        "place": "с. Берёзовка",
        "order_suffix": "-о",
    },
]

# МО of the first school, by short key.
MO = {
    "нач": "МО учителей начальных классов",
    "гум": "МО учителей гуманитарного цикла",
    "ест": "МО учителей естественно-математического цикла",
    "ин": "МО учителей иностранных языков",
    "эст": "МО физической культуры, искусства и технологии",
}
QUALIFICATION = {
    "в": Person.Qualification.HIGHEST,
    "1": Person.Qualification.FIRST,
    "с": Person.Qualification.POST,
    "м": Person.Qualification.METHODIST,
    "н": Person.Qualification.MENTOR,
    "-": Person.Qualification.NONE,
}

# ФИО | пол | должность | МО | предметы | категория | возраст | стаж | в школе лет | почта
STAFF_TABLE = """
Миронов Андрей Викторович | м | директор | - | история | в | 52 | 29 | 11 | mironov.av
Ковалёва Наталья Сергеевна | ж | заместитель директора по УВР | гум | русский язык | в | 47 | 24 | 15 | kovaleva.ns
Гусейнова Эльмира Рашидовна | ж | руководитель МО учителей начальных классов | нач | начальные классы | м | 44 | 21 | 14 | guseynova.er
Белова Ирина Петровна | ж | учитель математики | ест | математика | н | 49 | 26 | 20 | belova.ip
Савельев Игорь Николаевич | м | учитель физики | ест | физика, астрономия | в | 55 | 31 | 25 | savelyev.in
Ткаченко Людмила Фёдоровна | ж | учитель русского языка и литературы | гум | русский язык, литература | в | 58 | 35 | 30 | tkachenko.lf
Орлова Марина Геннадьевна | ж | педагог-психолог | - | - | 1 | 39 | 15 | 6 | orlova.mg
Хабибуллин Ренат Маратович | м | учитель истории и обществознания | гум | история, обществознание | 1 | 41 | 17 | 9 | khabibullin.rm
Зайцев Кирилл Андреевич | м | учитель информатики | ест | информатика | - | 24 | 1 | 1 | zaytsev.ka
Лебедева Анастасия Олеговна | ж | учитель начальных классов | нач | начальные классы | - | 23 | 0 | 0 | lebedeva.ao
Сорокина Дарья Игоревна | ж | учитель английского языка | ин | английский язык | - | 26 | 2 | 2 | sorokina.di
Кузьмин Артём Владимирович | м | учитель физической культуры | эст | физическая культура | с | 29 | 3 | 1 | kuzmin.av
Яковлева Полина Сергеевна | ж | учитель химии и биологии | ест | химия, биология | - | 25 | 1 | 1 | yakovleva.ps
Ефимова Светлана Алексеевна | ж | учитель музыки | эст | музыка | 1 | 45 | 20 | 12 | efimova.sa
Антонова Елена Викторовна | ж | учитель начальных классов | нач | начальные классы | в | 51 | 28 | 22 | antonova.ev
Богданова Ольга Николаевна | ж | учитель начальных классов | нач | начальные классы | 1 | 38 | 14 | 10 | bogdanova.on
Васильева Татьяна Михайловна | ж | учитель начальных классов | нач | начальные классы | с | 33 | 9 | 0 | vasilyeva.tm
Голубева Юлия Андреевна | ж | учитель начальных классов | нач | начальные классы | - | 22 | 0 | 0 | golubeva.ya
Давыдова Марина Петровна | ж | учитель русского языка и литературы | гум | русский язык, литература | 1 | 36 | 12 | 8 | davydova.mp
Егорова Валентина Ивановна | ж | учитель литературы | гум | литература | в | 60 | 37 | 33 | egorova.vi
Жукова Алёна Сергеевна | ж | учитель русского языка | гум | русский язык | - | 27 | 3 | 3 | zhukova.as
Захаров Денис Олегович | м | учитель географии | ест | география | 1 | 40 | 16 | 7 | zakharov.do
Исаева Зарема Руслановна | ж | учитель математики | ест | математика | - | 26 | 2 | 2 | isaeva.zr
Калинина Наталья Викторовна | ж | учитель математики | ест | математика, алгебра, геометрия | в | 50 | 27 | 19 | kalinina.nv
Лаптев Сергей Анатольевич | м | учитель технологии | эст | технология | 1 | 48 | 22 | 15 | laptev.sa
Макарова Ирина Владимировна | ж | учитель английского языка | ин | английский язык | в | 46 | 23 | 18 | makarova.iv
Никольская Вера Александровна | ж | учитель немецкого языка | ин | немецкий язык | 1 | 43 | 19 | 13 | nikolskaya.va
Осипова Людмила Геннадьевна | ж | учитель биологии | ест | биология | с | 34 | 6 | 1 | osipova.lg
Павлов Максим Игоревич | м | учитель ОБЗР | эст | основы безопасности и защиты Родины | - | 30 | 2 | 2 | pavlov.mi
Романова Ксения Дмитриевна | ж | учитель изобразительного искусства | эст | изобразительное искусство | - | 28 | 4 | 4 | romanova.kd
Семёнова Галина Петровна | ж | учитель истории | гум | история | в | 57 | 33 | 28 | semyonova.gp
Тарасова Оксана Юрьевна | ж | социальный педагог | - | - | 1 | 42 | 18 | 5 | tarasova.oyu
Умаров Тимур Ильясович | м | учитель физической культуры | эст | физическая культура | - | 23 | 0 | 0 | umarov.ti
Фёдорова Анна Константиновна | ж | учитель-логопед | нач | логопедия | 1 | 37 | 13 | 11 | fyodorova.ak
Харитонова Екатерина Львовна | ж | учитель английского языка | ин | английский язык | - | 31 | 5 | 0 | kharitonova.el
Цветкова Надежда Борисовна | ж | учитель начальных классов | нач | начальные классы | с | 55 | 4 | 0 | tsvetkova.nb
Чернова Виктория Алексеевна | ж | учитель обществознания | гум | обществознание, право | - | 25 | 1 | 1 | chernova.va
Шарипова Динара Ринатовна | ж | учитель химии | ест | химия | 1 | 35 | 11 | 11 | sharipova.dr
Щербакова Лариса Ивановна | ж | педагог-библиотекарь | - | - | с | 53 | 25 | 20 | shcherbakova.li
Юдин Павел Сергеевич | м | учитель информатики | ест | информатика | 1 | 38 | 12 | 6 | yudin.ps
"""

# (last, first, middle, gender, kind, position, grade, email)
OTHERS = {
    "zarechnaya-school-1": [
        ("Пономарёв", "Егор", "Дмитриевич", M, STUDENT, "", "10 А", ""),
        ("Григорьева", "Алина", "Романовна", F, STUDENT, "", "7 Б", ""),
        ("Шевчук", "Роман", "Олегович", M, EMPLOYER,
         "инженер-технолог АО «Заречный приборный завод»", "", "shevchuk.ro"),
    ],
    "berezovka-school": [
        ("Воронцова", "Галина", "Ивановна", F, STAFF, "директор", "", "vorontsova.gi"),
        ("Никитина", "Ольга", "Владимировна", F, STAFF, "заместитель директора по УВР", "",
         "nikitina.ov"),
        ("Фролов", "Василий", "Петрович", M, STAFF, "учитель технологии", "", "frolov.vp"),
        ("Мельникова", "Ксения", "Андреевна", F, STAFF, "учитель начальных классов", "",
         "melnikova.ka"),
        ("Тимофеев", "Максим", "Сергеевич", M, STAFF, "учитель географии", "", "timofeev.ms"),
    ],
}  # fmt: skip


@dataclass(frozen=True)
class Login:
    username: str
    persona: str
    organisation_slug: str
    roles: tuple[str, ...]
    person: tuple[str, str] | None  # (last name, first name) of the person behind the login


LOGINS = [
    Login("kurator", "Куратор", "zarechnaya-school-1", (Role.CURATOR,), ("Ковалёва", "Наталья")),
    Login(
        "direktor", "Руководитель", "zarechnaya-school-1", (Role.DIRECTOR,), ("Миронов", "Андрей")
    ),
    Login(
        "metodist",
        "Член рабочей группы",
        "zarechnaya-school-1",
        (Role.WORKING_GROUP, Role.MENTOR),
        ("Гусейнова", "Эльмира"),
    ),
    Login("nastavnik", "Наставник", "zarechnaya-school-1", (Role.MENTOR,), ("Белова", "Ирина")),
    Login("molodoy", "Наставляемый", "zarechnaya-school-1", (Role.MENTEE,), ("Зайцев", "Кирилл")),
    Login(
        "koordinator", "Координатор органа управления", "zarechny-okrug", (Role.COORDINATOR,), None
    ),
    Login(
        "kurator2",
        "Куратор второй школы",
        "berezovka-school",
        (Role.CURATOR,),
        ("Никитина", "Ольга"),
    ),
    Login("admin", "Администратор сайта", "", (), None),
]


def _upsert(model, lookup: dict, values: dict):
    """Create the row, or update only the fields that differ: a second load writes nothing
    (and leaves no history rows behind)."""
    values = {field: value for field, value in values.items() if field not in lookup}
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values)
    changed = [field for field, value in values.items() if getattr(row, field) != value]
    if changed:
        for field in changed:
            setattr(row, field, values[field])
        row.save(update_fields=changed)
    return row


def _years_ago(today: datetime.date, years: int, days: int = 0) -> datetime.date:
    return today.replace(month=9, day=1, year=today.year - years) - datetime.timedelta(days=days)


def _staff_rows(today: datetime.date):
    for line in STAFF_TABLE.strip().splitlines():
        name, gender, position, mo, subjects, category, age, experience, tenure, email = (
            part.strip() for part in line.split("|")
        )
        last, first, middle = name.split()
        yield (
            {"last_name": last, "first_name": first, "middle_name": middle},
            {
                "gender": F if gender == "ж" else M,
                "kind": STAFF,
                "position": position,
                "subjects": "" if subjects == "-" else subjects,
                "qualification": QUALIFICATION[category],
                # Birthdays spread over the year, so ages do not all change on one day.
                "birth_date": _years_ago(today, int(age), days=37 * len(last)),
                "experience_start": _years_ago(today, int(experience)),
                "hire_date": _years_ago(today, int(tenure)),
                "email": f"{email}@zarechny.example.ru",
            },
            MO.get(mo),
        )


def load() -> list[Login]:
    """Create or refresh the demo organisations, people, banks and logins; return the logins."""
    today = timezone.localdate()
    authority = _upsert(Organisation, {"slug": AUTHORITY["slug"]}, AUTHORITY)
    organisations = {authority.slug: authority}
    for school in SCHOOLS:
        organisation = _upsert(
            Organisation, {"slug": school["slug"]}, {**school, "parent": authority}
        )
        organisations[organisation.slug] = organisation
        for last, first, middle, gender, kind, position, grade, email in OTHERS[organisation.slug]:
            _upsert(
                Person,
                {"organisation": organisation, "last_name": last, "first_name": first,
                 "middle_name": middle},
                {"gender": gender, "kind": kind, "position": position, "grade": grade,
                 "email": f"{email}@zarechny.example.ru" if email else ""},
            )  # fmt: skip
    school = organisations["zarechnaya-school-1"]
    for lookup, values, mo_name in _staff_rows(today):
        if mo_name:
            values["methodical_association"], _ = MethodicalAssociation.objects.get_or_create(
                organisation=school, name=mo_name
            )
        _upsert(Person, {"organisation": school, **lookup}, values)
    for organisation in organisations.values():
        director = organisation.people.filter(position="директор").first()
        if director and organisation.director_id != director.pk:
            organisation.director = director
            organisation.save(update_fields=["director"])

    for login in LOGINS:
        _create_login(login, organisations)
    demo_banks.load(school, today=today, curator=User.objects.get(username="kurator"))
    return LOGINS


def _create_login(login: Login, organisations: dict[str, Organisation]) -> None:
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=login.username)
    person = None
    if login.person:
        last, first = login.person
        person = Person.objects.get(
            organisation=organisations[login.organisation_slug], last_name=last, first_name=first
        )
        user.last_name, user.first_name, user.email = (
            person.last_name,
            person.first_name,
            person.email,
        )
        if person.user_id != user.pk:
            person.user = user
            person.save(update_fields=["user"])
    elif Role.COORDINATOR in login.roles:
        user.last_name, user.first_name = "Рябова", "Елена"
        user.email = "ryabova.ev@zarechny.example.ru"
    if not login.roles:
        user.is_staff = user.is_superuser = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    for role in login.roles:
        Membership.objects.get_or_create(
            user=user, organisation=organisations[login.organisation_slug], role=role
        )

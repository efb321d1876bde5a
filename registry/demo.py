"""The demo: an education authority with two schools, their people and one login per persona.

Everything is looked up by a natural key before it is created, so loading twice changes nothing
but the demo passwords, which are reset to the printed one.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from registry.models import Membership, Organisation, Person

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

# (last, first, middle, gender, kind, position, email)
PEOPLE = {
    "zarechnaya-school-1": [
        ("Миронов", "Андрей", "Викторович", M, STAFF, "директор", "mironov.av"),
        (
            "Ковалёва",
            "Наталья",
            "Сергеевна",
            F,
            STAFF,
            "заместитель директора по УВР",
            "kovaleva.ns",
        ),
        (
            "Гусейнова",
            "Эльмира",
            "Рашидовна",
            F,
            STAFF,
            "руководитель МО учителей начальных классов",
            "guseynova.er",
        ),
        ("Белова", "Ирина", "Петровна", F, STAFF, "учитель математики", "belova.ip"),
        ("Савельев", "Игорь", "Николаевич", M, STAFF, "учитель физики", "savelyev.in"),
        (
            "Ткаченко",
            "Людмила",
            "Фёдоровна",
            F,
            STAFF,
            "учитель русского языка и литературы",
            "tkachenko.lf",
        ),
        ("Орлова", "Марина", "Геннадьевна", F, STAFF, "педагог-психолог", "orlova.mg"),
        (
            "Хабибуллин",
            "Ренат",
            "Маратович",
            M,
            STAFF,
            "учитель истории и обществознания",
            "khabibullin.rm",
        ),
        ("Зайцев", "Кирилл", "Андреевич", M, STAFF, "учитель информатики", "zaytsev.ka"),
        ("Лебедева", "Анастасия", "Олеговна", F, STAFF, "учитель начальных классов", "lebedeva.ao"),
        ("Сорокина", "Дарья", "Игоревна", F, STAFF, "учитель английского языка", "sorokina.di"),
        ("Кузьмин", "Артём", "Владимирович", M, STAFF, "учитель физической культуры", "kuzmin.av"),
        ("Яковлева", "Полина", "Сергеевна", F, STAFF, "учитель химии и биологии", "yakovleva.ps"),
        ("Ефимова", "Светлана", "Алексеевна", F, STAFF, "учитель музыки", "efimova.sa"),
        ("Пономарёв", "Егор", "Дмитриевич", M, STUDENT, "10 «А» класс", ""),
        ("Григорьева", "Алина", "Романовна", F, STUDENT, "7 «Б» класс", ""),
        (
            "Шевчук",
            "Роман",
            "Олегович",
            M,
            EMPLOYER,
            "инженер-технолог АО «Заречный приборный завод»",
            "shevchuk.ro",
        ),
    ],
    "berezovka-school": [
        ("Воронцова", "Галина", "Ивановна", F, STAFF, "директор", "vorontsova.gi"),
        (
            "Никитина",
            "Ольга",
            "Владимировна",
            F,
            STAFF,
            "заместитель директора по УВР",
            "nikitina.ov",
        ),
        ("Фролов", "Василий", "Петрович", M, STAFF, "учитель технологии", "frolov.vp"),
        (
            "Мельникова",
            "Ксения",
            "Андреевна",
            F,
            STAFF,
            "учитель начальных классов",
            "melnikova.ka",
        ),
        ("Тимофеев", "Максим", "Сергеевич", M, STAFF, "учитель географии", "timofeev.ms"),
    ],
}


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


def load() -> list[Login]:
    """Create or refresh the demo organisations, people and logins; return the logins."""
    authority, _ = Organisation.objects.update_or_create(slug=AUTHORITY["slug"], defaults=AUTHORITY)
    organisations = {authority.slug: authority}
    for school in SCHOOLS:
        organisation, _ = Organisation.objects.update_or_create(
            slug=school["slug"], defaults={**school, "parent": authority}
        )
        organisations[organisation.slug] = organisation
        for last, first, middle, gender, kind, position, email in PEOPLE[organisation.slug]:
            Person.objects.update_or_create(
                organisation=organisation,
                last_name=last,
                first_name=first,
                middle_name=middle,
                defaults={
                    "gender": gender,
                    "kind": kind,
                    "position": position,
                    "email": f"{email}@zarechny.example.ru" if email else "",
                },
            )
        director = organisation.people.filter(position="директор").first()
        if organisation.director_id != getattr(director, "pk", None):
            organisation.director = director
            organisation.save(update_fields=["director"])

    for login in LOGINS:
        _create_login(login, organisations)
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

"""The import service: reading an XLSX of people, every way it can be wrong, and writing it all
or nothing. The workbooks are built here with openpyxl."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from registry.models import MethodicalAssociation, Person
from registry.services.people_import import (
    Action,
    full_year,
    import_people,
    parse_people_workbook,
    template_document,
)
from tests.conftest import MINIMAL_PDF
from tests.factories import PersonFactory

HEADER = ["Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "Должность", "Электронная почта"]
ZAYTSEV = [
    "Зайцев",
    "Кирилл",
    "Андреевич",
    "м",
    "12.05.1998",
    "учитель информатики",
    "zk@example.ru",
]
ORLOVA = ["Орлова", "Вера", "Павловна", "ж", "03.11.1985", "учитель химии", "orlova@example.ru"]


def xlsx(*rows, header=HEADER) -> bytes:
    """A workbook whose first sheet holds ``header`` and ``rows``."""
    workbook = Workbook()
    sheet = workbook.active
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def counts():
    """What an import may write: people, МО and the people's history."""
    return (
        Person.objects.count(),
        MethodicalAssociation.objects.count(),
        Person.history.count(),
    )


def messages(plan):
    return [str(problem) for problem in plan.problems]


def test_a_valid_file_is_planned_then_imported_with_its_history(world):
    content = xlsx(
        [*ZAYTSEV, "МО учителей информатики"],
        [*ORLOVA, "МО естественных наук"],
        header=[*HEADER, "МО"],
    )
    plan = parse_people_workbook(content, organisation=world.school)
    assert messages(plan) == []
    assert plan.counts[Action.NEW] == 2
    assert plan.new_associations == ["МО учителей информатики", "МО естественных наук"]

    result = import_people(plan=plan, organisation=world.school, user=world.user("curator"))

    assert result.summary == "Добавлено: 2, обновлено: 0, без изменений: 0"
    zaytsev = world.school.people.get(last_name="Зайцев")
    assert zaytsev.gender == Person.Gender.MALE
    assert zaytsev.birth_date == datetime.date(1998, 5, 12)
    assert zaytsev.kind == Person.Kind.STAFF
    assert zaytsev.methodical_association.name == "МО учителей информатики"
    assert zaytsev.methodical_association.organisation == world.school
    record = zaytsev.history.get()
    assert (record.history_type, record.history_user) == ("+", world.user("curator"))
    # Bulk writes skip save(): the search key must still be what save() would store.
    before = zaytsev.search_text
    zaytsev.save()
    assert zaytsev.search_text == before
    assert list(world.school.people.search("зайцев информатики")) == [zaytsev]


def test_headers_match_in_any_case_order_with_yo_and_stars(world):
    header = ["пол*", "ИМЯ", "фамилия*", "Дата приема", "КВАЛИФИКАЦИОННАЯ КАТЕГОРИЯ"]
    plan = parse_people_workbook(
        xlsx(["ж", "Вера", "Орлова", "01.09.2015", "Высшая"], header=header),
        organisation=world.school,
    )
    assert messages(plan) == []
    assert plan.rows[0].values == {
        "gender": "female",
        "first_name": "Вера",
        "last_name": "Орлова",
        "hire_date": datetime.date(2015, 9, 1),
        "qualification": Person.Qualification.HIGHEST,
    }


def test_a_title_line_above_the_header_is_skipped(world):
    plan = parse_people_workbook(
        xlsx(["Список педагогов на 2025/26 учебный год"], HEADER, ZAYTSEV, header=None),
        organisation=world.school,
    )
    assert messages(plan) == []
    assert plan.rows[0].number == 3


@pytest.mark.parametrize(
    "cell",
    [
        datetime.datetime(1998, 5, 12),
        datetime.date(1998, 5, 12),
        "12.05.1998",
        "12.5.1998",
        "1998-05-12",
        "12.05.98",
        " 12.05.1998 ",
    ],
)
def test_each_accepted_date_form_is_read(world, cell):
    plan = parse_people_workbook(xlsx([*ZAYTSEV[:4], cell]), organisation=world.school)
    assert messages(plan) == []
    assert plan.rows[0].values["birth_date"] == datetime.date(1998, 5, 12)


def test_a_two_digit_year_is_the_latest_year_not_after_this_one():
    today = datetime.date(2026, 11, 21)
    assert full_year(5, today) == 2005
    assert full_year(26, today) == 2026
    assert full_year(27, today) == 1927
    assert full_year(98, today) == 1998


@pytest.mark.parametrize("cell", ["31.02.1990", "1990/13/01", "вчера", "12.05", 33000, "1.1.1850"])
def test_an_unreadable_date_is_refused_quoting_the_value(world, cell):
    before = counts()
    plan = parse_people_workbook(xlsx([*ZAYTSEV[:4], cell]), organisation=world.school)
    [problem] = messages(plan)
    assert problem.startswith("Строка 2, «Дата рождения»: ")
    assert f"«{cell}»" in problem
    if cell != "1.1.1850":
        assert f"не удалось распознать дату «{cell}»" in problem
    assert plan.rows[0].action == Action.ERROR
    with pytest.raises(ValidationError):
        import_people(plan=plan, organisation=world.school)
    assert counts() == before


def test_a_date_in_the_future_is_refused_by_the_models_rule(world, today):
    future = f"{today + datetime.timedelta(days=2):%d.%m.%Y}"
    plan = parse_people_workbook(xlsx([*ZAYTSEV[:4], future]), organisation=world.school)
    assert messages(plan) == ["Строка 2, «Дата рождения»: дата не может быть в будущем"]


@pytest.mark.parametrize(
    ("cell", "gender"),
    [("м", "male"), ("Ж", "female"), ("муж.", "male"), ("жен", "female"), ("Женский", "female")],
)
def test_gender_is_read_from_its_usual_spellings(world, cell, gender):
    plan = parse_people_workbook(xlsx([*ZAYTSEV[:3], cell]), organisation=world.school)
    assert plan.rows[0].values["gender"] == gender


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("педагог", Person.Kind.STAFF),
        ("Сотрудник", Person.Kind.STAFF),
        ("обучающийся", Person.Kind.STUDENT),
        ("представитель работодателя", Person.Kind.EMPLOYER),
        ("студент", Person.Kind.UNIVERSITY_STUDENT),
        ("преподаватель вуза", Person.Kind.UNIVERSITY_TEACHER),
    ],
)
def test_the_category_maps_to_the_kind_of_person(world, cell, kind):
    plan = parse_people_workbook(
        xlsx([*ZAYTSEV[:4], cell], header=[*HEADER[:4], "Категория"]), organisation=world.school
    )
    assert plan.rows[0].values["kind"] == kind


@pytest.mark.parametrize(
    ("cell", "qualification"),
    [
        ("высшая", Person.Qualification.HIGHEST),
        ("Первая", Person.Qualification.FIRST),
        ("соответствие занимаемой должности", Person.Qualification.POST),
        ("педагог-методист", Person.Qualification.METHODIST),
        ("педагог-наставник", Person.Qualification.MENTOR),
        ("без категории", Person.Qualification.NONE),
    ],
)
def test_the_qualification_maps_to_its_category(world, cell, qualification):
    plan = parse_people_workbook(
        xlsx([*ZAYTSEV[:4], cell], header=[*HEADER[:4], "Квалификационная категория"]),
        organisation=world.school,
    )
    assert messages(plan) == []
    assert plan.rows[0].values["qualification"] == qualification


def test_unknown_values_of_choices_are_named_by_row_and_column(world):
    header = [*HEADER[:4], "Категория", "Квалификационная категория"]
    plan = parse_people_workbook(
        xlsx([*ZAYTSEV[:3], "x", "директор", "вторая"], header=header), organisation=world.school
    )
    assert messages(plan) == [
        "Строка 2, «Пол»: пол «x» не распознан: укажите «м» или «ж»",
        "Строка 2, «Категория»: категория «директор» не распознана: укажите «педагог», "
        "«обучающийся», «представитель работодателя», «студент» или «преподаватель вуза»",
        "Строка 2, «Квалификационная категория»: категория «вторая» не распознана: укажите "
        "«высшая», «первая», «соответствие занимаемой должности», «педагог-методист», "
        "«педагог-наставник» или «без категории»",
    ]


def test_required_cells_and_the_models_limits_are_checked(world):
    plan = parse_people_workbook(
        xlsx(
            ["", "Кирилл", "", "м"],
            ["Я" * 101, "Кирилл", "", "м", "", "", "not-an-email"],
        ),
        organisation=world.school,
    )
    assert messages(plan) == [
        "Строка 2, «Фамилия»: не заполнено",
        "Строка 3, «Фамилия»: убедитесь, что это значение содержит не более 100 символов "
        "(сейчас 101)",
        "Строка 3, «Электронная почта»: введите правильный адрес электронной почты",
    ]


def test_a_cell_over_1000_characters_is_refused(world):
    plan = parse_people_workbook(xlsx([*ZAYTSEV[:5], "у" * 1001]), organisation=world.school)
    assert messages(plan) == ["Строка 2, «Должность»: значение длиннее 1000 символов"]


NOT_XLSX = "Файл не является книгой Excel (.xlsx)."


def plain_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        "Фамилия;Имя;Пол\nЗайцев;Кирилл;м\n".encode(),  # a CSV or a .txt
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),  # an old .xls
        MINIMAL_PDF,  # a PDF renamed to .xlsx
        plain_zip({"readme.txt": b"hello"}),  # a ZIP that is no workbook
        b"",
    ],
    ids=["csv", "xls", "pdf", "zip", "empty"],
)
def test_what_is_not_an_xlsx_by_content_is_refused(world, content):
    before = counts()
    plan = parse_people_workbook(content, organisation=world.school)
    assert messages(plan) == [NOT_XLSX]
    assert plan.rows == []
    assert counts() == before


def test_a_password_protected_workbook_is_refused(world):
    encrypted = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100) + "EncryptedPackage".encode("utf-16-le")
    )
    plan = parse_people_workbook(encrypted, organisation=world.school)
    assert messages(plan) == [
        "Файл защищён паролем: снимите пароль в Excel, сохраните и загрузите снова."
    ]


def test_a_zip_with_encrypted_entries_is_refused(world):
    content = bytearray(xlsx(ZAYTSEV))
    # Set the «encrypted» flag of the first entry in the central directory.
    central = content.index(b"PK\x01\x02")
    content[central + 8] |= 0x1
    plan = parse_people_workbook(bytes(content), organisation=world.school)
    assert "защищён паролем" in messages(plan)[0]


@pytest.mark.parametrize(
    "content",
    [
        xlsx(ZAYTSEV)[:2000],  # cut short
        plain_zip({"[Content_Types].xml": b"<nonsense", "xl/workbook.xml": b"\x00\x01"}),
    ],
    ids=["truncated", "garbage-inside"],
)
def test_a_corrupt_workbook_is_refused(world, content):
    plan = parse_people_workbook(content, organisation=world.school)
    [problem] = messages(plan)
    assert problem.startswith("Файл повреждён")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = bytes(1024 * 1024)
            for _ in range(101):
                member.write(chunk)
    assert len(buffer.getvalue()) < 1024 * 1024
    plan = parse_people_workbook(buffer.getvalue(), organisation=world.school)
    assert messages(plan) == [
        "Файл распаковывается больше чем в 100 МБ: такую книгу загрузить нельзя."
    ]


def test_a_file_over_10_mb_is_refused(world):
    content = b"PK\x03\x04" + bytes(10 * 1024 * 1024)
    plan = parse_people_workbook(io.BytesIO(content), organisation=world.school)
    assert messages(plan) == ["Файл больше 10 МБ: разделите его на несколько."]


def test_more_than_20000_data_rows_are_refused(world):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Фамилия", "Имя", "Пол"])
    for n in range(20_001):
        sheet.append([f"Фамилия{n}", "Имя", "ж"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = parse_people_workbook(buffer.getvalue(), organisation=world.school)
    assert messages(plan) == ["В файле больше 20 000 строк с данными: разделите его на несколько."]


def test_missing_required_columns_are_named(world):
    plan = parse_people_workbook(
        xlsx(["Зайцев", "учитель"], header=["Фамилия", "Должность"]), organisation=world.school
    )
    assert messages(plan) == [
        "Нет обязательных столбцов: «Имя», «Пол». Заголовки ищутся в строке 1."
    ]


def test_a_column_given_twice_is_an_error(world):
    plan = parse_people_workbook(
        xlsx([*ZAYTSEV[:4], "Кирилл"], header=[*HEADER[:4], "имя"]), organisation=world.school
    )
    assert messages(plan) == ["Столбец «Имя» встречается в заголовке дважды."]


def test_unknown_columns_are_a_warning_not_an_error(world):
    plan = parse_people_workbook(
        xlsx([*ZAYTSEV, "заметка"], header=[*HEADER, "Любимый цвет"]), organisation=world.school
    )
    assert messages(plan) == []
    assert [str(w) for w in plan.warnings] == ["столбец «Любимый цвет» не распознан и пропущен"]
    assert plan.counts[Action.NEW] == 1


def test_an_empty_sheet_or_a_header_alone_is_refused(world):
    assert messages(parse_people_workbook(xlsx(header=None), organisation=world.school)) == [
        "Лист пуст: в файле нет ни заголовков, ни данных."
    ]
    assert messages(parse_people_workbook(xlsx(), organisation=world.school)) == [
        "В файле нет строк с данными: только заголовки."
    ]


def test_duplicates_within_the_file_name_both_rows(world):
    plan = parse_people_workbook(
        xlsx(
            ZAYTSEV,
            ORLOVA,
            ["Зайцева", "Анна", "", "ж", "", "", "ZK@example.ru"],
            ["ОРЛОВА", "Вера", "Павловна", "ж", "03.11.1985", "", ""],
        ),
        organisation=world.school,
    )
    assert messages(plan) == [
        "Строка 4, «Электронная почта»: та же почта, что в строке 2",
        "Строка 5: те же ФИО и дата рождения, что в строке 3",
    ]


def test_namesakes_with_different_emails_are_not_duplicates(world):
    plan = parse_people_workbook(
        xlsx(
            ["Иванова", "Елена", "Викторовна", "ж", "", "", "ivanova1@example.ru"],
            ["Иванова", "Елена", "Викторовна", "ж", "", "", "ivanova2@example.ru"],
        ),
        organisation=world.school,
    )
    assert messages(plan) == []
    assert plan.counts[Action.NEW] == 2


def test_a_bad_row_in_the_middle_of_1000_imports_nothing(world):
    rows = [[f"Фамилия{n}", "Имя", "Отчество", "ж", "01.01.1990"] for n in range(1000)]
    rows[500][4] = "31.02.1990"
    plan = parse_people_workbook(xlsx(*rows), organisation=world.school)
    assert messages(plan) == [
        "Строка 502, «Дата рождения»: не удалось распознать дату «31.02.1990» "
        "(нужна дата вида 14.03.1994)"
    ]
    assert plan.counts == {"new": 999, "update": 0, "unchanged": 0, "error": 1}
    before = counts()
    with pytest.raises(ValidationError):
        import_people(plan=plan, organisation=world.school)
    assert counts() == before


def test_importing_the_same_file_again_changes_nothing(world):
    content = xlsx([*ZAYTSEV, "МО учителей информатики"], ORLOVA, header=[*HEADER, "МО"])
    import_people(
        plan=parse_people_workbook(content, organisation=world.school), organisation=world.school
    )
    before = counts()
    stamps = list(world.school.people.values_list("pk", "updated_at"))

    plan = parse_people_workbook(content, organisation=world.school)
    result = import_people(plan=plan, organisation=world.school)

    assert plan.counts[Action.UNCHANGED] == 2
    assert result.summary == "Добавлено: 0, обновлено: 0, без изменений: 2"
    assert counts() == before
    assert list(world.school.people.values_list("pk", "updated_at")) == stamps


def test_a_changed_field_updates_just_that_person(world):
    import_people(
        plan=parse_people_workbook(xlsx(ZAYTSEV, ORLOVA), organisation=world.school),
        organisation=world.school,
    )
    moved = [*ZAYTSEV[:5], "заместитель директора", ZAYTSEV[6]]
    plan = parse_people_workbook(xlsx(moved, ORLOVA), organisation=world.school)
    assert [(row.action, row.changes_label) for row in plan.rows] == [
        (Action.UPDATE, "Должность"),
        (Action.UNCHANGED, ""),
    ]
    before = Person.history.count()

    result = import_people(plan=plan, organisation=world.school, user=world.user("curator"))

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    zaytsev = world.school.people.get(last_name="Зайцев")
    assert zaytsev.position == "заместитель директора"
    assert "заместитель директора" in zaytsev.search_text
    assert Person.history.count() == before + 1
    latest = zaytsev.history.first()
    assert (latest.history_type, latest.position) == ("~", "заместитель директора")
    assert latest.history_user == world.user("curator")
    assert world.school.people.get(last_name="Орлова").history.count() == 1


def test_a_person_is_matched_by_email_regardless_of_case(world):
    person = PersonFactory(
        organisation=world.school, last_name="Зайцев", first_name="К", email="ZK@Example.ru"
    )
    plan = parse_people_workbook(xlsx(ZAYTSEV), organisation=world.school)
    [row] = plan.rows
    assert row.person == person
    assert row.action == Action.UPDATE
    assert "Имя" in row.changes_label
    assert "Электронная почта" not in row.changes_label


def test_without_email_a_person_is_matched_by_folded_name_and_birth_date(world):
    person = PersonFactory(
        organisation=world.school,
        last_name="Ковалёва",
        first_name="Ирина",
        middle_name="Олеговна",
        birth_date=datetime.date(1980, 2, 1),
        position="учитель",
        email="",
    )
    plan = parse_people_workbook(
        xlsx(["КОВАЛЕВА", "ирина", "Олеговна", "ж", "01.02.1980", "учитель"]),
        organisation=world.school,
    )
    assert (plan.rows[0].person, plan.rows[0].action) == (person, Action.UNCHANGED)


def test_people_of_another_organisation_are_never_matched(world):
    PersonFactory(organisation=world.other_school, email="zk@example.ru")
    plan = parse_people_workbook(xlsx(ZAYTSEV), organisation=world.school)
    assert plan.rows[0].action == Action.NEW


def test_an_ambiguous_match_asks_for_an_email(world):
    for _ in range(2):
        PersonFactory(
            organisation=world.school,
            last_name="Зайцев",
            first_name="Кирилл",
            middle_name="Андреевич",
            birth_date=datetime.date(1998, 5, 12),
            email="",
        )
    plan = parse_people_workbook(xlsx(ZAYTSEV[:5]), organisation=world.school)
    assert messages(plan) == [
        "Строка 2: в организации несколько участников с такими ФИО и датой рождения: "
        "укажите электронную почту, чтобы различить их"
    ]


def test_two_rows_for_one_existing_person_are_an_error(world):
    PersonFactory(
        organisation=world.school,
        last_name="Зайцев",
        first_name="Кирилл",
        middle_name="Андреевич",
        birth_date=datetime.date(1998, 5, 12),
        email="zk@example.ru",
    )
    plan = parse_people_workbook(
        xlsx(ZAYTSEV, [*ZAYTSEV[:6], "kirill@example.ru"]),
        organisation=world.school,
    )
    assert "Строка 3: это тот же участник «Зайцев Кирилл Андреевич», что в строке 2" in messages(
        plan
    )


def test_an_empty_cell_does_not_erase_what_is_recorded(world):
    person = PersonFactory(
        organisation=world.school, last_name="Зайцев", position="учитель", email="zk@example.ru"
    )
    plan = parse_people_workbook(
        xlsx(["Зайцев", person.first_name, person.middle_name, "ж", "", "", "zk@example.ru"]),
        organisation=world.school,
    )
    assert (plan.rows[0].action, plan.rows[0].changes) == (Action.UNCHANGED, ())


def test_an_existing_methodical_association_is_reused_by_folded_name(world):
    existing = MethodicalAssociation.objects.create(
        organisation=world.school, name="МО учителей естествознания"
    )
    plan = parse_people_workbook(
        xlsx([*ORLOVA, "мо учителей естествознания"], header=[*HEADER, "МО"]),
        organisation=world.school,
    )
    assert plan.new_associations == []
    import_people(plan=plan, organisation=world.school)
    assert world.school.people.get(last_name="Орлова").methodical_association == existing
    assert MethodicalAssociation.objects.filter(organisation=world.school).count() == 1


def test_the_template_imports_cleanly(world):
    document = template_document()
    workbook = load_workbook(io.BytesIO(document.content))
    assert workbook.sheetnames == ["Участники", "Справка"]
    assert workbook["Участники"]["A1"].value == "Фамилия*"

    plan = parse_people_workbook(document.content, organisation=world.school)
    assert messages(plan) == []
    assert plan.warnings == []
    import_people(plan=plan, organisation=world.school)
    ivanova = world.school.people.get(email="ivanova@example.ru")
    assert ivanova.qualification == Person.Qualification.FIRST
    assert ivanova.experience_start == datetime.date(2016, 9, 1)
    assert ivanova.methodical_association.name == "МО учителей математики и информатики"


def test_a_plan_is_written_only_into_its_own_organisation(world):
    plan = parse_people_workbook(xlsx(ZAYTSEV), organisation=world.school)
    with pytest.raises(ValueError):
        import_people(plan=plan, organisation=world.other_school)


def test_a_person_changed_since_the_check_stops_the_import(world):
    person = PersonFactory(organisation=world.school, email="zk@example.ru")
    plan = parse_people_workbook(xlsx(ZAYTSEV, ORLOVA), organisation=world.school)
    person.delete()
    before = counts()
    with pytest.raises(ValidationError, match="список участников изменился"):
        import_people(plan=plan, organisation=world.school)
    assert counts() == before


def test_a_changed_methodical_association_moves_the_person_into_it(world):
    import_people(
        plan=parse_people_workbook(
            xlsx([*ZAYTSEV, "МО учителей информатики"], header=[*HEADER, "МО"]),
            organisation=world.school,
        ),
        organisation=world.school,
    )
    plan = parse_people_workbook(
        xlsx([*ZAYTSEV, "МО цифровой школы"], header=[*HEADER, "МО"]), organisation=world.school
    )
    assert [row.changes_label for row in plan.rows] == ["МО"]
    assert plan.new_associations == ["МО цифровой школы"]

    import_people(plan=plan, organisation=world.school)

    zaytsev = world.school.people.get(last_name="Зайцев")
    assert zaytsev.methodical_association.name == "МО цифровой школы"
    assert zaytsev.history.first().methodical_association_id == zaytsev.methodical_association_id

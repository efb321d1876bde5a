"""The printed order: its text extracted from the PDF, the draft mark, the bilingual header,
the content the page and the PDF share."""

import datetime
import json
import subprocess

import pytest
from django.urls import reverse

from roadmap import printing
from roadmap.models import Order, OrderPerson
from roadmap.services import orders as services
from roadmap.services.drafting import order_draft
from tests.factories import PersonFactory

DAY = datetime.date(datetime.date.today().year + 1, 9, 1)


def pdf_text(content: bytes, *, layout=False) -> str:
    """The PDF's text: as laid out on the page, or in reading order on one line with the
    words hyphenated at line ends joined again."""
    command = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    text = subprocess.run(command, input=content, capture_output=True, check=True).stdout.decode()
    if layout:
        return text.replace("\xa0", " ")
    return " ".join(text.replace("-\n", "").split())


def rename(person, last, first, middle, gender="female", position=""):
    person.last_name, person.first_name, person.middle_name = last, first, middle
    person.gender, person.position = gender, position
    person.save()


@pytest.fixture
def school(world):
    """The world's school with its print settings, a director and names to spell out."""
    school = world.school
    school.header = (
        "МУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ ОБЩЕОБРАЗОВАТЕЛЬНОЕ УЧРЕЖДЕНИЕ\n"
        "«СРЕДНЯЯ ОБЩЕОБРАЗОВАТЕЛЬНАЯ ШКОЛА № 1»"
    )
    school.place = "г. Заречный"
    school.director = world.people["director"]
    school.save()
    rename(world.people["director"], "Миронов", "Павел", "Игоревич", "male", "директор")
    rename(world.people["mentor"], "Савельева", "Светлана", "Сергеевна", position="учитель")
    rename(world.people["curator"], "Ковалёва", "Елена", "Андреевна", position="методист")
    rename(world.other_mentee.person, "Лебедева", "Анна", "Олеговна", position="учитель химии")
    return school


def appointment(world, *, signed):
    order = order_draft(
        organisation=world.school,
        kind=Order.Kind.APPOINT_MENTORS,
        created_by=world.user("curator"),
        groups=[world.new_group],
    )
    if signed:
        services.send(order, user=world.user("curator"))
        order = services.sign(order, user=world.user("director"), on=DAY)
    return order


def pdf_of(client, world, order):
    client.force_login(world.user("director"))
    response = client.get(reverse("roadmap:order_pdf", args=[world.school.slug, order.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    if response.streaming:  # a signed order: the stored file
        return response, b"".join(response.streaming_content)
    return response, response.content


def test_the_signed_order_prints_requisites_text_declined_names_table_and_sheet(
    client, world, school
):
    order = appointment(world, signed=True)
    response, content = pdf_of(client, world, order)
    short_day = DAY.strftime("%d.%m.%Y")
    assert f'filename="prikaz-1-od-{DAY:%Y-%m-%d}.pdf"' in response["Content-Disposition"]
    layout = pdf_text(content, layout=True)
    date_line = next(line for line in layout.splitlines() if "№ 1-од" in line)
    assert date_line.split() == [str(DAY.day), "сентября", f"{DAY.year}", "г.", "№", "1-од"]
    text = pdf_text(content)
    assert "МУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ ОБЩЕОБРАЗОВАТЕЛЬНОЕ УЧРЕЖДЕНИЕ" in text
    assert "«СРЕДНЯЯ ОБЩЕОБРАЗОВАТЕЛЬНАЯ ШКОЛА № 1»" in text
    assert "ПРИКАЗ" in text and "г. Заречный" in text
    assert "ПРОЕКТ" not in text
    assert "О назначении наставников" in text
    assert "ПРИКАЗЫВАЮ:" in text
    assert "1. Назначить Савельеву С. С. наставником Лебедевой А. О." in text
    assert "Куратору Ковалёвой Е. А. обеспечить" in text
    assert "Контроль исполнения приказа оставляю за собой." in text
    assert "Директор П. И. Миронов" in text
    assert f"Приложение к приказу от {short_day} № 1-од" in text
    assert "Состав наставнических пар (групп)" in text
    assert "Савельева Светлана Сергеевна, учитель" in text
    assert "Лебедева Анна Олеговна, учитель химии" in text
    assert "ЛИСТ ОЗНАКОМЛЕНИЯ" in text
    assert f"С приказом от {short_day} № 1-од «О назначении наставников» ознакомлены:" in text
    sheet_header = ["№", "Фамилия,", "имя,", "отчество", "Должность", "Дата", "Подпись"]
    assert sheet_header in [line.split() for line in layout.splitlines()]


def test_a_draft_prints_as_a_project_without_number_or_date(client, world, school):
    order = appointment(world, signed=False)
    response, content = pdf_of(client, world, order)
    assert f'filename="proekt-prikaza-{order.pk}.pdf"' in response["Content-Disposition"]
    text = pdf_text(content)
    assert "ПРОЕКТ" in text
    assert "__.__.____ № ______" in text
    assert "Приложение к приказу от __.__.____ № ______" in text


def test_a_second_language_header_prints_beside_the_russian_one(client, world, school):
    school.header = "РОССИЙСКАЯ ФЕДЕРАЦИЯ\nЧЕЧЕНСКАЯ РЕСПУБЛИКА"
    school.header_second_language = "РОССИИ ФЕДЕРАЦИ\nНОХЧИЙН РЕСПУБЛИКА"
    school.save()
    _response, content = pdf_of(client, world, appointment(world, signed=False))
    lines = [line.split() for line in pdf_text(content, layout=True).splitlines()]
    assert ["РОССИЙСКАЯ", "ФЕДЕРАЦИЯ", "РОССИИ", "ФЕДЕРАЦИ"] in lines
    assert ["ЧЕЧЕНСКАЯ", "РЕСПУБЛИКА", "НОХЧИЙН", "РЕСПУБЛИКА"] in lines


def test_the_content_is_json_and_names_everyone_once_on_the_sheet(world, school):
    head = PersonFactory(organisation=world.school, last_name="Орлова", position="учитель")
    order = order_draft(
        organisation=world.school,
        kind=Order.Kind.APPROVE_SYSTEM,
        created_by=world.user("curator"),
        roadmap=world.roadmap,
        regulation_version=world.version,
        people=[
            (head, OrderPerson.Role.WORKING_GROUP_HEAD, "заместитель директора"),
            (head, OrderPerson.Role.WORKING_GROUP, ""),
            (world.people["curator"], OrderPerson.Role.CURATOR, ""),
        ],
    )
    content = printing.order_content(order)
    assert json.loads(json.dumps(content)) == content
    assert content["is_draft"] and content["number"] == "" and content["date"] == "__.__.____"
    assert content["signature"] == {"position": "Директор", "name": "П.\xa0И.\xa0Миронов"}
    assert content["acquaintance"] == [
        {"name": head.full_name, "position": "заместитель директора"},
        {"name": "Ковалёва Елена Андреевна", "position": "методист"},
    ]
    assert [annex["number"] for annex in content["annexes"]] == ["1", "2"]
    assert content["tables"] == []


def test_the_pairs_table_lists_mentees_with_their_class(world, school):
    student = world.other_mentee.person
    student.position, student.grade, student.kind = "", "7 Б", "student"
    student.save()
    content = printing.order_content(world.draft_order)
    (table,) = content["tables"]
    assert table["columns"][0] == "№" and len(table["columns"]) == 5
    assert table["rows"] == [
        [
            "1",
            "Савельева Светлана Сергеевна, учитель",
            "Лебедева Анна Олеговна, обучающаяся 7 Б класса",
            "Педагог — молодой специалист",
            "—",
        ]
    ]


def test_an_order_without_a_director_leaves_the_signature_to_fill_in(world):
    content = printing.order_content(world.draft_order)
    assert content["signature"] == {"position": "Директор", "name": ""}
    assert content["header"] == [world.school.name.replace("№ ", "№\xa0")]


def test_file_names_are_ascii():
    assert printing.ascii_name("90-од") == "90-od"
    assert printing.ascii_name("12/01-Щёлк") == "12-01-shchelk"

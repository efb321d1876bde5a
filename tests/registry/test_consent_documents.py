import re
import subprocess

import pytest
from django.urls import reverse

from registry.models import Consent, Person
from tests.conftest import give_consent
from tests.factories import PersonFactory


@pytest.fixture
def school(world):
    school = world.school
    school.name = "Муниципальное бюджетное общеобразовательное учреждение «Школа № 1»"
    school.address = "624250, г. Заречный, ул. Ленина, д. 12"
    school.website = "https://school1.example.ru"
    school.save()
    return school


@pytest.fixture
def minor(school, today):
    return PersonFactory(
        organisation=school,
        last_name="Зайцев",
        first_name="Артём",
        middle_name="Кириллович",
        gender=Person.Gender.MALE,
        kind=Person.Kind.STUDENT,
        birth_date=today.replace(year=today.year - 12),
        grade="6 А",
        representative_name="Зайцева Ольга Викторовна",
        representative_relation="мать",
    )


def pdftotext(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def pdf_text(content: bytes) -> str:
    """The text of a PDF as poppler reads it, with lines joined and hyphenation undone."""
    return " ".join(re.sub(r"-\n\s*", "", pdftotext(content)).split())


def marks(content: bytes) -> dict[str, str]:
    """The publication table's marks: row → «разрешаю» or «не разрешаю», told by the column
    the «X» stands in (the left one allows)."""
    rows = {
        match[1]: match.start(2) - match.start(0)
        for match in re.finditer(r"(?m)^ *\d+ +(\S.*?) {2,}(X) *$", pdftotext(content))
    }
    left = min(rows.values(), default=0)
    return {row: "разрешаю" if at == left else "не разрешаю" for row, at in rows.items()}


def form_pdf(client, school, person, kind) -> bytes:
    response = client.get(reverse("registry:consent_form", args=[school.slug, person.pk, kind]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF-")
    return response.content


def form(client, school, person, kind) -> str:
    return pdf_text(form_pdf(client, school, person, kind))


KEY_PHRASES = {
    "personal_data": "статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ",
    "publication": "разрешённых субъектом персональных данных для распространения",
    "duties": "статьёй 351.8 Трудового кодекса Российской Федерации",
    "representative": "действующий(ая) от имени несовершеннолетнего",
}


@pytest.mark.parametrize("kind", KEY_PHRASES)
def test_each_blank_form_names_the_operator_the_subject_and_its_law(
    curator_client, world, school, minor, kind
):
    person = minor if kind == "representative" else world.person
    text = form(curator_client, school, person, kind)
    assert "«Школа № 1»" in text
    assert "ул. Ленина, д. 12" in text
    assert KEY_PHRASES[kind] in text
    assert "«___» ______________ 20__ г." in text
    if kind == "representative":
        assert "Зайцева Ольга Викторовна" in text
    else:
        assert "Белова Ирина Петровна" in text


def test_the_minors_form_declines_the_childs_name(curator_client, school, minor):
    text = form(curator_client, school, minor, "representative")
    assert "от имени несовершеннолетнего Зайцева Артёма Кирилловича" in text
    assert "являясь законным представителем (мать)" in text
    assert "Зайцева О. В." in text  # the signature's decoding


@pytest.mark.parametrize("kind", ["personal_data", "representative"])
def test_processing_forms_list_the_data_the_actions_and_how_to_revoke(
    curator_client, world, school, minor, kind
):
    text = form(curator_client, school, minor if kind == "representative" else world.person, kind)
    assert "Цель обработки:" in text
    assert "дата рождения" in text
    assert "уточнение (обновление, изменение)" in text
    assert "передача (предоставление, доступ)" in text
    assert "письменным заявлением" in text


def test_the_publication_form_carries_the_current_choices_and_the_website(
    curator_client, world, school
):
    give_consent(world.person, Consent.Kind.PUBLICATION, published_fields=["full_name", "email"])
    content = form_pdf(curator_client, school, world.person, "publication")
    assert marks(content) == {
        "Фамилия, имя, отчество": "разрешаю",
        "Должность": "не разрешаю",
        "Преподаваемые предметы": "не разрешаю",
        "Квалификационная категория": "не разрешаю",
        "Педагогический стаж": "не разрешаю",
        "Адрес электронной почты": "разрешаю",
        "Номер телефона": "не разрешаю",
    }
    text = pdf_text(content)
    assert "https://school1.example.ru" in text
    assert "не позднее трёх рабочих дней" in text


def test_a_revoked_publication_consent_leaves_the_form_blank(curator_client, world, school, today):
    give_consent(
        world.person, Consent.Kind.PUBLICATION, published_fields=["full_name"], revoked_on=today
    )
    assert marks(form_pdf(curator_client, school, world.person, "publication")) == {}


def test_the_duties_form_describes_the_additional_work(curator_client, world, school):
    world.person.position = "учитель математики"
    world.person.save()
    text = form(curator_client, school, world.person, "duties")
    assert "учитель математики" in text
    assert "персонализированную программу наставничества" in text
    assert "не позднее чем за три рабочих дня" in text


def test_a_minors_publication_form_is_signed_by_the_representative(curator_client, school, minor):
    text = form(curator_client, school, minor, "publication")
    assert "Зайцева Ольга Викторовна" in text
    assert "персональных данных ребёнка" in text


def test_an_unknown_kind_of_form_is_not_found(curator_client, world):
    url = reverse("registry:consent_form", args=[world.school.slug, world.person.pk, "passport"])
    assert curator_client.get(url).status_code == 404


def test_a_form_without_an_address_leaves_a_line_to_fill(curator_client, world):
    text = form(curator_client, world.school, world.person, "personal_data")
    assert "(адрес: ____" in text

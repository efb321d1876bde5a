"""The journal of orders: the list with its filters, the XLSX export, the numbering page."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from roadmap.models import Order, OrderJournal
from roadmap.services import orders as services

YEAR = datetime.date.today().year


def url(world, name):
    return reverse(f"roadmap:{name}", args=[world.school.slug])


def signed(world, number, heading="О закреплении наставнических пар", year=YEAR - 1):
    return Order.objects.create(
        organisation=world.school,
        kind=Order.Kind.FIX_GROUPS,
        status=Order.Status.SIGNED,
        heading=heading,
        items="Закрепить пары.",
        journal_year=year,
        number=number,
        number_text=f"{number}-од",
        signed_on=datetime.date(year, 9, number % 28 + 1),
        signed_by=world.user("director"),
        created_by=world.user("curator"),
    )


def listed(response) -> list[int]:
    return [order.pk for order in response.context["page"].object_list]


def test_the_journal_lists_work_in_progress_first_then_numbers_backwards(client, world):
    first, second = signed(world, 1), signed(world, 2)
    client.force_login(world.user("coordinator"))
    response = client.get(url(world, "order_list"))
    assert listed(response) == [world.sent_order.pk, world.draft_order.pk, second.pk, first.pk]
    text = response.content.decode()
    assert "2-од" in text and f"{second.signed_on:%d.%m.%Y}" in text
    assert '<span class="badge text-bg-warning">На подписи</span>' in text
    assert "Новый приказ" not in text and "Нумерация" not in text


def test_the_buttons_follow_the_role(client, world):
    client.force_login(world.user("curator"))
    text = client.get(url(world, "order_list")).content.decode()
    assert "Новый приказ" in text and url(world, "journal_settings") not in text
    client.force_login(world.user("director"))
    text = client.get(url(world, "order_list")).content.decode()
    assert "Новый приказ" not in text and url(world, "journal_settings") in text


def test_the_journal_filters_by_kind_status_and_year(curator_client, world):
    old = signed(world, 5)
    free = Order.objects.create(
        organisation=world.school, kind=Order.Kind.FREE, heading="О дежурстве", items="Пункт."
    )
    page = url(world, "order_list")
    assert listed(curator_client.get(page, {"kind": "free"})) == [free.pk]
    assert listed(curator_client.get(page, {"status": "signed"})) == [old.pk]
    assert listed(curator_client.get(page, {"year": str(YEAR - 1)})) == [old.pk]
    assert old.pk not in listed(curator_client.get(page, {"year": str(YEAR)}))
    choices = curator_client.get(page).context["filter"].form.fields["year"].choices
    assert [value for value, _label in choices] == ["", str(YEAR), str(YEAR - 1)]


def test_the_search_ignores_the_case_of_russian_letters(curator_client, world):
    other = signed(world, 3, heading="О Поощрении Наставников")
    page = url(world, "order_list")
    assert listed(curator_client.get(page, {"q": "поощрении"})) == [other.pk]
    assert listed(curator_client.get(page, {"q": "ПООЩРЕНИИ наставников"})) == [other.pk]
    assert listed(curator_client.get(page, {"q": "3-ОД"})) == [other.pk]
    assert len(listed(curator_client.get(page, {"q": "ЗАКРЕПЛЕНИИ"}))) == 2


@pytest.mark.parametrize("orders", [2, 10])
def test_the_journal_makes_the_same_queries_for_2_and_10_orders(
    curator_client, world, django_assert_num_queries, orders
):
    for number in range(1, orders - 1):  # the world has a draft and a sent order already
        signed(world, number)
    # session, user, memberships, organisation, the filter's two year lists, the count, the
    # page of orders, the menu's two inbox counts
    with django_assert_num_queries(10):
        response = curator_client.get(url(world, "order_list"))
    assert len(response.context["page"].object_list) == orders


def test_the_export_holds_the_filtered_journal(client, world):
    old = signed(world, 90)
    client.force_login(world.user("director"))
    response = client.get(url(world, "order_export"), {"status": "signed"})
    assert response["Content-Disposition"] == 'attachment; filename="prikazy-school-1.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("№", "Дата", "Вид", "Заголовок", "Состояние", "Подписал", "Создан")
    number, day, kind, heading, status, signer, created = rows[1]
    assert (number, day.date(), heading, status) == (
        "90-од",
        old.signed_on,
        "О закреплении наставнических пар",
        "Подписан",
    )
    assert kind == "О закреплении наставнических пар и групп"
    assert signer == world.people["director"].short_name
    assert created.date() == datetime.date.today()
    assert len(rows) == 2
    everything = client.get(url(world, "order_export"))
    assert len(list(load_workbook(io.BytesIO(everything.content)).active.values)) == 4


def test_the_director_sets_the_last_number_of_the_paper_journal(client, world):
    client.force_login(world.user("director"))
    page = url(world, "journal_settings")
    text = client.get(page).content.decode()
    assert f"Последний номер за {YEAR} год" in text and "№ 1-од" in text
    response = client.post(page, {"year": YEAR, "last_number": 89}, follow=True)
    assert "следующий приказ получит № 90-од" in response.content.decode()
    assert OrderJournal.objects.get(organisation=world.school, year=YEAR).last_number == 89
    assert services.sign(world.sent_order, user=world.user("director")).number_text == "90-од"


def test_the_counter_cannot_go_below_a_signed_number(client, world):
    services.sign(world.sent_order, user=world.user("director"))
    client.force_login(world.user("director"))
    response = client.post(url(world, "journal_settings"), {"year": YEAR, "last_number": 0})
    assert response.status_code == 200
    assert "уже подписан приказ № 1-од" in response.content.decode()
    assert OrderJournal.objects.get(organisation=world.school, year=YEAR).last_number == 1
    response = client.post(url(world, "journal_settings"), {"year": YEAR, "last_number": "-3"})
    assert "больше либо равно 0" in response.content.decode()

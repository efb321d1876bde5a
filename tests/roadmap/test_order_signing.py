"""Signing: the journal's numbers, the consent gate, what a signed order changes, and that it
never changes afterwards."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from programmes.models import Group
from registry.models import Consent
from roadmap import printing
from roadmap.models import Order, OrderJournal
from roadmap.services import orders as services
from roadmap.services.drafting import order_draft
from roadmap.services.orders import OrderError
from tests.conftest import give_consent
from tests.factories import MentorEntryFactory, PersonFactory


def url(world, name, order):
    return reverse(f"roadmap:{name}", args=[world.school.slug, order.pk])


def sent_order(world, kind=Order.Kind.FIX_GROUPS, **fields):
    fields.setdefault("groups", [world.new_group] if kind in Order.GROUP_KINDS else [])
    order = order_draft(
        organisation=world.school, kind=kind, created_by=world.user("curator"), **fields
    )
    return services.send(order, user=world.user("curator"))


def sign(world, order, on=None):
    return services.sign(order, user=world.user("director"), on=on)


# A day after every consent of the world was given (a month ago), in a year of its own.
DAY = datetime.date(datetime.date.today().year + 1, 9, 1)


def journal(world, year):
    row = OrderJournal.objects.filter(organisation=world.school, year=year).first()
    return row.last_number if row else None


# Numbers


def test_signed_orders_get_consecutive_numbers_with_the_suffix(world):
    first = sign(world, world.sent_order, on=DAY)
    second = sign(world, sent_order(world, Order.Kind.FREE, heading="О дежурстве"), on=DAY)
    assert (first.number, first.number_text, first.journal_year) == (1, "1-од", DAY.year)
    assert (second.number, second.number_text) == (2, "2-од")
    assert first.signed_on == DAY and first.signed_by == world.user("director")
    assert journal(world, DAY.year) == 2


def test_a_new_year_starts_its_own_journal(world):
    year = DAY.year
    sign(world, world.sent_order, on=datetime.date(year, 12, 30))
    next_year = sent_order(world, Order.Kind.FREE, heading="О графике отпусков")
    order = sign(world, next_year, on=datetime.date(year + 1, 1, 9))
    assert order.number_text == "1-од" and order.journal_year == year + 1
    assert (journal(world, year), journal(world, year + 1)) == (1, 1)


def test_the_suffix_is_the_organisations(world):
    world.school.order_suffix = "/01-07"
    world.school.save()
    assert sign(world, world.sent_order).number_text == "1/01-07"


def test_the_director_moves_the_counter_to_the_paper_journal(world):
    services.journal_set_last_number(organisation=world.school, year=DAY.year, last_number=41)
    assert sign(world, world.sent_order, on=DAY).number_text == "42-од"


def test_the_counter_never_goes_below_a_number_already_signed(world):
    year = DAY.year
    services.journal_set_last_number(organisation=world.school, year=year, last_number=10)
    sign(world, world.sent_order, on=DAY)
    with pytest.raises(ValidationError, match="№ 11-од"):
        services.journal_set_last_number(organisation=world.school, year=year, last_number=5)
    assert journal(world, year) == 11
    services.journal_set_last_number(organisation=world.school, year=year, last_number=11)
    services.journal_set_last_number(organisation=world.school, year=year - 1, last_number=0)


def test_only_an_order_awaiting_signature_is_signed(world):
    with pytest.raises(OrderError, match="ждёт подписи"):
        sign(world, world.draft_order)
    assert journal(world, datetime.date.today().year) is None


# Serialized rollback like every transactional test here: a plain flush would re-create
# the content types, which the next serialized test then fails to load again.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_directors_signing_at_once_get_different_consecutive_numbers(world):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite keeps the test database in memory, shared by all threads through one "
            "connection: signing cannot run concurrently there (make test-postgres runs this)"
        )
    orders = [world.sent_order, sent_order(world)]
    barrier = threading.Barrier(len(orders))
    numbers, errors = [], []

    def sign_in_thread(order):
        try:
            barrier.wait()
            numbers.append(sign(world, order, on=DAY).number)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=sign_in_thread, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [1, 2]
    assert journal(world, DAY.year) == 2


# The consent gate


def test_a_mentor_without_the_duties_consent_blocks_the_signature(world):
    world.people["mentor"].consents.filter(kind=Consent.Kind.DUTIES).delete()
    assert services.missing_duties_consents(world.sent_order) == [world.people["mentor"]]
    with pytest.raises(OrderError) as refused:
        sign(world, world.sent_order)
    assert world.people["mentor"].short_name_in("genitive") in str(refused.value)
    world.sent_order.refresh_from_db()
    assert world.sent_order.status == Order.Status.SENT and world.sent_order.number is None
    assert not OrderJournal.objects.exists()


def test_a_revoked_consent_blocks_it_and_a_new_one_lets_it_through(client, world):
    consent = world.people["mentor"].consents.get(kind=Consent.Kind.DUTIES)
    consent.revoked_on = datetime.date.today() - datetime.timedelta(days=1)
    consent.save()
    client.force_login(world.user("director"))
    detail = client.get(url(world, "order_detail", world.sent_order)).content.decode()
    assert "Подписать нельзя" in detail and world.people["mentor"].full_name in detail
    assert 'disabled aria-describedby="consent-gate"' in detail
    response = client.post(url(world, "order_sign", world.sent_order), follow=True)
    assert "нет письменного согласия" in response.content.decode()
    assert not OrderJournal.objects.exists()
    give_consent(world.people["mentor"], Consent.Kind.DUTIES)
    response = client.post(url(world, "order_sign", world.sent_order), follow=True)
    assert "Приказ подписан: № 1-од" in response.content.decode()


def test_a_co_mentor_needs_the_consent_too(world):
    co_mentor = MentorEntryFactory(person=PersonFactory(organisation=world.school))
    world.new_group.co_mentor = co_mentor
    world.new_group.co_mentor_role = Group.CoMentorRole.CO_MENTOR
    world.new_group.save()
    assert services.missing_duties_consents(world.sent_order) == [co_mentor.person]


def test_the_gate_does_not_apply_to_a_closing_order(world):
    world.people["mentor"].consents.filter(kind=Consent.Kind.DUTIES).delete()
    order = sent_order(world, Order.Kind.FINISH, groups=[world.group])
    assert sign(world, order).is_signed


# What signing changes


def test_signing_the_pairs_order_fixes_its_groups(world):
    sign(world, world.sent_order)
    world.new_group.refresh_from_db()
    assert world.new_group.status == Group.Status.FIXED


def test_signing_the_approval_order_approves_the_roadmap_and_the_polozhenie(world):
    order = sent_order(
        world, Order.Kind.APPROVE_SYSTEM, roadmap=world.roadmap, regulation_version=world.version
    )
    sign(world, order, on=DAY)
    world.roadmap.refresh_from_db()
    world.version.refresh_from_db()
    assert world.roadmap.approved_order == order and world.version.approved_order == order
    assert world.roadmap.approval == ("1-од", DAY)
    assert world.version.is_approved


# The frozen order


def test_a_signed_order_stores_its_snapshot_and_pdf(world):
    order = sign(world, world.sent_order, on=DAY)
    assert order.snapshot == printing.order_content(order)
    assert order.snapshot["number"] == "1-од" and not order.snapshot["is_draft"]
    assert order.pdf.read().startswith(b"%PDF")


def test_renaming_people_after_signing_changes_neither_the_page_nor_the_pdf(client, world):
    order = sign(world, world.sent_order, on=DAY)
    stored = order.pdf.read()
    client.force_login(world.user("curator"))
    before = client.get(url(world, "order_detail", order)).content.decode()
    mentee = world.other_mentee.person
    old_name = mentee.full_name
    assert old_name in before
    mentee.last_name = "Новосёлова"
    mentee.save()
    world.new_group.form.name = "Другая форма"
    world.new_group.form.save()
    after = client.get(url(world, "order_detail", order)).content.decode()
    assert old_name in after and "Новосёлова" not in after and "Другая форма" not in after
    response = client.get(url(world, "order_pdf", order))
    assert b"".join(response.streaming_content) == stored
    assert "Новосёлова" in str(printing.order_content(order))  # the live data did change


def test_the_pages_refuse_to_change_a_signed_order(client, world):
    order = sign(world, world.sent_order)
    client.force_login(world.user("curator"))
    for name, method in [
        ("order_edit", client.get),
        ("order_edit", client.post),
        ("order_redraft", client.post),
        ("order_delete", client.get),
        ("order_delete", client.post),
    ]:
        response = method(url(world, name, order), follow=True)
        assert response.redirect_chain[-1][0] == url(world, "order_detail", order)
        assert "Подписанный приказ не меняется" in response.content.decode()
    order.refresh_from_db()
    assert order.is_signed and order.heading == "О закреплении наставнических пар"

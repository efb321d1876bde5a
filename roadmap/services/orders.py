"""An order's life: send to the director, return with remarks, sign.

Signing is one transaction: it locks the organisation's row (on SQLite the IMMEDIATE transaction
already holds the write lock), takes the next number of the year's journal, freezes the printed
content as a snapshot, stores the PDF made from it and applies the order to the data (groups
become fixed by order, the roadmap and the Положение become approved). Two directors signing at
the same moment queue on the lock and get consecutive numbers; the unique constraint on
(organisation, year, number) is the last guard.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.models import Group
from programmes.services.groups import group_set_status
from registry.models import Consent, Organisation, Person
from registry.models.consents import has_valid_consent
from roadmap import printing
from roadmap.models import Order, OrderJournal


class OrderError(Exception):
    """An action the order's state or data does not allow; the message is for the user."""


def duties_participants(order: Order) -> list[Person]:
    """Those on whom the order puts additional duties (ст. 351.8 ТК РФ): the mentors and
    co-mentors of its groups."""
    people = {}
    groups = order.groups.select_related("mentor__person", "co_mentor__person").prefetch_related(
        "mentor__person__consents", "co_mentor__person__consents"
    )
    for group in groups:
        for entry in (group.mentor, group.co_mentor):
            if entry is not None:
                people[entry.person_id] = entry.person
    return sorted(people.values(), key=lambda person: person.search_text)


def missing_duties_consents(order: Order, on: datetime.date | None = None) -> list[Person]:
    """The participants without a written consent to additional duties in force on ``on``:
    while there is one, an order of a DUTIES_KINDS kind cannot be signed."""
    if order.kind not in Order.DUTIES_KINDS:
        return []
    return [
        person
        for person in duties_participants(order)
        if not has_valid_consent(person, Consent.Kind.DUTIES, on)
    ]


def send(order: Order, *, user) -> Order:
    if not order.is_editable:
        raise OrderError(_("Приказ уже отправлен или подписан."))
    if not order.item_list:
        raise OrderError(_("В приказе нет ни одного пункта."))
    if order.kind in Order.GROUP_KINDS and not order.groups.exists():
        raise OrderError(_("Выберите пары и группы, о которых этот приказ."))
    order.status = Order.Status.SENT
    order.sent_at = timezone.now()
    order.sent_by = user
    order.save()
    order_id = order.pk
    transaction.on_commit(lambda: _enqueue_notification(order_id))
    return order


def _enqueue_notification(order_id: int) -> None:
    from roadmap.tasks import notify_director

    notify_director.enqueue(order_id)


def return_to_author(order: Order, *, comment: str) -> Order:
    if order.status != Order.Status.SENT:
        raise OrderError(_("Вернуть можно только приказ, который ждёт подписи."))
    if not comment.strip():
        raise OrderError(_("Напишите, что нужно исправить."))
    order.status = Order.Status.RETURNED
    order.return_comment = comment.strip()
    order.save()
    return order


def next_number(organisation: Organisation, year: int) -> int:
    """Take the next number of the organisation's journal for ``year``. Call inside a
    transaction: the organisation's row stays locked until it ends."""
    Organisation.objects.select_for_update().only("pk").get(pk=organisation.pk)
    journal, _created = OrderJournal.objects.select_for_update().get_or_create(
        organisation=organisation, year=year
    )
    journal.last_number += 1
    journal.save(update_fields=["last_number"])
    return journal.last_number


def highest_signed_number(organisation: Organisation, year: int) -> int:
    """The highest number the product has given in ``year`` (0 when none)."""
    numbers = Order.objects.filter(organisation=organisation, journal_year=year)
    return numbers.aggregate(highest=Max("number"))["highest"] or 0


@transaction.atomic
def journal_set_last_number(
    *, organisation: Organisation, year: int, last_number: int
) -> OrderJournal:
    """Move the year's counter to the paper journal's last number, so the next signed order
    continues it. It never goes below a number already given in the product."""
    Organisation.objects.select_for_update().only("pk").get(pk=organisation.pk)
    highest = highest_signed_number(organisation, year)
    if last_number < highest:
        raise ValidationError(
            _(
                "В %(year)s году в системе уже подписан приказ № %(number)s%(suffix)s: "
                "последний номер не может быть меньше %(number)s."
            )
            % {"year": year, "number": highest, "suffix": organisation.order_suffix}
        )
    journal, _created = OrderJournal.objects.select_for_update().get_or_create(
        organisation=organisation, year=year
    )
    journal.last_number = last_number
    journal.save(update_fields=["last_number"])
    return journal


def sign(order: Order, *, user, on: datetime.date | None = None) -> Order:
    """Sign the order: number, date, snapshot, PDF and its effects, all or nothing."""
    on = on or timezone.localdate()
    stored_name = None
    try:
        with transaction.atomic():
            # Lock the order's row alone: PostgreSQL refuses FOR UPDATE on the nullable side
            # of the outer joins to the roadmap and the Положение.
            order = (
                Order.objects.select_for_update(of=("self",))
                .select_related("organisation", "roadmap", "regulation_version")
                .get(pk=order.pk)
            )
            if order.status != Order.Status.SENT:
                raise OrderError(_("Подписать можно только приказ, который ждёт подписи."))
            missing = missing_duties_consents(order, on)
            if missing:
                raise OrderError(
                    _(
                        "Нельзя подписать: у %(names)s нет письменного согласия на "
                        "дополнительные обязанности наставника."
                    )
                    % {"names": ", ".join(person.short_name_in("genitive") for person in missing)}
                )
            organisation = order.organisation
            order.journal_year = on.year
            order.number = next_number(organisation, on.year)
            order.number_text = f"{order.number}{organisation.order_suffix}"
            order.signed_on = on
            order.signed_by = user
            order.signed_at = timezone.now()
            order.status = Order.Status.SIGNED
            order.snapshot = printing.order_content(order)
            order.save()
            document = printing.render_order(order)
            order.pdf.save(document.filename, ContentFile(document.content), save=False)
            stored_name = order.pdf.name
            order.save(update_fields=["pdf"])
            _apply(order, on)
    except Exception:
        if stored_name:
            order.pdf.storage.delete(stored_name)
        raise
    return order


def _apply(order: Order, on: datetime.date) -> None:
    """What a signed order changes in the data."""
    if order.kind == Order.Kind.FIX_GROUPS:
        for group in order.groups.filter(status=Group.Status.PROPOSED):
            group_set_status(group=group, status=Group.Status.FIXED, on=on)
    if order.kind == Order.Kind.APPROVE_SYSTEM:
        for act in (order.roadmap, order.regulation_version):
            if act is not None and not act.is_approved:
                act.approved_order = order
                act.save(update_fields=["approved_order"])

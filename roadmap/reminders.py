"""Daily email reminders: one letter a day to each user who has something due, overdue,
stalled or about to expire, naming each item at most once a day.

What a user hears of depends on where they take part:
- a mentor: the plan items of their programmes due within 7 days or overdue;
- anyone responsible for a roadmap activity: the activity, due within 7 days or overdue;
- a curator or a working-group member: stalled programmes, programmes past their end, consents
  expiring within 30 days and those expired or revoked in the banks, orders the director
  returned to them;
- a director: orders awaiting signature.

Everything is collected for all users at once, with a fixed number of queries; only the
sending writes one row set per letter.
"""

import datetime
import email.policy
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring_site.templatetags.russian import plural
from registry.models import Consent, Membership, Organisation
from roadmap.attention import (
    Item,
    activity_item,
    due_activities,
    due_plan_items,
    organisation_attention,
    plan_item_entry,
    returned_orders,
)
from roadmap.models import ReminderSent
from roadmap.models.reminders import unsubscribe_token

logger = logging.getLogger(__name__)

Role = Membership.Role
STAFF_ROLES = frozenset({Role.CURATOR, Role.WORKING_GROUP})
# The curators' consent reminders: those about to end, and those that ended or were revoked;
# a consent never given is on the dashboard, not in a daily letter.
CONSENT_STATES = frozenset({Consent.State.EXPIRING, Consent.State.EXPIRED, Consent.State.REVOKED})


@dataclass
class Letter:
    """One user's letter for one day: (heading, items) in the order they are printed."""

    user: object
    sections: list[tuple[str, list[Item]]] = field(default_factory=list)

    @property
    def items(self) -> list[Item]:
        return [item for _heading, items in self.sections for item in items]

    def add(self, heading: str, items: list[Item], skip: set[str]):
        """Add the section with the items not sent today (and not already in the letter)."""
        fresh = [item for item in items if item.key not in skip]
        skip.update(item.key for item in fresh)
        if fresh:
            self.sections.append((heading, fresh))


@dataclass(frozen=True)
class Result:
    letters: int
    items: int
    failed: int = 0


def recipients():
    """Active users with an email address who have not switched reminders off."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(reminder_preference__enabled=False)
        .order_by("pk")
    )


def collect(users, on: datetime.date | None = None, *, skip_sent: bool = True) -> list[Letter]:
    """Each user's letter for ``on``: nine queries or so, whatever the number of users.
    Items already sent to a user that day are left out unless ``skip_sent`` is false."""
    on = on or timezone.localdate()
    users = {user.pk: user for user in users}
    if not users:
        return []
    roles = defaultdict(set)  # (user id, organisation id) → roles
    for user_id, organisation_id, role in Membership.objects.filter(user_id__in=users).values_list(
        "user_id", "organisation_id", "role"
    ):
        roles[user_id, organisation_id].add(role)
    managed = {org for (_user, org), held in roles.items() if held & {*STAFF_ROLES, Role.DIRECTOR}}
    organisations = Organisation.objects.filter(pk__in=managed).order_by("short_name")
    attention = organisation_attention(organisations, on) if managed else {}
    returned = defaultdict(list)
    if managed:
        for order, item in returned_orders(organisations):
            returned[order.sent_by_id, order.organisation_id].append(item)
    sent = defaultdict(set)
    if skip_sent:
        for user_id, key in ReminderSent.objects.filter(user_id__in=users, sent_on=on).values_list(
            "user_id", "key"
        ):
            sent[user_id].add(key)

    plan_items, activities = _personal(users, roles, on)
    letters = []
    for user_id, user in users.items():
        letter = Letter(user)
        skip = sent[user_id]
        letter.add(_("Ваши программы наставничества"), plan_items[user_id], skip)
        letter.add(
            _("Мероприятия дорожной карты, за которые вы отвечаете"), activities[user_id], skip
        )
        for organisation in organisations:
            held = roles.get((user_id, organisation.pk), set())
            _organisation_sections(
                letter, attention[organisation.pk], held, returned[user_id, organisation.pk], skip
            )
        if letter.sections:
            letters.append(letter)
    return letters


def _personal(users, roles, on):
    """Plan items of the programmes each user mentors, and activities each answers for, in
    organisations where the user still has a role."""
    plan_items, activities = defaultdict(list), defaultdict(list)
    items = (
        due_plan_items(on)
        .filter(
            Q(programme__group__mentor__person__user_id__in=users)
            | Q(programme__group__co_mentor__person__user_id__in=users)
        )
        .select_related(
            "programme__group__organisation",
            "programme__group__mentor__person",
            "programme__group__co_mentor__person",
        )
    )
    for item in items:
        group = item.programme.group
        mentors = [group.mentor, group.co_mentor] if group.co_mentor_id else [group.mentor]
        for user_id in {entry.person.user_id for entry in mentors}:
            if user_id in users and roles.get((user_id, group.organisation_id)):
                plan_items[user_id].append(plan_item_entry(item, group.organisation, on))
    rows = (
        due_activities(on)
        .filter(responsible_people__user_id__in=users)
        .annotate(responsible_user_id=F("responsible_people__user_id"))
        .select_related("stage__roadmap__organisation")
    )
    for activity in rows:
        organisation = activity.stage.roadmap.organisation
        user_id = activity.responsible_user_id
        if roles.get((user_id, organisation.pk)):
            activities[user_id].append(activity_item(activity, organisation, on))
    return plan_items, activities


def _organisation_sections(letter, attention, held, returned, skip):
    name = attention.organisation.short_name
    if held & STAFF_ROLES:
        consents = [
            item
            for key in ("missing_consents", "duties_consents", "expiring_consents")
            for item in attention.section(key).items
            if item.state in CONSENT_STATES
        ]
        for heading, key in [
            (_("программы без движения 21 день и дольше"), "stalled_programmes"),
            (_("программы с истёкшим сроком"), "past_end_programmes"),
        ]:
            letter.add(f"{name}: {heading}", attention.section(key).items, skip)
        letter.add(f"{name}: {_('согласия истекают или истекли')}", consents, skip)
        letter.add(f"{name}: {_('приказы, возвращённые вам на доработку')}", returned, skip)
    if Role.DIRECTOR in held:
        letter.add(
            f"{name}: {_('приказы на подписи')}", attention.section("awaiting_orders").items, skip
        )


# The letter


class ReminderMessage(EmailMultiAlternatives):
    """A letter whose List-Unsubscribe header stays as written. The email package folds a long
    header by turning it into RFC 2047 encoded words, which mail clients do not decode in this
    header, so the link would be lost; the header goes in raw (RFC 5322 allows 998 characters)."""

    def message(self, *, policy=email.policy.default):
        message = super().message(policy=policy.clone(refold_source="none"))
        unsubscribe = message["List-Unsubscribe"]
        if unsubscribe is not None:
            del message["List-Unsubscribe"]
            message.set_raw("List-Unsubscribe", str(unsubscribe))
        return message


def absolute(url: str) -> str:
    return settings.SITE_URL + url


def render_letter(letter: Letter, on: datetime.date) -> ReminderMessage:
    count = len(letter.items)
    count_text = f"{count} {plural(count, 'напоминание', 'напоминания', 'напоминаний')}"
    unsubscribe_url = absolute(
        reverse("reminders:unsubscribe", args=[unsubscribe_token(letter.user)])
    )
    context = {
        "on": on,
        "sections": [
            (heading, [(item, absolute(item.url)) for item in items])
            for heading, items in letter.sections
        ],
        "count_text": count_text,
        "settings_url": absolute(reverse("reminders:settings")),
        "unsubscribe_url": unsubscribe_url,
    }
    subject = _("Наставничество: %(count)s на %(date)s") % {
        "count": count_text,
        "date": f"{on:%d.%m.%Y}",
    }
    message = ReminderMessage(
        subject=subject,
        body=render_to_string("roadmap/email/reminder.txt", context),
        to=[letter.user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>"},
    )
    message.attach_alternative(
        render_to_string("roadmap/email/reminder.html", context), "text/html"
    )
    return message


def send_reminders(on: datetime.date | None = None, *, dry_run: bool = False) -> Result:
    """Send today's letters. Each letter's items are recorded in the transaction that sends it:
    a letter that fails leaves no record (its items go out with the next run), and two runs at
    once cannot both send an item, as the second one's record breaks the unique constraint."""
    on = on or timezone.localdate()
    letters = collect(recipients(), on)
    if dry_run:
        return Result(len(letters), sum(len(letter.items) for letter in letters))
    sent_letters = sent_items = failed = 0
    for letter in letters:
        message = render_letter(letter, on)
        try:
            with transaction.atomic():
                ReminderSent.objects.bulk_create(
                    ReminderSent(user=letter.user, key=item.key, sent_on=on)
                    for item in letter.items
                )
                message.send()
        except IntegrityError:
            # Another run has just sent these: nothing to do.
            continue
        except (smtplib.SMTPException, OSError):
            logger.exception("Reminder to user %s was not sent", letter.user.pk)
            failed += 1
            continue
        sent_letters += 1
        sent_items += len(letter.items)
    return Result(sent_letters, sent_items, failed)

"""What needs attention now: for an organisation (the curator's dashboard, the curators' and
directors' reminders) and for one participant (their pairs, deadlines and hours).

Each list is built with one query or two, whatever the number of rows or organisations, so the
dashboard of one school and the reminders of every school pay the same. Each entry knows the
page of the app it is about, so a page or a letter can link to it.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring_site.school_year import SchoolYear
from mentoring_site.templatetags.russian import plural
from programmes.models import Comment, Group, Meeting, PlanItem, Programme
from registry.access import Can
from registry.models import Consent, MenteeEntry, MentorEntry, Organisation, Person
from registry.models.consents import consent_summary, required_personal_data_kind
from roadmap.models import Activity, Order

# How far ahead a deadline counts as near, and a programme's end or a consent's expiry as soon.
DUE_WITHIN = datetime.timedelta(days=7)
ENDING_WITHIN = datetime.timedelta(days=30)
# An active programme with no plan update, meeting or comment for this long has stalled.
STALLED_AFTER = datetime.timedelta(days=21)

OPEN_ITEM = (PlanItem.Status.PLANNED, PlanItem.Status.IN_PROGRESS)
# A consent in one of these states does not allow the data to be processed.
NOT_IN_FORCE = (
    Consent.State.MISSING,
    Consent.State.EXPIRED,
    Consent.State.REVOKED,
    Consent.State.PENDING,
)


@dataclass(frozen=True)
class Item:
    """One thing that needs attention. ``key`` names the thing and its state, so a reminder is
    sent once a day per item and again when its state changes (due soon → overdue)."""

    kind: str  # "activity", "plan_item", "consent.duties", "mentee", "programme", "order"
    pk: int
    state: str  # why it is listed: "overdue", "soon", "stalled", a Consent.State…
    text: str
    note: str
    url: str
    organisation_id: int
    day: datetime.date | None = None
    action_url: str = ""
    action_label: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}:{self.state}"


@dataclass
class Section:
    """A titled list of items; ``capability`` is what acting on them (``action_url``) takes."""

    key: str
    title: str
    items: list[Item]
    capability: Can | None = None
    # What a page makes of it: whether the viewer may act, the entries shown, the full list.
    actionable: bool = False
    shown: list[Item] = field(default_factory=list)
    more_url: str = ""

    def __len__(self):
        return len(self.items)


@dataclass
class OrganisationAttention:
    organisation: Organisation
    sections: list[Section]

    @property
    def total(self) -> int:
        return sum(len(section) for section in self.sections)

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)


@dataclass
class GroupSummary:
    """One of a participant's own pairs or groups, with its programme's progress."""

    group: Group
    role: str  # «наставник», «наставляемый»
    name: str  # «Савельева А. Б. → Зайцева В. Г., Лебедева Д. Е.»
    programme: Programme | None
    progress: int | None


@dataclass
class PersonalAttention:
    groups: list[GroupSummary] = field(default_factory=list)
    plan_items: list[Item] = field(default_factory=list)
    activities: list[Item] = field(default_factory=list)
    minutes: int = 0
    meetings: int = 0

    @property
    def hours(self) -> str:
        """«12,5»: hours of meetings, to one decimal place."""
        hours = round(self.minutes / 60, 1)
        return str(int(hours)) if hours.is_integer() else str(hours).replace(".", ",")

    @property
    def is_empty(self) -> bool:
        return not (self.groups or self.plan_items or self.activities or self.meetings)


# Words


def days(number: int) -> str:
    return f"{number} {plural(number, 'день', 'дня', 'дней')}"


def _deadline_note(due_on: datetime.date, on: datetime.date) -> tuple[str, str]:
    """(state, note) of a deadline: «просрочено на 3 дня», «сегодня», «через 5 дней»."""
    delta = (due_on - on).days
    when = f"{due_on:%d.%m.%Y}"
    if delta < 0:
        return "overdue", _("просрочено на %(days)s (срок %(date)s)") % {
            "days": days(-delta),
            "date": when,
        }
    if delta == 0:
        return "soon", _("срок сегодня, %(date)s") % {"date": when}
    return "soon", _("срок %(date)s, через %(days)s") % {"date": when, "days": days(delta)}


def _url(name: str, organisation: Organisation, *args, anchor: str = "", query=None) -> str:
    url = reverse(name, args=[organisation.slug, *args])
    if query:
        url += "?" + urlencode(query)
    return f"{url}#{anchor}" if anchor else url


# Roadmap activities


def activity_item(activity: Activity, organisation: Organisation, on: datetime.date) -> Item:
    stage = activity.stage
    state, note = _deadline_note(activity.due_on, on)
    return Item(
        kind="activity",
        pk=activity.pk,
        state=state,
        text=f"{stage.number}.{activity.number}. {activity.text}",
        note=note,
        url=_url(
            "roadmap:roadmap_detail",
            organisation,
            stage.roadmap_id,
            anchor=f"activity-{activity.pk}",
        ),
        organisation_id=organisation.pk,
        day=activity.due_on,
        action_url=_url("roadmap:activity_edit", organisation, activity.pk),
        action_label=_("Изменить"),
    )


def due_activities(on: datetime.date):
    """Open activities that are overdue or due within DUE_WITHIN."""
    return (
        Activity.objects.open()
        .filter(due_on__lte=on + DUE_WITHIN)
        .select_related("stage")
        .order_by("due_on", "stage__number", "number", "pk")
    )


def _activities(organisations, on):
    overdue, soon = defaultdict(list), defaultdict(list)
    rows = (
        due_activities(on)
        .filter(stage__roadmap__organisation__in=list(organisations))
        .select_related("stage__roadmap")
    )
    for activity in rows:
        item = activity_item(activity, organisations[activity.stage.roadmap.organisation_id], on)
        (overdue if item.state == "overdue" else soon)[item.organisation_id].append(item)
    return overdue, soon


# Consents


def _consent_action(person, organisation, kind):
    return _url("registry:consent_create", organisation, person.pk, query={"kind": kind})


def _valid_until(person: Person, kind: str, on: datetime.date) -> datetime.date | None:
    """The end of the consent of ``kind`` in force, from prefetched consents."""
    ends = [
        consent.valid_until
        for consent in person.consents.all()
        if consent.kind == kind and consent.valid_until and consent.is_valid(on)
    ]
    return max(ends, default=None)


MISSING_NOTES = {
    Consent.State.MISSING: gettext_lazy("нет согласия %(kind)s"),
    Consent.State.EXPIRED: gettext_lazy("истекло согласие %(kind)s"),
    Consent.State.REVOKED: gettext_lazy("отозвано согласие %(kind)s"),
    Consent.State.PENDING: gettext_lazy("ещё не вступило в силу согласие %(kind)s"),
}


def _consent_item(person, organisation, kind, state, on) -> Item:
    label = Consent.Kind(kind).label.lower()
    if state == Consent.State.EXPIRING:
        ends = _valid_until(person, kind, on)
        note = _("согласие «%(kind)s» истекает %(date)s, через %(days)s") % {
            "kind": label,
            "date": f"{ends:%d.%m.%Y}",
            "days": days((ends - on).days),
        }
    else:
        ends = None
        note = MISSING_NOTES[state] % {"kind": f"«{label}»"}
    return Item(
        kind=f"consent.{kind}",
        pk=person.pk,
        state=state,
        text=person.full_name,
        note=note,
        url=_url("registry:person_detail", organisation, person.pk),
        organisation_id=organisation.pk,
        day=ends,
        action_url=_consent_action(person, organisation, kind),
        action_label=_("Внести согласие"),
    )


def _consents(organisations, on):
    """People in the banks (not left): the consent their data needs, missing or not in force;
    consents ending within 30 days; mentors of open groups without a duties consent."""
    left_mentee = MenteeEntry.objects.filter(person=OuterRef("pk")).exclude(
        status=MenteeEntry.Status.LEFT
    )
    left_mentor = MentorEntry.objects.filter(person=OuterRef("pk")).exclude(
        status=MentorEntry.Status.LEFT
    )
    # Two subqueries, one per foreign key: with an OR in one, SQLite scans every school's groups
    # for each person instead of looking up the person's own.
    as_mentor = Group.objects.open().filter(mentor__person=OuterRef("pk"))
    as_co_mentor = Group.objects.open().filter(co_mentor__person=OuterRef("pk"))
    mentoring = ExpressionWrapper(
        Q(Exists(as_mentor)) | Q(Exists(as_co_mentor)), output_field=BooleanField()
    )
    people = (
        Person.objects.identified()
        .filter(organisation__in=list(organisations))
        .filter(Q(Exists(left_mentee)) | Q(Exists(left_mentor)))
        .annotate(mentoring=mentoring)
        .prefetch_related("consents")
        .order_by("search_text", "pk")
    )
    missing, expiring, duties = defaultdict(list), defaultdict(list), defaultdict(list)
    for person in people:
        organisation = organisations[person.organisation_id]
        summary = consent_summary(person, on)
        required = required_personal_data_kind(person)
        if summary[required] in NOT_IN_FORCE:
            missing[organisation.pk].append(
                _consent_item(person, organisation, required, summary[required], on)
            )
        if person.mentoring and summary[Consent.Kind.DUTIES] in NOT_IN_FORCE:
            duties[organisation.pk].append(
                _consent_item(
                    person, organisation, Consent.Kind.DUTIES, summary[Consent.Kind.DUTIES], on
                )
            )
        relevant = [required, Consent.Kind.PUBLICATION]
        if person.mentoring:
            relevant.append(Consent.Kind.DUTIES)
        for kind in relevant:
            if summary[kind] == Consent.State.EXPIRING:
                expiring[organisation.pk].append(
                    _consent_item(person, organisation, kind, Consent.State.EXPIRING, on)
                )
    for items in expiring.values():
        items.sort(key=lambda item: item.day)
    return missing, expiring, duties


# Mentees waiting for a mentor


def _waiting(organisations, on):
    waiting = defaultdict(list)
    entries = (
        MenteeEntry.objects.filter(
            person__organisation__in=list(organisations), status=MenteeEntry.Status.WAITING
        )
        .select_related("person")
        .order_by("entered_on", "pk")
    )
    for entry in entries:
        organisation = organisations[entry.person.organisation_id]
        waited = (on - entry.entered_on).days
        waiting[organisation.pk].append(
            Item(
                kind="mentee",
                pk=entry.pk,
                state="waiting",
                text=f"{entry.person.full_name} — {entry.get_category_display().lower()}",
                note=_("ждёт наставника %(days)s, с %(date)s")
                % {"days": days(max(waited, 0)), "date": f"{entry.entered_on:%d.%m.%Y}"},
                url=_url("registry:mentee_detail", organisation, entry.pk),
                organisation_id=organisation.pk,
                day=entry.entered_on,
                action_url=_url("programmes:matching_candidates", organisation, entry.pk),
                action_label=_("Подобрать наставника"),
            )
        )
    return waiting


# Programmes


def _latest(queryset, field_name):
    return Subquery(queryset.order_by(f"-{field_name}").values(field_name)[:1])


def last_progress(programme: Programme) -> datetime.date:
    """The last day anything happened in the programme: a plan item updated or done, a meeting
    held, a comment written; its start when nothing has. Reads the annotations of
    ``programmes_with_progress``."""
    moments = [programme.starts_on, programme.last_done, programme.last_meeting]
    for moment in (programme.last_update, programme.last_comment):
        if moment is not None:
            moments.append(timezone.localdate(moment))
    return max(moment for moment in moments if moment is not None)


def programmes_with_progress(on: datetime.date):
    """Programmes annotated with what ``last_progress`` needs: four subqueries, no join that
    multiplies rows."""
    items = PlanItem.objects.filter(programme=OuterRef("pk"))
    return Programme.objects.annotate(
        last_update=_latest(items, "updated_at"),
        last_done=_latest(items.filter(done_on__lte=on), "done_on"),
        last_meeting=_latest(
            Meeting.objects.filter(programme=OuterRef("pk"), date__lte=on), "date"
        ),
        last_comment=_latest(Comment.objects.filter(programme=OuterRef("pk")), "created_at"),
    )


def _programme_text(programme: Programme) -> str:
    mentor = programme.group.mentor.person.short_name
    return _("«%(title)s», наставник %(mentor)s") % {"title": programme.title, "mentor": mentor}


def _programmes(organisations, on):
    """Active programmes ending within 30 days or stalled; unfinished ones past their end.
    Only those of open groups: a dissolved group's programme is closed with the group."""
    ending, past_end, stalled = defaultdict(list), defaultdict(list), defaultdict(list)
    programmes = (
        programmes_with_progress(on)
        .filter(group__organisation__in=list(organisations), group__status__in=Group.OPEN_STATUSES)
        .exclude(status=Programme.Status.COMPLETED)
        .filter(Q(status=Programme.Status.ACTIVE) | Q(ends_on__lt=on))
        .select_related("group__mentor__person")
        .order_by("ends_on", "pk")
    )
    for programme in programmes:
        organisation = organisations[programme.group.organisation_id]
        url = _url("programmes:programme_detail", organisation, programme.pk)
        common = {
            "kind": "programme",
            "pk": programme.pk,
            "text": _programme_text(programme),
            "url": url,
            "organisation_id": organisation.pk,
        }
        if programme.ends_on < on:
            past_end[organisation.pk].append(
                Item(
                    state="past_end",
                    note=_("срок истёк %(date)s, программа не завершена")
                    % {"date": f"{programme.ends_on:%d.%m.%Y}"},
                    day=programme.ends_on,
                    action_url=_url("programmes:programme_complete", organisation, programme.pk),
                    action_label=_("Завершить"),
                    **common,
                )
            )
            continue
        if programme.ends_on <= on + ENDING_WITHIN:
            ending[organisation.pk].append(
                Item(
                    state="ending",
                    note=_("заканчивается %(date)s, через %(days)s")
                    % {
                        "date": f"{programme.ends_on:%d.%m.%Y}",
                        "days": days((programme.ends_on - on).days),
                    },
                    day=programme.ends_on,
                    **common,
                )
            )
        last = last_progress(programme)
        if programme.starts_on <= on and on - last >= STALLED_AFTER:
            stalled[organisation.pk].append(
                Item(
                    state="stalled",
                    note=_("нет движения %(days)s: последнее — %(date)s")
                    % {"days": days((on - last).days), "date": f"{last:%d.%m.%Y}"},
                    day=last,
                    **common,
                )
            )
    for items in stalled.values():
        items.sort(key=lambda item: item.day)
    return ending, past_end, stalled


# Orders


def _orders(organisations, status):
    """(order, item) pairs by organisation: orders awaiting signature or returned for rework."""
    found = defaultdict(list)
    orders = Order.objects.filter(organisation__in=list(organisations), status=status).order_by(
        "sent_at", "pk"
    )
    for order in orders:
        organisation = organisations[order.organisation_id]
        sent_on = timezone.localdate(order.sent_at) if order.sent_at else None
        if status == Order.Status.SENT:
            note = _("на подписи с %(date)s") % {"date": f"{sent_on:%d.%m.%Y}" if sent_on else "—"}
        else:
            note = _("возвращён на доработку: %(comment)s") % {
                "comment": order.return_comment or _("без замечаний")
            }
        item = Item(
            kind="order",
            pk=order.pk,
            state=status,
            text=order.heading,
            note=note,
            url=_url("roadmap:order_detail", organisation, order.pk),
            organisation_id=organisation.pk,
            day=sent_on,
        )
        found[organisation.pk].append((order, item))
    return found


# An organisation


def organisation_attention(
    organisations: Iterable[Organisation], on: datetime.date | None = None
) -> dict[int, OrganisationAttention]:
    """What needs attention in each organisation: six queries for any number of them."""
    on = on or timezone.localdate()
    by_id = {organisation.pk: organisation for organisation in organisations}
    overdue, soon = _activities(by_id, on)
    missing, expiring, duties = _consents(by_id, on)
    waiting = _waiting(by_id, on)
    ending, past_end, stalled = _programmes(by_id, on)
    awaiting = {
        pk: [item for _order, item in pairs]
        for pk, pairs in _orders(by_id, Order.Status.SENT).items()
    }
    layout = [
        ("overdue_activities", _("Просроченные мероприятия дорожной карты"), overdue, "roadmap"),
        ("due_activities", _("Мероприятия со сроком в ближайшие 7 дней"), soon, "roadmap"),
        ("missing_consents", _("Нет действующего согласия на обработку данных"), missing, "people"),
        ("duties_consents", _("Наставники без согласия на доп. обязанности"), duties, "people"),
        ("expiring_consents", _("Согласия, истекающие в ближайшие 30 дней"), expiring, "people"),
        ("waiting_mentees", _("Наставляемые ждут наставника"), waiting, "programmes"),
        ("past_end_programmes", _("Программы с истёкшим сроком"), past_end, "programmes"),
        ("stalled_programmes", _("Программы без движения 21 день и дольше"), stalled, None),
        ("ending_programmes", _("Программы, заканчивающиеся в ближайшие 30 дней"), ending, None),
        ("awaiting_orders", _("Приказы на подписи у руководителя"), awaiting, None),
    ]
    capabilities = {
        "roadmap": Can.MANAGE_ROADMAP,
        "people": Can.EDIT_PEOPLE,
        "programmes": Can.MANAGE_PROGRAMMES,
        None: None,
    }
    return {
        pk: OrganisationAttention(
            organisation,
            [
                Section(key, title, found.get(pk, []), capabilities[area])
                for key, title, found, area in layout
            ],
        )
        for pk, organisation in by_id.items()
    }


def returned_orders(organisations: Iterable[Organisation]) -> list[tuple[Order, Item]]:
    """Orders the director returned for rework, with who sent them: for the sender's letter."""
    by_id = {organisation.pk: organisation for organisation in organisations}
    found = _orders(by_id, Order.Status.RETURNED)
    return [pair for pairs in found.values() for pair in pairs]


# A participant


def plan_item_entry(item: PlanItem, organisation: Organisation, on: datetime.date) -> Item:
    state, note = _deadline_note(item.deadline, on)
    programme = item.programme
    return Item(
        kind="plan_item",
        pk=item.pk,
        state=state,
        text=_("%(activity)s — программа «%(title)s»")
        % {"activity": item.activity, "title": programme.title},
        note=note,
        url=_url(
            "programmes:programme_detail", organisation, programme.pk, anchor=f"item-{item.pk}"
        ),
        organisation_id=organisation.pk,
        day=item.deadline,
    )


def due_plan_items(on: datetime.date):
    """Plan items not done of active programmes, overdue or due within DUE_WITHIN."""
    return (
        PlanItem.objects.filter(
            programme__status=Programme.Status.ACTIVE,
            status__in=OPEN_ITEM,
            deadline__lte=on + DUE_WITHIN,
        )
        .select_related("programme")
        .order_by("deadline", "pk")
    )


def personal_attention(
    user, organisation: Organisation, on: datetime.date | None = None
) -> PersonalAttention:
    """A participant's own pairs and groups in the organisation, their plan's near and overdue
    deadlines, the roadmap activities they answer for, and their meetings' hours this school
    year: seven queries, and nothing of other people's work."""
    on = on or timezone.localdate()
    own = Group.objects.filter(organisation=organisation).filter(
        Q(mentor__person__user=user)
        | Q(co_mentor__person__user=user)
        | Q(mentees__person__user=user)
    )
    own_ids = own.values("pk")
    groups = (
        Group.objects.filter(pk__in=own_ids, status__in=Group.OPEN_STATUSES)
        .select_related("form", "mentor__person", "co_mentor__person", "programme")
        .prefetch_related("mentees__person", "programme__items")
        .order_by("-status_changed_on", "-pk")
    )
    result = PersonalAttention(groups=[_group_summary(group, user) for group in groups])
    items = due_plan_items(on).filter(programme__group__in=own_ids)
    result.plan_items = [plan_item_entry(item, organisation, on) for item in items]
    activities = (
        due_activities(on)
        .filter(stage__roadmap__organisation=organisation, responsible_people__user=user)
        .distinct()
    )
    result.activities = [activity_item(activity, organisation, on) for activity in activities]
    year_start = SchoolYear.of(on).starts_on
    totals = Meeting.objects.filter(
        programme__group__in=own_ids, date__range=(year_start, on)
    ).aggregate(minutes=Sum("minutes"), meetings=Count("pk"))
    result.minutes = totals["minutes"] or 0
    result.meetings = totals["meetings"]
    return result


def _group_summary(group: Group, user) -> GroupSummary:
    mentors = [group.mentor, group.co_mentor] if group.co_mentor_id else [group.mentor]
    is_mentor = any(entry.person.user_id == user.pk for entry in mentors)
    programme = getattr(group, "programme", None)
    return GroupSummary(
        group=group,
        role=_("наставник") if is_mentor else _("наставляемый"),
        name=str(group),
        programme=programme,
        progress=programme.progress if programme else None,
    )

"""Forming groups and moving them through their statuses, with the rules of the Положение:
a mentor's capacity, a valid consent to process personal data for everyone in the group, no
mentor of oneself, one open group per mentee. The mentees' and mentor's bank statuses follow."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.models import Group
from registry.models import MenteeEntry, MentorEntry, has_valid_consent, required_personal_data_kind

READY_MENTOR = {MentorEntry.Status.READY, MentorEntry.Status.ACTIVE}


def mentor_load(mentor: MentorEntry, *, exclude_group: Group | None = None) -> int:
    """How many mentees the mentor has in open groups (as the main mentor)."""
    entries = MenteeEntry.objects.filter(
        groups__mentor=mentor, groups__status__in=Group.OPEN_STATUSES
    )
    if exclude_group is not None:
        entries = entries.exclude(groups=exclude_group)
    return entries.distinct().count()


def _consent_problems(entries) -> list[str]:
    return [
        _("у %(name)s нет действующего согласия на обработку персональных данных")
        % {"name": entry.person.short_name_in("genitive")}
        for entry in entries
        if not has_valid_consent(entry.person, required_personal_data_kind(entry.person))
    ]


def check_group(
    *,
    mentor: MentorEntry,
    mentees: list[MenteeEntry],
    co_mentor: MentorEntry | None = None,
    group: Group | None = None,
) -> list[str]:
    """Every reason the group cannot be formed, in Russian; empty when it can."""
    problems = []
    if not mentees:
        problems.append(_("В группе должен быть хотя бы один наставляемый."))
    if mentor.status not in READY_MENTOR:
        problems.append(
            _("%(name)s ещё не готов к наставничеству (статус в банке: «%(status)s»).")
            % {"name": mentor.person.short_name, "status": mentor.get_status_display()}
        )
    people = {entry.person_id for entry in mentees}
    if mentor.person_id in people or (co_mentor and co_mentor.person_id in people):
        problems.append(_("Наставник не может быть наставляемым в своей же группе."))
    if co_mentor and co_mentor.pk == mentor.pk:
        problems.append(_("Второй наставник должен отличаться от основного."))
    load = mentor_load(mentor, exclude_group=group)
    if load + len(mentees) > mentor.capacity:
        problems.append(
            _(
                "У наставника %(name)s уже %(load)s наставляемых при нагрузке не более "
                "%(capacity)s: свободных мест %(free)s, а в группе %(count)s."
            )
            % {
                "name": mentor.person.short_name_in("genitive"),
                "load": load,
                "capacity": mentor.capacity,
                "free": max(mentor.capacity - load, 0),
                "count": len(mentees),
            }
        )
    busy = MenteeEntry.objects.filter(
        pk__in=[entry.pk for entry in mentees], groups__status__in=Group.OPEN_STATUSES
    )
    if group is not None:
        busy = busy.exclude(groups=group)
    for entry in busy.select_related("person").distinct():
        problems.append(
            _("%(name)s уже состоит в другой паре или группе.") % {"name": entry.person.short_name}
        )
    everyone = [mentor, *mentees, *([co_mentor] if co_mentor else [])]
    problems += [problem[0].upper() + problem[1:] + "." for problem in _consent_problems(everyone)]
    return problems


def _sync_bank_statuses(group: Group) -> None:
    """Mentees in an open group are «paired»; after it ends they finish or wait again.
    A mentor with an active group is «active», and «ready» again when none is left."""
    if group.is_open:
        mentee_status = MenteeEntry.Status.PAIRED
    elif group.status == Group.Status.FINISHED:
        mentee_status = MenteeEntry.Status.FINISHED
    else:
        mentee_status = MenteeEntry.Status.WAITING
    for entry in group.mentees.all():
        if entry.status != mentee_status and entry.status != MenteeEntry.Status.LEFT:
            entry.status = mentee_status
            entry.save(update_fields=["status"])
    for mentor in filter(None, [group.mentor, group.co_mentor]):
        active = (
            Group.objects.filter(status=Group.Status.ACTIVE).filter(mentor=mentor).exists()
            or Group.objects.filter(status=Group.Status.ACTIVE, co_mentor=mentor).exists()
        )
        wanted = MentorEntry.Status.ACTIVE if active else MentorEntry.Status.READY
        if mentor.status in READY_MENTOR and mentor.status != wanted:
            mentor.status = wanted
            mentor.save(update_fields=["status"])


@transaction.atomic
def group_create(
    *,
    organisation,
    mentor: MentorEntry,
    mentees: list[MenteeEntry],
    form,
    created_by,
    co_mentor: MentorEntry | None = None,
    co_mentor_role: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    note: str = "",
) -> Group:
    """Form a group (status «proposed»). Raises ValidationError with every problem found."""
    # Lock the mentor's row so two curators cannot both fill the last place.
    MentorEntry.objects.select_for_update().filter(pk=mentor.pk).first()
    problems = check_group(mentor=mentor, mentees=mentees, co_mentor=co_mentor)
    if problems:
        raise ValidationError(problems)
    group = Group(
        organisation=organisation,
        mentor=mentor,
        co_mentor=co_mentor,
        co_mentor_role=co_mentor_role if co_mentor else "",
        form=form,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
        created_by=created_by,
        status_changed_on=timezone.localdate(),
    )
    group.full_clean()
    group.save()
    group.mentees.set(mentees)
    _sync_bank_statuses(group)
    return group


@transaction.atomic
def group_update(
    *,
    group: Group,
    mentor: MentorEntry,
    mentees: list[MenteeEntry],
    co_mentor: MentorEntry | None = None,
    **fields,
) -> Group:
    """Change who is in an open group, or its form and dates."""
    if not group.is_open:
        raise ValidationError(_("Завершённую или расформированную группу изменить нельзя."))
    MentorEntry.objects.select_for_update().filter(pk=mentor.pk).first()
    problems = check_group(mentor=mentor, mentees=mentees, co_mentor=co_mentor, group=group)
    if problems:
        raise ValidationError(problems)
    released = [entry for entry in group.mentees.all() if entry not in mentees]
    group.mentor, group.co_mentor = mentor, co_mentor
    for name, value in fields.items():
        setattr(group, name, value)
    if not co_mentor:
        group.co_mentor_role = ""
    group.full_clean()
    group.save()
    group.mentees.set(mentees)
    for entry in released:
        if entry.status == MenteeEntry.Status.PAIRED:
            entry.status = MenteeEntry.Status.WAITING
            entry.save(update_fields=["status"])
    _sync_bank_statuses(group)
    return group


@transaction.atomic
def group_set_status(*, group: Group, status: str, reason: str = "", on=None) -> Group:
    """Move a group along proposed → fixed → active → finished, or dissolve it with a reason."""
    if status not in Group.TRANSITIONS[group.status]:
        raise ValidationError(
            _("Из статуса «%(old)s» нельзя перейти в «%(new)s».")
            % {"old": group.get_status_display(), "new": Group.Status(status).label}
        )
    if status == Group.Status.DISSOLVED and not reason.strip():
        raise ValidationError(_("Укажите причину расформирования."))
    group.status = status
    group.status_changed_on = on or timezone.localdate()
    if status == Group.Status.DISSOLVED:
        group.dissolution_reason = reason.strip()
    group.save()
    _sync_bank_statuses(group)
    return group

"""Drafting orders from the data: the heading, preamble and items of each kind, written with
every name in its grammatical case, and the changes a draft may undergo while it is editable.

The texts are a starting point the curator edits; the groups, people and annexes an order names
are kept as rows, so the annex table and the acquaintance sheet always follow the data until the
order is signed.
"""

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mentoring_site.templatetags.russian import ru_date
from programmes.models import Group
from registry.models import Membership, Organisation, Person
from roadmap.models import Order, OrderPerson, Regulation, RegulationVersion, Roadmap
from roadmap.printing import group_term, order_groups, person_position
from roadmap.services.orders import OrderError

Role = OrderPerson.Role


def control_item() -> str:
    """The last item of every order."""
    return _("Контроль исполнения приказа оставляю за собой.")


def staff_in_role(organisation: Organisation, role: str):
    """The organisation's people whose login holds ``role`` there (the curator, the working
    group): what an approval order preselects."""
    return (
        organisation.people.identified()
        .filter(user__memberships__organisation=organisation, user__memberships__role=role)
        .distinct()
    )


def approved_polozhenie(organisation: Organisation) -> RegulationVersion | None:
    """The newest approved version of the organisation's Положение, which orders cite."""
    versions = (
        RegulationVersion.objects.filter(
            regulation__organisation=organisation, regulation__kind=Regulation.Kind.POLOZHENIE
        )
        .select_related("regulation", "approved_order")
        .order_by("-effective_from", "-number", "-pk")
    )
    return next((version for version in versions if version.is_approved), None)


# Texts shared by several kinds


def _short_date(day) -> str:
    return day.strftime("%d.%m.%Y")


def _polozhenie_reference(organisation: Organisation) -> str:
    """«Положением о системе наставничества …, утверждённым приказом от 30.08.2023 № 90-од»
    (the instrumental case «в соответствии с» wants)."""
    version = approved_polozhenie(organisation)
    if version is None:
        return _("Положением о системе наставничества %(organisation)s") % {
            "organisation": organisation.short_name
        }
    title = version.regulation.title
    if title.startswith("Положение "):
        title = "Положением " + title.removeprefix("Положение ")
    else:
        title = _("локальным актом «%(title)s»") % {"title": title}
    number, day = version.approval
    return _("%(title)s, утверждённым приказом от %(date)s № %(number)s") % {
        "title": title,
        "date": _short_date(day),
        "number": number,
    }


def _curator(organisation: Organisation, people: list[tuple[Person, str, str]]) -> Person | None:
    """The curator the order names, else the one holding the role in the organisation."""
    named = [person for person, role, _position in people if role == Role.CURATOR]
    return named[0] if named else staff_in_role(organisation, Membership.Role.CURATOR).first()


def _mentees_in(group: Group, case: str) -> str:
    return ", ".join(entry.person.short_name_in(case) for entry in group.mentees.all())


def _position_of(person: Person, position: str) -> str:
    return position or person_position(person)


def _in_brackets(person: Person, position: str) -> str:
    """«Кадиеву М. С. (заместитель директора по УВР)»: the position stays in the nominative,
    in brackets, so no position ever needs declining."""
    position = _position_of(person, position)
    name = person.short_name_in("accusative")
    return f"{name} ({position})" if position else name


def _support_item(organisation, people) -> str:
    curator = _curator(organisation, people)
    if curator is None:
        return _(
            "Куратору системы наставничества обеспечить организационное и методическое "
            "сопровождение работы наставнических пар (групп) и мониторинг выполнения "
            "персонализированных программ наставничества."
        )
    return _(
        "Куратору %(name)s обеспечить организационное и методическое сопровождение работы "
        "наставнических пар (групп) и мониторинг выполнения персонализированных программ "
        "наставничества."
    ) % {"name": curator.short_name_in("dative")}


def _lines(*items) -> str:
    """Items as Order.items stores them: paragraphs separated by a blank line, the lines of an
    item by a line break. A sentence ending in initials keeps one full stop («Р. О.»)."""
    text = "\n\n".join("\n".join(item) if isinstance(item, list) else item for item in items)
    return re.sub(r"(?<!\.)\.\.(?!\.)", ".", text)


# One function per kind: (heading, preamble, items) from the data.


def _approve_system(order: Order, groups, people):
    organisation = order.organisation
    roadmap, version = order.roadmap, order.regulation_version
    students = roadmap is not None and roadmap.model == Roadmap.Model.STUDENTS
    system = (
        _("целевой модели наставничества обучающихся")
        if students
        else _("системы наставничества педагогических работников")
    )
    heading = _("О внедрении %(system)s в %(organisation)s") % {
        "system": system,
        "organisation": organisation.short_name,
    }
    purpose = (
        _(
            "В целях вовлечения обучающихся в наставничество, раскрытия их потенциала и "
            "успешной социализации"
        )
        if students
        else _(
            "В целях содействия профессиональному росту педагогических работников, их "
            "адаптации в коллективе и закрепления молодых специалистов в профессии"
        )
    )
    basis = []
    marks = version or roadmap
    if marks is not None and (marks.considered_protocol or marks.considered_on):
        basis.append(
            _("с учётом результатов рассмотрения %(where)s (протокол № %(protocol)s от %(date)s)")
            % {
                "where": marks.considered_by or _("на педагогическом совете"),
                "protocol": marks.considered_protocol or "___",
                "date": ru_date(marks.considered_on) if marks.considered_on else "___",
            }
        )
    if marks is not None and marks.agreed_by:
        agreed = _("согласования %(with)s") % {"with": marks.agreed_by}
        if marks.agreed_protocol or marks.agreed_on:
            agreed += _(" (протокол № %(protocol)s от %(date)s)") % {
                "protocol": marks.agreed_protocol or "___",
                "date": ru_date(marks.agreed_on) if marks.agreed_on else "___",
            }
        basis.append(agreed)
    preamble = purpose + (", " + _(" и ").join(basis) if basis else "") + ","

    items = []
    approved = []
    if version is not None:
        approved.append(
            _("%(title)s (приложение %(number)s);")
            % {"title": version.regulation.title, "number": len(approved) + 1}
        )
    if roadmap is not None:
        approved.append(
            _(
                "план мероприятий (дорожную карту) по внедрению %(system)s на %(period)s "
                "(приложение %(number)s)."
            )
            % {"system": system, "period": roadmap.period_label, "number": len(approved) + 1}
        )
    if approved:
        approved[-1] = approved[-1].rstrip(";.") + "."
        start = version.effective_from if version is not None else None
        since = (
            _("с %(date)s") % {"date": ru_date(start)}
            if start
            else _("со дня подписания настоящего приказа")
        )
        items.append(
            [_("Утвердить и ввести в действие %(since)s прилагаемые:") % {"since": since}]
            + [f"— {line}" for line in approved]
        )
    by_role: dict[str, list[tuple[Person, str]]] = {}
    for person, role, position in people:
        by_role.setdefault(role, []).append((person, position))
    for person, position in by_role.get(Role.COORDINATOR, [])[:1]:
        items.append(
            _("Назначить %(who)s координатором внедрения %(system)s в %(organisation)s.")
            % {
                "who": _in_brackets(person, position),
                "system": system,
                "organisation": organisation.short_name,
            }
        )
    for person, position in by_role.get(Role.CURATOR, [])[:1]:
        items.append(
            _(
                "Назначить %(who)s куратором %(system)s и поручить куратору формирование "
                "наставнических пар (групп) и контроль выполнения персонализированных программ "
                "наставничества."
            )
            % {"who": _in_brackets(person, position), "system": system}
        )
    heads = by_role.get(Role.WORKING_GROUP_HEAD, [])
    members = by_role.get(Role.WORKING_GROUP, [])
    if heads or members:
        lines = [
            _(
                "Утвердить состав рабочей группы, обеспечивающей организационное, методическое "
                "и аналитическое сопровождение %(system)s:"
            )
            % {"system": system}
        ]
        listed = [(_("руководитель рабочей группы:"), heads), (_("члены рабочей группы:"), members)]
        for label, rows in listed:
            if rows:
                lines.append(label)
                lines += [
                    f"{person.short_name} — {_position_of(person, position)};"
                    if _position_of(person, position)
                    else f"{person.short_name};"
                    for person, position in rows
                ]
        lines[-1] = lines[-1].rstrip(";") + "."
        items.append(lines)
    items.append(control_item())
    return heading, preamble, _lines(*items)


def _fix_groups(order: Order, groups, people):
    organisation = order.organisation
    heading = _("О закреплении наставнических пар (групп)")
    preamble = _(
        "В соответствии с %(polozhenie)s, на основании письменного согласия наставников на "
        "выполнение дополнительных обязанностей, связанных с наставничеством, и согласия "
        "наставляемых, в целях профессиональной адаптации и развития наставляемых,"
    ) % {"polozhenie": _polozhenie_reference(organisation)}
    items = [
        _(
            "Закрепить наставнические пары (группы) в составе согласно приложению к настоящему "
            "приказу."
        ),
        _(
            "Наставникам в течение месяца со дня издания приказа составить совместно с "
            "наставляемыми персонализированные программы наставничества и представить их "
            "куратору."
        ),
        _support_item(organisation, people),
        control_item(),
    ]
    return heading, preamble, _lines(*items)


def _appoint_mentors(order: Order, groups, people):
    organisation = order.organisation
    heading = _("О назначении наставников")
    preamble = _(
        "В соответствии с %(polozhenie)s, на основании письменного согласия наставников на "
        "выполнение дополнительных обязанностей, связанных с наставничеством, в целях "
        "профессиональной адаптации и развития наставляемых,"
    ) % {"polozhenie": _polozhenie_reference(organisation)}
    items = []
    for group in groups:
        details = _("форма наставничества — «%(form)s»") % {"form": group.form.name}
        if group_term(group):
            details += _(", срок — %(term)s") % {"term": group_term(group)}
        items.append(
            _("Назначить %(mentor)s наставником %(mentees)s (%(details)s).")
            % {
                "mentor": group.mentor.person.short_name_in("accusative"),
                "mentees": _mentees_in(group, "genitive"),
                "details": details,
            }
        )
    items += [
        _(
            "Наставникам в течение месяца со дня издания приказа составить совместно с "
            "наставляемыми персонализированные программы наставничества."
        ),
        _support_item(organisation, people),
        control_item(),
    ]
    return heading, preamble, _lines(*items)


def _change_group(order: Order, groups, people):
    organisation = order.organisation
    heading = _("О внесении изменений в состав наставнических пар (групп)")
    amends = order.amends
    if amends is not None:
        reason = _(
            "В связи с изменением состава наставнических пар (групп), закреплённых приказом "
            "от %(date)s № %(number)s «%(heading)s»"
        ) % {
            "date": _short_date(amends.signed_on),
            "number": amends.number_text,
            "heading": amends.heading,
        }
    else:
        reason = _("В связи с изменением состава наставнических пар (групп)")
    preamble = reason + _(
        ", в соответствии с %(polozhenie)s и на основании письменного согласия наставников на "
        "выполнение дополнительных обязанностей, связанных с наставничеством,"
    ) % {"polozhenie": _polozhenie_reference(organisation)}
    items = []
    for group in groups:
        if group.co_mentor is None:
            continue
        values = {
            "who": group.co_mentor.person.short_name_in("accusative"),
            "mentees": _mentees_in(group, "genitive"),
            "mentor_genitive": group.mentor.person.short_name_in("genitive"),
            "mentor_instrumental": group.mentor.person.short_name_in("instrumental"),
        }
        if group.co_mentor_role == Group.CoMentorRole.SUBSTITUTE:
            items.append(
                _(
                    "Назначить %(who)s замещающим наставником %(mentees)s на период "
                    "отсутствия наставника %(mentor_genitive)s."
                )
                % values
            )
        else:
            items.append(
                _(
                    "Назначить %(who)s вторым наставником %(mentees)s для совместной работы "
                    "с наставником %(mentor_instrumental)s."
                )
                % values
            )
    if amends is not None:
        items.append(
            _("Внести соответствующие изменения в приложение к приказу от %(date)s № %(number)s.")
            % {"date": _short_date(amends.signed_on), "number": amends.number_text}
        )
    items.append(_support_item(organisation, people))
    items.append(control_item())
    return heading, preamble, _lines(*items)


def _finish(order: Order, groups, people):
    organisation = order.organisation
    heading = _("О завершении персонализированных программ наставничества")
    preamble = _(
        "В соответствии с %(polozhenie)s, по итогам выполнения персонализированных программ "
        "наставничества и мониторинга их результатов,"
    ) % {"polozhenie": _polozhenie_reference(organisation)}
    items = [
        _(
            "Считать завершёнными персонализированные программы наставничества согласно "
            "приложению к настоящему приказу."
        )
    ]
    rewarded = [(person, position) for person, role, position in people if role == Role.REWARDED]
    if rewarded:
        lines = [_("Объявить благодарность за добросовестную работу наставникам:")]
        lines += [
            f"{person.short_name_in('dative')} ({_position_of(person, position)});"
            if _position_of(person, position)
            else f"{person.short_name_in('dative')};"
            for person, position in rewarded
        ]
        lines[-1] = lines[-1].rstrip(";") + "."
        items.append(lines)
    curator = _curator(organisation, people)
    report = _(
        "подготовить аналитическую справку о результатах наставничества и разместить сведения "
        "о них на официальном сайте организации."
    )
    items.append(
        _("Куратору %(name)s %(task)s") % {"name": curator.short_name_in("dative"), "task": report}
        if curator
        else _("Куратору системы наставничества %(task)s") % {"task": report}
    )
    items.append(control_item())
    return heading, preamble, _lines(*items)


def _free(order: Order, groups, people):
    return order.heading, "", control_item()


DRAFTERS = {
    Order.Kind.APPROVE_SYSTEM: _approve_system,
    Order.Kind.FIX_GROUPS: _fix_groups,
    Order.Kind.APPOINT_MENTORS: _appoint_mentors,
    Order.Kind.CHANGE_GROUP: _change_group,
    Order.Kind.FINISH: _finish,
    Order.Kind.FREE: _free,
}


# The services


def _order_people(order: Order) -> list[tuple[Person, str, str]]:
    return [(row.person, row.role, row.position) for row in order.people.select_related("person")]


def _fill(order: Order) -> None:
    """Write the heading, preamble and items of ``order`` from its groups and people."""
    groups = order_groups(order) if order.kind in Order.GROUP_KINDS else []
    heading, preamble, items = DRAFTERS[order.kind](order, groups, _order_people(order))
    order.heading, order.preamble, order.items = heading, preamble, items


def _check_selection(organisation, *, groups, people, roadmap, regulation_version, amends):
    """Everything an order names must belong to its organisation."""
    errors = []
    if any(group.organisation_id != organisation.pk for group in groups):
        errors.append(_("Пары и группы должны быть из этой организации."))
    if any(person.organisation_id != organisation.pk for person, _r, _p in people):
        errors.append(_("Сотрудники должны быть из этой организации."))
    if roadmap is not None and roadmap.organisation_id != organisation.pk:
        errors.append(_("Дорожная карта должна быть этой организации."))
    if (
        regulation_version is not None
        and regulation_version.regulation.organisation_id != organisation.pk
    ):
        errors.append(_("Положение должно быть этой организации."))
    if amends is not None and (amends.organisation_id != organisation.pk or not amends.is_signed):
        errors.append(_("Изменять можно только подписанный приказ этой организации."))
    if errors:
        raise ValidationError(errors)


def _set_people(order: Order, people: Iterable[tuple[Person, str, str]]) -> None:
    order.people.all().delete()
    seen = set()
    rows = []
    for person, role, position in people:
        if (person.pk, role) not in seen:
            seen.add((person.pk, role))
            rows.append(OrderPerson(order=order, person=person, role=role, position=position))
    OrderPerson.objects.bulk_create(rows)


def _default_people(kind: str, groups, people) -> list[tuple[Person, str, str]]:
    """A closing order thanks the groups' mentors unless someone else was chosen."""
    people = list(people)
    if kind == Order.Kind.FINISH and not any(role == Role.REWARDED for _p, role, _q in people):
        mentors = {}
        for group in sorted(groups, key=lambda group: group.mentor.person.search_text):
            mentors.setdefault(group.mentor.person_id, group.mentor.person)
        people += [(person, Role.REWARDED, "") for person in mentors.values()]
    return people


@transaction.atomic
def order_draft(
    *,
    organisation: Organisation,
    kind: str,
    created_by,
    groups: Iterable[Group] = (),
    people: Iterable[tuple[Person, str, str]] = (),
    roadmap: Roadmap | None = None,
    regulation_version: RegulationVersion | None = None,
    amends: Order | None = None,
    heading: str = "",
) -> Order:
    """A new draft of ``kind`` with its text written from the data. ``people`` are
    (person, OrderPerson.Role, position or "") tuples; ``heading`` is for a free order."""
    groups = list(groups)
    people = list(people)
    _check_selection(
        organisation,
        groups=groups,
        people=people,
        roadmap=roadmap,
        regulation_version=regulation_version,
        amends=amends,
    )
    if kind == Order.Kind.FREE and not heading.strip():
        raise ValidationError({"heading": _("Напишите заголовок приказа: «О …».")})
    order = Order(
        organisation=organisation,
        kind=kind,
        created_by=created_by,
        roadmap=roadmap,
        regulation_version=regulation_version,
        amends=amends,
        heading=heading.strip(),
        items=control_item(),
    )
    # The text needs the saved groups and people: write it once they are stored, then
    # validate the whole (a failure rolls everything back).
    order.save()
    order.groups.set(groups)
    _set_people(order, _default_people(kind, groups, people))
    _fill(order)
    order.full_clean()
    order.save()
    return order


def _refuse_unless_editable(order: Order) -> None:
    if order.is_signed:
        raise OrderError(
            _("Подписанный приказ не меняется: чтобы изменить его, издайте новый приказ.")
        )
    if not order.is_editable:
        raise OrderError(
            _("Приказ на подписи: изменить его можно, когда руководитель вернёт его на доработку.")
        )


@transaction.atomic
def order_redraft(*, order: Order) -> Order:
    """Write the text again from the data the order names; its selections stay."""
    order = (
        Order.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=order.pk)
    )
    _refuse_unless_editable(order)
    _fill(order)
    order.full_clean()
    order.save()
    return order


@transaction.atomic
def order_update(
    *,
    order: Order,
    heading: str,
    preamble: str,
    items: str,
    groups: Iterable[Group] | None = None,
    people: Iterable[tuple[Person, str, str]] | None = None,
    roadmap: Roadmap | None = None,
    regulation_version: RegulationVersion | None = None,
    amends: Order | None = None,
) -> Order:
    """Save the curator's edits of a draft. ``groups``/``people`` None: left as they are."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    _refuse_unless_editable(locked)
    _check_selection(
        order.organisation,
        groups=list(groups or ()),
        people=list(people or ()),
        roadmap=roadmap,
        regulation_version=regulation_version,
        amends=amends,
    )
    order.heading, order.preamble, order.items = heading.strip(), preamble.strip(), items.strip()
    order.roadmap, order.regulation_version, order.amends = roadmap, regulation_version, amends
    order.full_clean()
    order.save()
    if groups is not None:
        order.groups.set(groups)
    if people is not None:
        _set_people(order, people)
    return order


@transaction.atomic
def order_delete(*, order: Order) -> None:
    locked = Order.objects.select_for_update().get(pk=order.pk)
    _refuse_unless_editable(locked)
    locked.delete()

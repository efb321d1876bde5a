"""The audit trail of a person as the curator reads it: who changed what and when, across the
person's record, bank entries and consents (django-simple-history keeps the rows)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

ACTIONS = {"+": _("создано"), "~": _("изменено"), "-": _("удалено")}


@dataclass
class Change:
    when: datetime
    who: str
    subject: str
    action: str
    fields: list[tuple[str, str, str]]  # (field label, old, new)


def _display(record, field_name, value):
    field = record.instance_type._meta.get_field(field_name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value)) or "—"
    if value in (None, ""):
        return "—"
    if field.is_relation and not field.many_to_many:
        return f"#{value}"
    return str(value)


def _changes(records, subject):
    """Turn one object's historical records (oldest first) into Change rows."""
    previous = None
    for record in records:
        fields = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in {"search_text", "updated_at"}:
                    continue
                model_field = record.instance_type._meta.get_field(change.field)
                fields.append(
                    (
                        str(model_field.verbose_name),
                        _display(record, change.field, change.old),
                        _display(record, change.field, change.new),
                    )
                )
            if not fields:
                previous = record
                continue
        user = record.history_user
        yield Change(
            when=record.history_date,
            who=(user.get_full_name() or user.username) if user else _("система"),
            subject=subject,
            action=ACTIONS[record.history_type],
            fields=fields,
        )
        previous = record


def person_history(person, *, limit=50) -> list[Change]:
    """The newest ``limit`` changes of the person, their bank entries and consents."""
    sources = [(person.history.all(), _("Карточка участника"))]
    for attribute, subject in [
        ("mentee_entry", _("Банк наставляемых")),
        ("mentor_entry", _("Банк наставников")),
    ]:
        entry = getattr(person, attribute, None)
        if entry is not None:
            sources.append((entry.history.all(), subject))
    consent_history = person.consents.model.history.filter(person_id=person.pk)
    by_consent: dict[int, list] = {}
    for record in consent_history.select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        by_consent.setdefault(record.id, []).append(record)

    changes: list[Change] = []
    for history, subject in sources:
        records = list(
            history.select_related("history_user").order_by("history_date", "history_id")
        )
        changes.extend(_changes(records, subject))
    for records in by_consent.values():
        subject = _("Согласие: %(kind)s") % {"kind": records[-1].get_kind_display()}
        changes.extend(_changes(records, subject))
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]

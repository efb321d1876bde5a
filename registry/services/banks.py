"""Putting people into the banks of mentees and mentors: the writes that span models."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import (
    Consent,
    MenteeEntry,
    MentorEntry,
    Person,
    has_valid_consent,
    required_personal_data_kind,
)

YOUNG_SPECIALIST_MAX_AGE = 35
YOUNG_SPECIALIST_MAX_EXPERIENCE = 3
NEWLY_HIRED_WITHIN = datetime.timedelta(days=365)


def require_personal_data_consent(person: Person) -> None:
    """The gate of every bank: no entry without a valid consent to process personal data
    (for a minor, the legal representative's)."""
    kind = required_personal_data_kind(person)
    if not has_valid_consent(person, kind):
        raise ValidationError(
            _("У участника %(name)s нет действующего согласия: «%(kind)s».")
            % {"name": person.short_name, "kind": Consent.Kind(kind).label}
        )


def suggest_mentee_category(person: Person, on: datetime.date | None = None) -> str | None:
    """The category the data points to, for the curator to confirm: a student; a young
    specialist (under 35 with at most 3 years of experience); someone hired within a year."""
    on = on or timezone.localdate()
    if person.kind == Person.Kind.STUDENT:
        return MenteeEntry.Category.STUDENT
    age, experience = person.age(on), person.experience_years(on)
    if (
        age is not None
        and age < YOUNG_SPECIALIST_MAX_AGE
        and experience is not None
        and experience <= YOUNG_SPECIALIST_MAX_EXPERIENCE
    ):
        return MenteeEntry.Category.YOUNG_SPECIALIST
    if person.hire_date and on - person.hire_date <= NEWLY_HIRED_WITHIN:
        return MenteeEntry.Category.NEWLY_HIRED
    return None


@transaction.atomic
def mentee_enrol(*, person: Person, category: str, created_by, **fields) -> MenteeEntry:
    """Put ``person`` into the bank of mentees."""
    require_personal_data_consent(person)
    if MenteeEntry.objects.filter(person=person).exists():
        raise ValidationError(_("%(name)s уже в банке наставляемых.") % {"name": person.short_name})
    entry = MenteeEntry(person=person, category=category, created_by=created_by, **fields)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def mentor_enrol(*, person: Person, created_by, competencies=(), **fields) -> MentorEntry:
    """Put ``person`` into the bank of mentors (as a candidate unless told otherwise)."""
    require_personal_data_consent(person)
    if MentorEntry.objects.filter(person=person).exists():
        raise ValidationError(_("%(name)s уже в банке наставников.") % {"name": person.short_name})
    entry = MentorEntry(person=person, created_by=created_by, **fields)
    entry.full_clean()
    entry.save()
    entry.competencies.set(competencies)
    return entry

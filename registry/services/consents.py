"""Recording, changing and revoking consents, and anonymising a person: the writes that span
models and files. Every function takes keyword arguments, runs in one transaction and raises
ValidationError (in Russian, keyed by field where there is one) instead of saving bad data."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring_site.documents import Document, render_pdf
from mentoring_site.templatetags.russian import ru_date
from mentoring_site.uploads import validate_scan
from registry import names
from registry.models import PUBLISHABLE_FIELDS, Consent, Person, required_personal_data_kind

# What an anonymised person's personal fields become. Gender, kind, grade, qualification and the
# МО stay: they identify no one and keep the organisation's statistics true.
ANONYMOUS_LAST_NAME = "Участник"
CLEARED_PERSON_FIELDS = {
    "middle_name": "",
    "birth_date": None,
    "position": "",
    "subjects": "",
    "experience_start": None,
    "hire_date": None,
    "email": "",
    "phone": "",
    "representative_name": "",
    "representative_relation": "",
    "representative_phone": "",
    "representative_email": "",
    "name_genitive": "",
    "name_dative": "",
    "name_accusative": "",
    "name_instrumental": "",
}


def _refuse_if_anonymised(person: Person) -> None:
    if person.is_anonymised:
        raise ValidationError(
            _("Данные участника обезличены: новые согласия и изменения к нему не записываются.")
        )


def _check_rules(consent: Consent) -> None:
    """The rules a consent keeps whoever writes it."""
    errors = {}
    if consent.valid_until and consent.valid_until < consent.given_on:
        errors["valid_until"] = _("Срок действия не может закончиться раньше дня подписания.")
    if consent.kind == Consent.Kind.PUBLICATION:
        unknown = set(consent.published_fields) - PUBLISHABLE_FIELDS.keys()
        if unknown:
            errors["published_fields"] = _("Неизвестные сведения: %(fields)s.") % {
                "fields": ", ".join(sorted(unknown))
            }
        elif not consent.published_fields:
            errors["published_fields"] = _(
                "Отметьте хотя бы одно сведение, которое участник разрешил публиковать."
            )
    else:
        consent.published_fields = []
    if errors:
        raise ValidationError(errors)


def _attach_scan(consent: Consent, scan) -> str | None:
    """Put a checked upload on ``consent`` and return the name of the file it replaces. The
    detected type is set first: the storage path is built from it."""
    old_name = consent.scan.name or None
    consent.scan_content_type = validate_scan(scan)
    consent.scan.save("scan", scan, save=False)
    return old_name


def _delete_after_commit(storage, file_names) -> None:
    """Delete files once the transaction that stopped pointing at them has committed."""
    file_names = [name for name in file_names if name]
    if file_names:
        transaction.on_commit(lambda: [storage.delete(name) for name in file_names])


@transaction.atomic
def consent_record(
    *,
    person: Person,
    kind: str,
    recorded_by,
    given_on: datetime.date,
    valid_until: datetime.date | None = None,
    published_fields=(),
    scan=None,
    note: str = "",
) -> Consent:
    """Record a signed consent of ``kind`` for ``person``. A legal representative's consent
    needs the representative named on the person first: that is who signed it."""
    _refuse_if_anonymised(person)
    if kind == Consent.Kind.REPRESENTATIVE and not person.representative_name.strip():
        raise ValidationError(
            {
                "kind": _(
                    "Согласие законного представителя подписывает представитель, а он не указан. "
                    "Сначала впишите его ФИО в карточку участника."
                )
            }
        )
    consent = Consent(
        person=person,
        kind=kind,
        given_on=given_on,
        valid_until=valid_until,
        published_fields=list(published_fields),
        note=note,
        recorded_by=recorded_by,
    )
    _check_rules(consent)
    consent.full_clean(exclude=["scan"])
    if scan:
        _attach_scan(consent, scan)
    consent.save()
    return consent


@transaction.atomic
def consent_update(
    *,
    consent: Consent,
    given_on: datetime.date,
    valid_until: datetime.date | None,
    note: str,
    published_fields=(),
    scan=None,
) -> Consent:
    """Correct a consent's dates, note and published fields, or replace its scan. Its kind and
    person are fixed; a revoked consent is closed (a new one is recorded instead)."""
    _refuse_if_anonymised(consent.person)
    if consent.revoked_on:
        raise ValidationError(
            _("Согласие отозвано %(date)s: изменить его нельзя.")
            % {"date": ru_date(consent.revoked_on)}
        )
    consent.given_on = given_on
    consent.valid_until = valid_until
    consent.note = note
    consent.published_fields = list(published_fields)
    _check_rules(consent)
    consent.full_clean(exclude=["scan"])
    replaced = _attach_scan(consent, scan) if scan else None
    consent.save()
    _delete_after_commit(consent.scan.storage, [replaced])
    return consent


@transaction.atomic
def consent_revoke(*, consent: Consent, revoked_on: datetime.date, note: str) -> Consent:
    """Record the person's written revocation. The state is computed from the dates, so the
    banks, orders and public pages stop relying on the consent from ``revoked_on``."""
    if consent.revoked_on:
        raise ValidationError(
            _("Согласие уже отозвано %(date)s.") % {"date": ru_date(consent.revoked_on)}
        )
    errors = {}
    if revoked_on > timezone.localdate():
        errors["revoked_on"] = _("Дата отзыва не может быть в будущем.")
    elif revoked_on < consent.given_on:
        errors["revoked_on"] = _(
            "Согласие не может быть отозвано раньше, чем подписано (%(date)s)."
        ) % {"date": ru_date(consent.given_on)}
    if errors:
        raise ValidationError(errors)
    consent.revoked_on = revoked_on
    consent.revocation_note = note
    consent.full_clean(exclude=["scan"])
    consent.save(update_fields=["revoked_on", "revocation_note"])
    return consent


@transaction.atomic
def person_anonymise(*, person: Person, by) -> Person:
    """Remove what identifies ``person``, everywhere it is kept, and keep the rest.

    The name becomes «Участник № <pk>» (gender kept, so declension still works); birth date,
    contacts, representative, name overrides, work details and the user account go; signed scans
    are deleted and their paths scrubbed from the consents' history; the person's own history
    rows are scrubbed the same way. Bank entries, consents (kinds and dates), pairs and
    programmes stay, so the organisation's records and reports remain whole. Running it twice
    changes nothing.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_anonymised:
        return person
    anonymous = {
        "last_name": ANONYMOUS_LAST_NAME,
        "first_name": f"№ {person.pk}",
        **CLEARED_PERSON_FIELDS,
        "user": None,
    }
    for field, value in anonymous.items():
        setattr(person, field, value)
    person.anonymised_at = timezone.now()
    person._history_user = by
    person._change_reason = _("Обезличивание")
    person.full_clean()
    person.save()

    # Every version of the person must forget the same things.
    historical = {
        field if field != "user" else "user_id": value for field, value in anonymous.items()
    }
    person.history.update(**historical)

    # Scans of every version of every consent, including replaced and deleted ones.
    versions = Consent.history.filter(person_id=person.pk)
    scans = {*versions.exclude(scan="").values_list("scan", flat=True)}
    scans |= {*person.consents.exclude(scan="").values_list("scan", flat=True)}
    person.consents.update(scan="", scan_content_type="")
    versions.update(scan="", scan_content_type="")
    person.personal_links.usable().update(revoked_at=timezone.now())
    _delete_after_commit(Consent._meta.get_field("scan").storage, scans)
    return person


def people_without_personal_data_consent(people, on: datetime.date | None = None):
    """``people`` (identified ones) who lack the consent their data rests on: an adult's own
    consent to processing, a minor's legal representative's (see required_personal_data_kind),
    in force on ``on``. One query, whatever the number of people."""
    on = on or timezone.localdate()
    adult_born_by = _years_before(on, 18)
    adult = Q(birth_date__lte=adult_born_by) | (Q(birth_date=None) & ~Q(kind=Person.Kind.STUDENT))
    minor = Q(birth_date__gt=adult_born_by) | Q(birth_date=None, kind=Person.Kind.STUDENT)
    valid = Consent.objects.valid(on).filter(person=OuterRef("pk"))
    own = Exists(valid.filter(kind=Consent.Kind.PERSONAL_DATA))
    representative = Exists(valid.filter(kind=Consent.Kind.REPRESENTATIVE))
    return people.identified().filter((adult & ~own) | (minor & ~representative))


def _years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# What each blank form prints: its title, and the data its consent covers.
FORM_TITLES = {
    Consent.Kind.PERSONAL_DATA: gettext_lazy("на обработку персональных данных"),
    Consent.Kind.PUBLICATION: gettext_lazy(
        "на обработку персональных данных, разрешённых субъектом персональных данных "
        "для распространения"
    ),
    Consent.Kind.DUTIES: gettext_lazy("на выполнение работы по наставничеству"),
    Consent.Kind.REPRESENTATIVE: gettext_lazy(
        "законного представителя на обработку персональных данных несовершеннолетнего"
    ),
}
STAFF_DATA = [
    gettext_lazy("фамилия, имя, отчество, пол"),
    gettext_lazy("дата рождения"),
    gettext_lazy("должность, место работы, преподаваемые предметы, методическое объединение"),
    gettext_lazy(
        "квалификационная категория, дата начала педагогической работы, дата приёма на работу"
    ),
    gettext_lazy("номер телефона, адрес электронной почты"),
    gettext_lazy("профессиональные запросы и затруднения, компетенции, ответы на анкеты"),
    gettext_lazy(
        "сведения об участии в наставнических парах и группах, персонализированных программах "
        "наставничества и их результатах"
    ),
]
STUDENT_DATA = [
    gettext_lazy("фамилия, имя, отчество, пол"),
    gettext_lazy("дата рождения"),
    gettext_lazy("класс (группа)"),
    gettext_lazy(
        "интересы и запросы, с которыми обучающийся участвует в наставничестве, ответы на анкеты"
    ),
    gettext_lazy(
        "сведения об участии в наставнических парах и группах, программах наставничества "
        "и их результатах"
    ),
]
REPRESENTATIVE_DATA = [
    gettext_lazy("фамилия, имя, отчество законного представителя и кем он приходится обучающемуся"),
    gettext_lazy("номер телефона и адрес электронной почты законного представителя"),
]
ACTIONS = gettext_lazy(
    "сбор, запись, систематизация, накопление, хранение, уточнение (обновление, изменение), "
    "извлечение, использование, передача (предоставление, доступ), обезличивание, "
    "блокирование, удаление, уничтожение"
)


def consent_form_document(*, person: Person, kind: str) -> Document:
    """The blank consent of ``kind`` for ``person`` to sign, filled with what the registry
    knows; a publication form carries the choices of the person's current consent, if any."""
    consent = (
        person.consents.filter(kind=kind, revoked_on=None).order_by("-given_on", "-pk").first()
    )
    allowed = set(consent.published_fields) if consent else None
    female = person.gender == Person.Gender.FEMALE
    # A minor's consents are signed by the legal representative, on the child's behalf.
    by_representative = kind == Consent.Kind.REPRESENTATIVE or (
        kind == Consent.Kind.PUBLICATION
        and required_personal_data_kind(person) == Consent.Kind.REPRESENTATIVE
    )
    if by_representative:
        representative = person.representative_name.strip()
        signer = names.short(representative) if representative else ""
    else:
        signer = person.short_name
    context = {
        "organisation": person.organisation,
        "authority": person.organisation.parent,
        "person": person,
        "kind": kind,
        "title": FORM_TITLES[kind],
        "by_representative": by_representative,
        "signer": signer,
        "child_genitive": person.name_in(names.GENITIVE),
        "minor_genitive": _("несовершеннолетней") if female else _("несовершеннолетнего"),
        "subject_ending": _("ая") if female else _("ий"),
        "birth_date": ru_date(person.birth_date),
        "personal_data": STUDENT_DATA if person.kind == Person.Kind.STUDENT else STAFF_DATA,
        "representative_data": REPRESENTATIVE_DATA,
        "actions": ACTIONS,
        "published_rows": [
            (label, None if allowed is None else field in allowed)
            for field, label in PUBLISHABLE_FIELDS.items()
        ],
        "consent": consent,
    }
    return render_pdf(
        f"documents/consent_{kind}.html",
        context,
        filename=f"soglasie-{kind.replace('_', '-')}-{person.pk}.pdf",
    )

"""The register of consents: the four kinds a school must hold, and whether each is in force.

A consent's state is never stored: it is computed from the dates on every read, so a revocation
or an expiry takes effect everywhere at the moment it happens.
"""

import datetime

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models.people import Person

# How long before its end a consent counts as expiring.
EXPIRING_WITHIN = datetime.timedelta(days=30)

# What a publication consent may allow on the public pages: field → label.
PUBLISHABLE_FIELDS = {
    "full_name": _("фамилия, имя, отчество"),
    "position": _("должность"),
    "subjects": _("преподаваемые предметы"),
    "qualification": _("квалификационная категория"),
    "experience": _("педагогический стаж"),
    "email": _("адрес электронной почты"),
    "phone": _("номер телефона"),
}


def private_storage():
    return storages["private"]


def consent_scan_path(consent, filename):
    # The stored name never reuses the uploader's file name.
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        consent.scan_content_type, "bin"
    )
    person = consent.person
    stamp = f"{timezone.now():%Y%m%d%H%M%S}"
    return f"consents/{person.organisation_id}/{person.pk}/{consent.kind}-{stamp}.{extension}"


class ConsentQuerySet(models.QuerySet):
    def valid(self, on: datetime.date | None = None):
        """Consents in force on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(
            Q(given_on__lte=on),
            Q(revoked_on__isnull=True) | Q(revoked_on__gt=on),
            Q(valid_until__isnull=True) | Q(valid_until__gte=on),
        )

    def expiring(self, on: datetime.date | None = None):
        """Valid consents that end within EXPIRING_WITHIN."""
        on = on or timezone.localdate()
        return self.valid(on).filter(valid_until__lte=on + EXPIRING_WITHIN)


class Consent(models.Model):
    class Kind(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("Обработка персональных данных")
        PUBLICATION = "publication", _("Распространение персональных данных (публикация)")
        DUTIES = "duties", _("Дополнительные обязанности наставника")
        REPRESENTATIVE = "representative", _("Согласие законного представителя несовершеннолетнего")

    class State(models.TextChoices):
        VALID = "valid", _("действует")
        EXPIRING = "expiring", _("скоро истекает")
        EXPIRED = "expired", _("истекло")
        REVOKED = "revoked", _("отозвано")
        PENDING = "pending", _("ещё не вступило в силу")
        MISSING = "missing", _("нет")

    person = models.ForeignKey(
        Person, verbose_name=_("участник"), on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("вид согласия"), max_length=20, choices=Kind)
    given_on = models.DateField(_("дата подписания"), default=timezone.localdate)
    valid_until = models.DateField(
        _("действует до"), null=True, blank=True, help_text=_("Пусто — до отзыва.")
    )
    published_fields = models.JSONField(_("что можно публиковать"), default=list, blank=True)
    scan = models.FileField(
        _("скан подписанного согласия"),
        storage=private_storage,
        upload_to=consent_scan_path,
        blank=True,
        max_length=300,
    )
    scan_content_type = models.CharField(max_length=50, blank=True, editable=False)
    revoked_on = models.DateField(_("отозвано"), null=True, blank=True)
    revocation_note = models.TextField(_("основание отзыва"), blank=True)
    note = models.TextField(_("примечание"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто внёс"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    objects = ConsentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("согласие")
        verbose_name_plural = _("согласия")
        ordering = ["-given_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person}"

    def state(self, on: datetime.date | None = None) -> str:
        on = on or timezone.localdate()
        if self.revoked_on and self.revoked_on <= on:
            return self.State.REVOKED
        if self.given_on > on:
            return self.State.PENDING
        if self.valid_until and self.valid_until < on:
            return self.State.EXPIRED
        if self.valid_until and self.valid_until <= on + EXPIRING_WITHIN:
            return self.State.EXPIRING
        return self.State.VALID

    def is_valid(self, on: datetime.date | None = None) -> bool:
        return self.state(on) in {self.State.VALID, self.State.EXPIRING}


def required_personal_data_kind(person) -> str:
    """A minor's data is processed on the legal representative's consent; an adult's on their
    own. A student whose birth date is unknown is treated as a minor."""
    if person.is_minor() or (person.kind == Person.Kind.STUDENT and person.birth_date is None):
        return Consent.Kind.REPRESENTATIVE
    return Consent.Kind.PERSONAL_DATA


def newest_consents(person, on: datetime.date | None = None) -> dict[str, "Consent"]:
    """The consent of each kind that decides its state for ``person``: the newest one signed by
    ``on`` (a re-signed consent replaces a revoked one), or, for a kind with none signed yet,
    the newest one dated later. Uses ``person.consents.all()``, so lists prefetch ``consents``
    and pay no query per row."""
    on = on or timezone.localdate()
    newest: dict[str, Consent] = {}
    # Signed ones last, by date: a consent dated in the future does not hide one in force.
    for consent in sorted(
        person.consents.all(), key=lambda c: (c.given_on <= on, c.given_on, c.pk)
    ):
        newest[consent.kind] = consent
    return newest


def consent_summary(person, on: datetime.date | None = None) -> dict[str, str]:
    """The state of each kind of consent for ``person``: kind → Consent.State."""
    on = on or timezone.localdate()
    newest = newest_consents(person, on)
    return {
        kind: newest[kind].state(on) if kind in newest else Consent.State.MISSING
        for kind in Consent.Kind.values
    }


def has_valid_consent(person, kind: str, on: datetime.date | None = None) -> bool:
    return consent_summary(person, on)[kind] in {Consent.State.VALID, Consent.State.EXPIRING}


def publication_fields(person, on: datetime.date | None = None) -> list[str]:
    """The fields ``person``'s publication consent in force allows on the public pages, in the
    order of PUBLISHABLE_FIELDS; empty without one."""
    on = on or timezone.localdate()
    consent = newest_consents(person, on).get(Consent.Kind.PUBLICATION)
    if consent is None or not consent.is_valid(on):
        return []
    return [field for field in PUBLISHABLE_FIELDS if field in consent.published_fields]

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import names
from registry.models.organisations import MethodicalAssociation, Organisation


def fold(text: str) -> str:
    """Lower case with «ё» as «е»: how Russian text is compared and sorted. SQLite's own
    LOWER() and LIKE fold only ASCII, so folded text is stored rather than computed in SQL."""
    return text.lower().replace("ё", "е")


def full_years(start: datetime.date, on: datetime.date) -> int:
    """Whole years from ``start`` to ``on``: a person's age or length of service."""
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


class PersonQuerySet(models.QuerySet):
    def search(self, text):
        """People whose name, position or email contains every word of ``text``."""
        query = self
        for word in fold(text).split():
            query = query.filter(search_text__contains=word)
        return query

    def identified(self):
        """People who have not been anonymised."""
        return self.filter(anonymised_at__isnull=True)


class Person(models.Model):
    """Someone taking part in the mentoring system of one organisation."""

    class Gender(models.TextChoices):
        MALE = "male", _("мужской")
        FEMALE = "female", _("женский")

    class Kind(models.TextChoices):
        STAFF = "staff", _("Педагог или сотрудник")
        STUDENT = "student", _("Обучающийся")
        EMPLOYER = "employer", _("Представитель работодателя")
        UNIVERSITY_STUDENT = "university_student", _("Студент вуза или колледжа")
        UNIVERSITY_TEACHER = "university_teacher", _("Преподаватель вуза или колледжа")

    class Qualification(models.TextChoices):
        NONE = "", _("без категории")
        POST = "post", _("соответствие занимаемой должности")
        FIRST = "first", _("первая категория")
        HIGHEST = "highest", _("высшая категория")
        METHODIST = "methodist", _("педагог-методист")
        MENTOR = "mentor", _("педагог-наставник")

    EXTERNAL_KINDS = frozenset({Kind.EMPLOYER, Kind.UNIVERSITY_STUDENT, Kind.UNIVERSITY_TEACHER})

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    last_name = models.CharField(_("фамилия"), max_length=100)
    first_name = models.CharField(_("имя"), max_length=100)
    middle_name = models.CharField(_("отчество"), max_length=100, blank=True)
    gender = models.CharField(
        _("пол"),
        max_length=10,
        choices=Gender,
        help_text=_("Нужен, чтобы правильно склонять имя в приказах."),
    )
    birth_date = models.DateField(
        _("дата рождения"),
        null=True,
        blank=True,
        help_text=_(
            "Нужна, чтобы определить молодого специалиста (до 35 лет) и несовершеннолетнего."
        ),
    )
    kind = models.CharField(_("категория"), max_length=20, choices=Kind, default=Kind.STAFF)
    position = models.CharField(_("должность или место работы"), max_length=200, blank=True)
    grade = models.CharField(
        _("класс или группа"), max_length=20, blank=True, help_text=_("Для обучающихся: «7 Б».")
    )
    methodical_association = models.ForeignKey(
        MethodicalAssociation,
        verbose_name=_("методическое объединение"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    subjects = models.CharField(
        _("предметы"), max_length=300, blank=True, help_text=_("Через запятую.")
    )
    qualification = models.CharField(
        _("квалификационная категория"),
        max_length=20,
        choices=Qualification,
        blank=True,
        default=Qualification.NONE,
    )
    experience_start = models.DateField(
        _("педагогический стаж с"),
        null=True,
        blank=True,
        help_text=_("Дата начала педагогической работы; стаж считается сам."),
    )
    hire_date = models.DateField(_("дата приёма в организацию"), null=True, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)

    # A minor's legal representative, who signs the consents.
    representative_name = models.CharField(
        _("законный представитель: ФИО"), max_length=300, blank=True
    )
    representative_relation = models.CharField(
        _("кем приходится"), max_length=50, blank=True, help_text=_("Мать, отец, опекун…")
    )
    representative_phone = models.CharField(_("телефон представителя"), max_length=50, blank=True)
    representative_email = models.EmailField(_("почта представителя"), blank=True)

    # Declined full names where petrovich gets a name wrong; blank means «as petrovich says».
    name_genitive = models.CharField(_("родительный падеж (кого?)"), max_length=300, blank=True)
    name_dative = models.CharField(_("дательный падеж (кому?)"), max_length=300, blank=True)
    name_accusative = models.CharField(_("винительный падеж (кого?)"), max_length=300, blank=True)
    name_instrumental = models.CharField(_("творительный падеж (кем?)"), max_length=300, blank=True)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("учётная запись"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    anonymised_at = models.DateTimeField(_("обезличен"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)
    # Name first, then position and email, folded: the key the lists search and sort by.
    search_text = models.TextField(editable=False, default="")

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = _("участник")
        verbose_name_plural = _("участники")
        ordering = ["search_text", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                name="one_person_per_user_and_organisation",
            )
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_text = self.make_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("registry:person_detail", args=[self.organisation.slug, self.pk])

    def make_search_text(self) -> str:
        """The folded text the lists search and sort by; bulk writes, which skip save(),
        set it from here too."""
        return fold(" ".join([self.full_name, self.position, self.email]))

    def clean(self):
        errors = {}
        today = timezone.localdate()
        for field in ("birth_date", "experience_start", "hire_date"):
            value = getattr(self, field)
            if value and value > today:
                errors[field] = _("Дата не может быть в будущем.")
        if self.birth_date and self.experience_start and self.experience_start < self.birth_date:
            errors["experience_start"] = _("Стаж не может начаться раньше рождения.")
        for case in names.CASES:
            override = getattr(self, f"name_{case}")
            if override and len(override.split()) != len(self.full_name.split()):
                errors[f"name_{case}"] = _(
                    "Впишите фамилию, имя и отчество полностью, в том же порядке."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self):
        return " ".join(
            part for part in (self.last_name, self.first_name, self.middle_name) if part
        )

    @property
    def short_name(self):
        """«Фамилия И. О.», as orders and lists print a name."""
        return names.short(self.full_name)

    @property
    def signature_name(self):
        """«И. О. Фамилия»: initials first, as a signature is deciphered (ГОСТ Р 7.0.97)."""
        last, *initials = self.short_name.split()
        return " ".join([*initials, last])

    def name_in(self, case: str) -> str:
        """The full name in a grammatical case (names.GENITIVE…), the override winning."""
        if case == names.NOMINATIVE:
            return self.full_name
        override = getattr(self, f"name_{case}")
        if override:
            return override
        return names.decline(
            self.last_name, self.first_name, self.middle_name, gender=self.gender, case=case
        )

    def short_name_in(self, case: str) -> str:
        """«Фамилию И. О.» in a grammatical case: «назначить Кадиеву М. С.»."""
        return names.short(self.name_in(case))

    @property
    def declined_names(self):
        """Every case, for the person's page: (case label, full, short, overridden)."""
        return [
            (
                label,
                self.name_in(case),
                self.short_name_in(case),
                bool(getattr(self, f"name_{case}", "")),
            )
            for case, label in names.CASE_LABELS.items()
        ]

    @property
    def is_external(self):
        return self.kind in self.EXTERNAL_KINDS

    @property
    def is_anonymised(self):
        return self.anonymised_at is not None

    def age(self, on: datetime.date | None = None) -> int | None:
        if not self.birth_date:
            return None
        return full_years(self.birth_date, on or timezone.localdate())

    def is_minor(self, on: datetime.date | None = None) -> bool:
        age = self.age(on)
        return age is not None and age < 18

    def experience_years(self, on: datetime.date | None = None) -> int | None:
        """Whole years of teaching experience, or None when the start is unknown."""
        if not self.experience_start:
            return None
        return full_years(self.experience_start, on or timezone.localdate())

    @property
    def subject_list(self) -> list[str]:
        return [s.strip() for s in self.subjects.split(",") if s.strip()]

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Только строчные латинские буквы, цифры и дефисы, например «school-1»."),
)


class Organisation(models.Model):
    """A school, kindergarten, college or centre, or an education authority above several."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("Школа")
        KINDERGARTEN = "kindergarten", _("Детский сад")
        COLLEGE = "college", _("Колледж")
        CENTRE = "centre", _("Центр")
        AUTHORITY = "authority", _("Орган управления образованием")

    name = models.CharField(_("полное наименование"), max_length=500)
    short_name = models.CharField(_("краткое наименование"), max_length=200)
    kind = models.CharField(_("тип"), max_length=20, choices=Kind, default=Kind.SCHOOL)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("вышестоящий орган управления образованием"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"kind": Kind.AUTHORITY},
    )
    slug = models.SlugField(
        _("адрес раздела на сайте"),
        max_length=60,
        unique=True,
        validators=[slug_validator],
        help_text=_("Латиницей: используется в адресах, например /school-1/nastavnichestvo/."),
    )
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    website = models.URLField(_("сайт"), blank=True)

    # Print settings for orders and other documents.
    header = models.TextField(
        _("шапка бланка"),
        blank=True,
        help_text=_("Строки над названием документа, по одной в строке."),
    )
    header_second_language = models.TextField(
        _("шапка бланка на втором языке"),
        blank=True,
        help_text=_("Печатается рядом с русской шапкой, если заполнена."),
    )
    place = models.CharField(
        _("место издания"), max_length=200, blank=True, help_text=_("Например, «с. Илсхан-Юрт».")
    )
    order_suffix = models.CharField(
        _("индекс номера приказа"),
        max_length=20,
        blank=True,
        default="-од",
        help_text=_("Добавляется к номеру приказа: 90-од."),
    )
    director = models.ForeignKey(
        "Person",
        verbose_name=_("руководитель"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("организация")
        verbose_name_plural = _("организации")
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name

    def clean(self):
        if self.parent_id and self.kind == self.Kind.AUTHORITY:
            raise ValidationError({"parent": _("Орган управления не подчиняется другому органу.")})
        if self.director_id and self.director.organisation_id != self.pk:
            raise ValidationError({"director": _("Руководитель должен работать в организации.")})

    @property
    def is_authority(self):
        return self.kind == self.Kind.AUTHORITY

    @property
    def header_lines(self):
        return [line.strip() for line in self.header.splitlines() if line.strip()]

    @property
    def header_second_language_lines(self):
        return [line.strip() for line in self.header_second_language.splitlines() if line.strip()]


def fold(text: str) -> str:
    """Lower case with «ё» as «е»: how Russian text is compared and sorted. SQLite's own
    LOWER() and LIKE fold only ASCII, so folded text is stored rather than computed in SQL."""
    return text.lower().replace("ё", "е")


class PersonQuerySet(models.QuerySet):
    def search(self, text):
        """People whose name, position or email contains every word of ``text``."""
        query = self
        for word in fold(text).split():
            query = query.filter(search_text__contains=word)
        return query


class Person(models.Model):
    """Someone taking part in the mentoring system of one organisation."""

    class Gender(models.TextChoices):
        MALE = "male", _("мужской")
        FEMALE = "female", _("женский")

    class Kind(models.TextChoices):
        STAFF = "staff", _("Педагог или сотрудник")
        STUDENT = "student", _("Обучающийся")
        EXTERNAL = "external", _("Внешний участник")

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
    kind = models.CharField(_("категория"), max_length=20, choices=Kind, default=Kind.STAFF)
    position = models.CharField(_("должность"), max_length=200, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("учётная запись"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)
    # Name first, then position and email, folded: the key the lists search and sort by.
    search_text = models.TextField(editable=False, default="")

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

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
        self.search_text = fold(" ".join([self.full_name, self.position, self.email]))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("registry:person_detail", args=[self.organisation.slug, self.pk])

    @property
    def full_name(self):
        return " ".join(
            part for part in (self.last_name, self.first_name, self.middle_name) if part
        )

    @property
    def short_name(self):
        """«Фамилия И. О.», as orders and lists print a name."""
        initials = " ".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        return f"{self.last_name} {initials}".strip()


class Membership(models.Model):
    """A user's role in an organisation. One user may hold several roles in several places."""

    class Role(models.TextChoices):
        DIRECTOR = "director", _("Руководитель")
        CURATOR = "curator", _("Куратор")
        WORKING_GROUP = "working_group", _("Член рабочей группы")
        MENTOR = "mentor", _("Наставник")
        MENTEE = "mentee", _("Наставляемый")
        COORDINATOR = "coordinator", _("Координатор органа управления образованием")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("роль"), max_length=20, choices=Role)
    created_at = models.DateTimeField(_("назначен"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("роль пользователя")
        verbose_name_plural = _("роли пользователей")
        ordering = ["organisation__short_name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_role_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"

    def clean(self):
        is_coordinator = self.role == self.Role.COORDINATOR
        if self.organisation_id and is_coordinator != self.organisation.is_authority:
            raise ValidationError(
                {
                    "role": _(
                        "Координатор назначается только в органе управления образованием, "
                        "а остальные роли — только в образовательной организации."
                    )
                }
            )

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Только строчные латинские буквы, цифры и дефисы, например «school-1»."),
)


# The site's own first path segments: a school with one of these slugs could not have its
# public section at /<slug>/nastavnichestvo/.
RESERVED_SLUGS = frozenset(
    {"admin", "o", "s", "login", "logout", "password", "calendar", "reminders", "static", "media"}
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
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("Этот адрес занят самим сайтом: выберите другой.")})
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


class MethodicalAssociation(models.Model):
    """A methodical association (МО) of teachers within an organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="methodical_associations"
    )
    name = models.CharField(_("название"), max_length=200)

    class Meta:
        verbose_name = _("методическое объединение")
        verbose_name_plural = _("методические объединения")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_methodical_association_name"
            )
        ]

    def __str__(self):
        return self.name

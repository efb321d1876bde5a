"""Orders (приказы): drafted from the data, signed by the director, then frozen for ever.

A draft's text and tables are computed from the data it names (groups, people, the roadmap and
the Положение). Signing takes the next number of the organisation's journal for the year and
stores a snapshot of everything printed and the PDF made from it: a signed order never changes,
whatever happens to the people and groups it names later; a new order amends it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.models import Group
from registry.models import Organisation, Person
from registry.models.consents import private_storage


def order_pdf_path(order, filename):
    return f"orders/{order.organisation_id}/{order.journal_year}/{order.pk}-{order.number}.pdf"


class Order(models.Model):
    class Kind(models.TextChoices):
        APPROVE_SYSTEM = "approve_system", _("Об утверждении Положения и дорожной карты")
        FIX_GROUPS = "fix_groups", _("О закреплении наставнических пар и групп")
        APPOINT_MENTORS = "appoint_mentors", _("О назначении наставников")
        CHANGE_GROUP = "change_group", _("Об изменении состава пары или группы")
        FINISH = "finish", _("О завершении программ и поощрении наставников")
        FREE = "free", _("Иной приказ")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Черновик")
        SENT = "sent", _("На подписи")
        RETURNED = "returned", _("Возвращён на доработку")
        SIGNED = "signed", _("Подписан")

    # Kinds whose participants take on additional duties: the written consent gate applies.
    DUTIES_KINDS = frozenset({Kind.FIX_GROUPS, Kind.APPOINT_MENTORS, Kind.CHANGE_GROUP})
    # Kinds that print a table of the groups they name.
    GROUP_KINDS = frozenset({Kind.FIX_GROUPS, Kind.APPOINT_MENTORS, Kind.CHANGE_GROUP, Kind.FINISH})
    EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("организация"), on_delete=models.CASCADE, related_name="orders"
    )
    kind = models.CharField(_("вид приказа"), max_length=20, choices=Kind)
    status = models.CharField(_("состояние"), max_length=10, choices=Status, default=Status.DRAFT)
    heading = models.CharField(
        _("заголовок"), max_length=500, help_text=_("Начинается с «О»: «О закреплении…».")
    )
    preamble = models.TextField(_("преамбула"), blank=True)
    items = models.TextField(
        _("пункты"),
        help_text=_(
            "Каждый пункт — отдельный абзац; пункты разделяйте пустой строкой. "
            "Номера проставляются при печати."
        ),
    )
    groups = models.ManyToManyField(
        Group, verbose_name=_("пары и группы"), blank=True, related_name="orders"
    )
    roadmap = models.ForeignKey(
        "roadmap.Roadmap",
        verbose_name=_("дорожная карта (приложение)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    regulation_version = models.ForeignKey(
        "roadmap.RegulationVersion",
        verbose_name=_("положение (приложение)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    amends = models.ForeignKey(
        "self",
        verbose_name=_("изменяет приказ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amended_by",
        limit_choices_to={"status": Status.SIGNED},
    )

    # The journal: set once, when the director signs.
    journal_year = models.PositiveSmallIntegerField(_("год журнала"), null=True, blank=True)
    number = models.PositiveIntegerField(_("номер"), null=True, blank=True)
    number_text = models.CharField(_("номер с индексом"), max_length=40, blank=True)
    signed_on = models.DateField(_("дата приказа"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("подписал"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.JSONField(_("текст на момент подписания"), default=dict, blank=True)
    pdf = models.FileField(storage=private_storage, upload_to=order_pdf_path, blank=True)

    sent_at = models.DateTimeField(_("отправлен на подпись"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_comment = models.TextField(_("замечания руководителя"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        verbose_name = _("приказ")
        verbose_name_plural = _("приказы")
        ordering = ["-journal_year", "-number", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "journal_year", "number"],
                condition=Q(number__isnull=False),
                name="unique_order_number_per_journal_year",
            ),
            models.CheckConstraint(
                condition=~Q(status="signed") | Q(number__isnull=False, signed_on__isnull=False),
                name="signed_order_has_number_and_date",
            ),
        ]

    def __str__(self):
        if self.is_signed:
            return f"Приказ от {self.signed_on:%d.%m.%Y} № {self.number_text} «{self.heading}»"
        return f"Проект приказа «{self.heading}»"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("roadmap:order_detail", args=[self.organisation.slug, self.pk])

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def item_list(self) -> list[list[str]]:
        """The items as printed: paragraphs separated by blank lines, each a list of lines."""
        paragraphs = [block.strip() for block in self.items.replace("\r\n", "\n").split("\n\n")]
        return [
            [line.strip() for line in block.splitlines() if line.strip()]
            for block in paragraphs
            if block
        ]


class OrderPerson(models.Model):
    """Someone an order names outside its table of groups: the coordinator, curator and working
    group of an approval order, a mentor thanked in a closing order. They also sign its
    acquaintance sheet."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Координатор")
        CURATOR = "curator", _("Куратор")
        WORKING_GROUP_HEAD = "working_group_head", _("Руководитель рабочей группы")
        WORKING_GROUP = "working_group", _("Член рабочей группы")
        REWARDED = "rewarded", _("Поощряется")
        OTHER = "other", _("Упомянут в приказе")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(
        Person, verbose_name=_("сотрудник"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("роль"), max_length=30, choices=Role)
    position = models.CharField(
        _("должность для приказа"),
        max_length=300,
        blank=True,
        help_text=_("Пусто — должность из карточки сотрудника."),
    )

    class Meta:
        verbose_name = _("сотрудник в приказе")
        verbose_name_plural = _("сотрудники в приказе")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "person", "role"], name="unique_order_person_role"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.person}"


class OrderJournal(models.Model):
    """The organisation's journal of orders for a calendar year: the last number given.

    Numbers are shared with the school's other orders (on staff, students…), so the director
    can move the counter to the paper journal's next free number."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="order_journals"
    )
    year = models.PositiveSmallIntegerField(_("год"))
    last_number = models.PositiveIntegerField(_("последний выданный номер"), default=0)

    class Meta:
        verbose_name = _("журнал приказов")
        verbose_name_plural = _("журналы приказов")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="unique_order_journal_year"
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.year}"

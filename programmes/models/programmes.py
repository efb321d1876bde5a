"""Personalised mentoring programmes (персонализированная программа наставничества): the plan,
meetings, amendments, comments and completion; and the library of programme templates."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.models.groups import Group, MentoringForm
from registry.models import CatalogueQuerySet, Organisation, ProfessionalRequest

MIN_MONTHS, MAX_MONTHS = 3, 12


def private_storage():
    return storages["private"]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the last day of a shorter month)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)


def months_between(start: datetime.date, end: datetime.date) -> float:
    """Length of a term in months, fractional: 1 September → 31 May is just under 9."""
    whole = (end.year - start.year) * 12 + end.month - start.month
    return whole + (end.day - start.day) / 30


class Programme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Черновик")
        ACTIVE = "active", _("Выполняется")
        COMPLETED = "completed", _("Завершена")

    class CompletionReason(models.TextChoices):
        # The three grounds of completion in the Положение.
        DONE = "done", _("Программа выполнена в полном объёме")
        EARLY = (
            "early",
            _("Досрочно по инициативе наставника или наставляемого по уважительной причине"),
        )
        IMPROPER = "improper", _("Досрочно по решению куратора: ненадлежащее выполнение")

    group = models.OneToOneField(
        Group, verbose_name=_("пара или группа"), on_delete=models.CASCADE, related_name="programme"
    )
    title = models.CharField(_("название"), max_length=300)
    goal = models.TextField(_("цель"))
    tasks = models.TextField(_("задачи"), blank=True)
    difficulties = models.ManyToManyField(
        ProfessionalRequest,
        verbose_name=_("затруднения, на которые направлена программа"),
        blank=True,
        related_name="programmes",
    )
    strengths = models.TextField(_("сильные стороны, на которые опираемся"), blank=True)
    forms = models.ManyToManyField(MentoringForm, verbose_name=_("формы работы"), blank=True)
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"))
    status = models.CharField(_("статус"), max_length=20, choices=Status, default=Status.DRAFT)
    approved_on = models.DateField(_("утверждена"), null=True, blank=True)

    completion_reason = models.CharField(
        _("основание завершения"), max_length=20, choices=CompletionReason, blank=True
    )
    completed_on = models.DateField(_("завершена"), null=True, blank=True)
    mentee_self_assessment = models.TextField(_("самооценка наставляемого"), blank=True)
    mentor_review = models.TextField(_("отзыв наставника"), blank=True)
    curator_conclusion = models.TextField(_("заключение куратора"), blank=True)

    is_best_practice = models.BooleanField(_("лучшая практика"), default=False)
    # The public section shows a programme's results only after it is completed (Положение 8.2),
    # only when the curator publishes them, and only this summary: never the private notes above.
    results_published = models.BooleanField(_("итоги опубликованы на сайте"), default=False)
    public_summary = models.TextField(
        _("итоги для сайта"),
        blank=True,
        help_text=_("Что получилось, без личных сведений: этот текст увидят посетители сайта."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("персонализированная программа")
        verbose_name_plural = _("персонализированные программы")
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:programme_detail", args=[self.group.organisation.slug, self.pk])

    def clean(self):
        if self.starts_on and self.ends_on:
            months = months_between(self.starts_on, self.ends_on)
            if not MIN_MONTHS <= round(months, 1) <= MAX_MONTHS:
                raise ValidationError(
                    {
                        "ends_on": _(
                            "Программа рассчитана на срок от 3 до 12 месяцев; сейчас — "
                            "%(months).1f мес."
                        )
                        % {"months": months}
                    }
                )

    @property
    def progress(self) -> int:
        """Per cent of the plan done, from prefetched items (cancelled ones do not count)."""
        items = [item for item in self.items.all() if item.status != PlanItem.Status.CANCELLED]
        if not items:
            return 0
        return round(100 * sum(item.status == PlanItem.Status.DONE for item in items) / len(items))


class PlanItem(models.Model):
    """One line of the programme's plan."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Запланировано")
        IN_PROGRESS = "in_progress", _("Выполняется")
        DONE = "done", _("Выполнено")
        CANCELLED = "cancelled", _("Отменено")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("№"), default=0)
    direction = models.CharField(_("направление"), max_length=300, blank=True)
    activity = models.TextField(_("мероприятие"))
    form = models.CharField(_("форма"), max_length=200, blank=True)
    deadline = models.DateField(_("срок"), null=True, blank=True)
    expected_result = models.TextField(_("ожидаемый результат"), blank=True)
    report_form = models.CharField(_("форма отчётности"), max_length=200, blank=True)
    status = models.CharField(_("статус"), max_length=20, choices=Status, default=Status.PLANNED)
    done_on = models.DateField(_("выполнено"), null=True, blank=True)
    mentor_note = models.TextField(_("заметка наставника"), blank=True)
    evidence = models.FileField(
        _("подтверждение (файл)"),
        storage=private_storage,
        upload_to="evidence/%Y/%m/",
        blank=True,
        max_length=300,
    )
    evidence_content_type = models.CharField(max_length=50, blank=True, editable=False)
    evidence_url = models.URLField(_("подтверждение (ссылка)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("пункт плана")
        verbose_name_plural = _("план")
        ordering = ["order", "deadline", "pk"]

    def __str__(self):
        return self.activity[:80]

    @property
    def is_overdue(self):
        return (
            self.deadline is not None
            and self.status in {self.Status.PLANNED, self.Status.IN_PROGRESS}
            and self.deadline < timezone.localdate()
        )


class Meeting(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("дата"))
    minutes = models.PositiveIntegerField(_("длительность, минут"))
    topic = models.CharField(_("тема"), max_length=300)
    note = models.TextField(_("заметки"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("встреча")
        verbose_name_plural = _("встречи")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} — {self.topic}"


class Amendment(models.Model):
    """A change to a running programme by mutual agreement, with its reason."""

    class Kind(models.TextChoices):
        EXTEND = "extend", _("Продление срока")
        PLAN = "plan", _("Изменение плана")
        FORM = "form", _("Изменение формы наставничества")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="amendments")
    kind = models.CharField(_("что меняется"), max_length=20, choices=Kind)
    date = models.DateField(_("дата"), default=timezone.localdate)
    reason = models.TextField(_("причина"))
    details = models.TextField(_("содержание изменения"), blank=True)
    new_ends_on = models.DateField(_("новая дата окончания"), null=True, blank=True)
    previous_ends_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("изменение программы")
        verbose_name_plural = _("изменения программы")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} от {self.date:%d.%m.%Y}"


class Comment(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("комментарий"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("комментарий")
        verbose_name_plural = _("комментарии")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:80]


class ProgrammeTemplate(models.Model):
    """A ready plan to start a programme from (the library), shipped or the school's own."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("для кого и зачем"), blank=True)
    goal = models.TextField(_("цель"))
    tasks = models.TextField(_("задачи"), blank=True)
    months = models.PositiveSmallIntegerField(_("срок, месяцев"), default=9)
    audience = models.CharField(
        _("для кого"), max_length=20, choices=MentoringForm.Audience, default="teachers"
    )

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("шаблон программы")
        verbose_name_plural = _("шаблоны программ")
        ordering = ["title"]

    def __str__(self):
        return self.title


class TemplateItem(models.Model):
    template = models.ForeignKey(ProgrammeTemplate, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(default=0)
    direction = models.CharField(max_length=300, blank=True)
    activity = models.TextField()
    form = models.CharField(max_length=200, blank=True)
    week = models.PositiveSmallIntegerField(
        default=1, help_text=_("Неделя от начала программы: из неё получается срок.")
    )
    expected_result = models.TextField(blank=True)
    report_form = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.activity[:80]

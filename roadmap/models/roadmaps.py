"""The roadmap (дорожная карта): a plan of stages and activities for a year or a span of years,
which reports its own progress from the data."""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring_site.uploads import EXTENSIONS
from registry.models import Organisation, Person
from registry.models.consents import private_storage
from roadmap.models.marks import ApprovalMarks


class Roadmap(ApprovalMarks):
    class Model(models.TextChoices):
        TEACHERS = "teachers", _("Наставничество педагогических работников")
        STUDENTS = "students", _("Целевая модель наставничества обучающихся")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="roadmaps",
    )
    title = models.CharField(_("название"), max_length=500)
    model = models.CharField(_("модель"), max_length=20, choices=Model, default=Model.TEACHERS)
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"))
    goal = models.TextField(_("цель"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("дорожная карта")
        verbose_name_plural = _("дорожные карты")
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("roadmap:roadmap_detail", args=[self.organisation.slug, self.pk])

    @property
    def period_label(self) -> str:
        """«2026/2027 учебный год» or «2020–2024 годы»."""
        first, last = self.starts_on.year, self.ends_on.year
        if last - first <= 1:
            return f"{first}/{last} учебный год" if last > first else f"{first} год"
        return f"{first}–{last} годы"

    def refresh_due_dates(self):
        """Activities due «в течение года» end with the roadmap: keep their stored dates true
        when the roadmap's dates change."""
        Activity.objects.filter(
            stage__roadmap=self, deadline_kind=Activity.Deadline.DURING_YEAR
        ).update(due_on=self.ends_on)


class Target(models.Model):
    """A numeric target of the roadmap: «не менее 70 % обучающихся вовлечены к концу 2024 г.».
    A target with a metric is measured from the data; one without is filled in by hand."""

    class Unit(models.TextChoices):
        PERCENT = "percent", _("%")
        PEOPLE = "people", _("чел.")
        ITEMS = "items", _("шт.")

    class Metric(models.TextChoices):
        MANUAL = "", _("Вносится вручную")
        STUDENTS_INVOLVED = "students_involved", _("Доля обучающихся в наставничестве, %")
        STAFF_INVOLVED = "staff_involved", _("Доля педагогов в наставничестве, %")
        YOUNG_SPECIALISTS = "young_specialists", _("Доля молодых специалистов с наставником, %")
        MENTEES_PAIRED = "mentees_paired", _("Доля наставляемых в парах и группах, %")
        MENTORS_TRAINED = "mentors_trained", _("Обученных наставников, чел.")
        PROGRAMMES_FINISHED = "programmes_finished", _("Завершённых программ, шт.")

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="targets")
    text = models.CharField(_("показатель"), max_length=500)
    value = models.PositiveIntegerField(_("целевое значение"))
    unit = models.CharField(_("единица"), max_length=10, choices=Unit, default=Unit.PERCENT)
    due_on = models.DateField(_("к дате"), null=True, blank=True)
    metric = models.CharField(
        _("как измерять"), max_length=30, choices=Metric, blank=True, default=Metric.MANUAL
    )
    actual = models.PositiveIntegerField(
        _("достигнуто"), null=True, blank=True, help_text=_("Для показателей, вносимых вручную.")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("целевой показатель")
        verbose_name_plural = _("целевые показатели")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class Stage(models.Model):
    class Standard(models.TextChoices):
        """The seven stages every roadmap shares: the key to their live progress."""

        NONE = "", _("Свой этап")
        PREPARATION = "preparation", _("Подготовка условий")
        MENTEE_BANK = "mentee_bank", _("Банк наставляемых")
        MENTOR_BANK = "mentor_bank", _("Банк наставников")
        SELECTION = "selection", _("Отбор и обучение наставников")
        PAIRS = "pairs", _("Работа пар и групп")
        COMPLETION = "completion", _("Завершение программ")
        INFORMATION = "information", _("Информационная поддержка")

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField(_("номер"))
    title = models.CharField(_("название этапа"), max_length=500)
    task = models.TextField(_("задача"), blank=True)
    result = models.TextField(_("ожидаемый результат"), blank=True)
    standard = models.CharField(
        _("типовой этап"), max_length=20, choices=Standard, blank=True, default=Standard.NONE
    )

    class Meta:
        verbose_name = _("этап")
        verbose_name_plural = _("этапы")
        ordering = ["number", "pk"]

    def __str__(self):
        return f"{self.number}. {self.title}"


MONTHS_NOMINATIVE = (
    "",
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


def activity_evidence_path(activity, filename):
    extension = EXTENSIONS.get(activity.evidence_content_type, "bin")
    stamp = f"{timezone.now():%Y%m%d%H%M%S}"
    organisation_id = activity.stage.roadmap.organisation_id
    return f"roadmap/{organisation_id}/{activity.pk}-{stamp}.{extension}"


class ActivityQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=[Activity.Status.DONE, Activity.Status.CANCELLED])

    def overdue(self, on: datetime.date | None = None):
        return self.open().filter(due_on__lt=on or timezone.localdate())


class Activity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Запланировано")
        IN_PROGRESS = "in_progress", _("Выполняется")
        DONE = "done", _("Выполнено")
        CANCELLED = "cancelled", _("Отменено")

    class Deadline(models.TextChoices):
        DATE = "date", _("Дата")
        MONTH = "month", _("Месяц")
        DURING_YEAR = "during_year", _("В течение года")
        ANNUALLY = "annually", _("Ежегодно")
        AS_NEEDED = "as_needed", _("По мере необходимости")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="activities")
    number = models.PositiveSmallIntegerField(_("номер"))
    text = models.TextField(_("мероприятие"))
    deadline_kind = models.CharField(
        _("срок"), max_length=20, choices=Deadline, default=Deadline.MONTH
    )
    deadline = models.DateField(
        _("дата или месяц"),
        null=True,
        blank=True,
        help_text=_("Для срока «месяц» — любой день месяца; для «ежегодно» — месяц, если есть."),
    )
    due_on = models.DateField(_("выполнить до"), null=True, blank=True, editable=False)
    responsible_people = models.ManyToManyField(
        Person, verbose_name=_("ответственные"), blank=True, related_name="roadmap_activities"
    )
    responsible_roles = models.CharField(
        _("ответственные (должности)"),
        max_length=300,
        blank=True,
        help_text=_("Например, «Директор, куратор»."),
    )
    status = models.CharField(_("статус"), max_length=20, choices=Status, default=Status.PLANNED)
    done_on = models.DateField(_("выполнено"), null=True, blank=True)
    evidence = models.TextField(
        _("подтверждение"), blank=True, help_text=_("Что сделано: протокол, приказ, ссылка.")
    )
    evidence_file = models.FileField(
        _("файл подтверждения"),
        storage=private_storage,
        upload_to=activity_evidence_path,
        blank=True,
        max_length=300,
    )
    evidence_content_type = models.CharField(max_length=50, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        ordering = ["stage__number", "number", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        self.due_on = self.compute_due_on()
        if self.status == self.Status.DONE and self.done_on is None:
            self.done_on = timezone.localdate()
        if self.status != self.Status.DONE:
            self.done_on = None
        super().save(*args, **kwargs)

    def compute_due_on(self) -> datetime.date | None:
        """The last day the activity is on time: the date, the month's last day, or the
        roadmap's end for «в течение года». Periodic and on-demand activities are never late."""
        if self.deadline_kind == self.Deadline.DATE:
            return self.deadline
        if self.deadline_kind == self.Deadline.MONTH and self.deadline:
            last = calendar.monthrange(self.deadline.year, self.deadline.month)[1]
            return self.deadline.replace(day=last)
        if self.deadline_kind == self.Deadline.DURING_YEAR:
            return self.stage.roadmap.ends_on
        return None

    @property
    def deadline_label(self) -> str:
        """«30.09.2026», «январь 2027 г.», «в течение года», «ежегодно, май»…"""
        kind, date = self.deadline_kind, self.deadline
        if kind == self.Deadline.DATE and date:
            return date.strftime("%d.%m.%Y")
        if kind == self.Deadline.MONTH and date:
            return f"{MONTHS_NOMINATIVE[date.month]} {date.year} г."
        if kind == self.Deadline.ANNUALLY and date:
            return f"ежегодно, {MONTHS_NOMINATIVE[date.month]}"
        if kind in (self.Deadline.DATE, self.Deadline.MONTH):
            return ""
        return self.get_deadline_kind_display().lower()

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        if self.status in (self.Status.DONE, self.Status.CANCELLED) or self.due_on is None:
            return False
        return self.due_on < (on or timezone.localdate())

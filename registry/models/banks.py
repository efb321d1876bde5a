"""The banks of mentees and mentors (stages 2–4 of the roadmap), the topics both speak in,
the professional requests and mentor questionnaires people submit, and mentor training."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models.catalogue import CatalogueQuerySet
from registry.models.organisations import Organisation
from registry.models.people import Person


class Topic(models.Model):
    """A professional direction: what a mentee asks help with and what a mentor can give."""

    class Area(models.TextChoices):
        SUBJECT = "subject", _("Предметные")
        METHODICAL = "methodical", _("Методические")
        PSYCHOLOGICAL = "psychological", _("Психолого-педагогические")
        COMMUNICATIVE = "communicative", _("Коммуникативные")
        LEGAL = "legal", _("Нормативно-правовые")
        DIGITAL = "digital", _("Цифровая образовательная среда")
        UPBRINGING = "upbringing", _("Воспитательная работа")
        INCLUSION = "inclusion", _("Инклюзивное образование, дети с ОВЗ")
        PARENTS = "parents", _("Работа с родителями")
        STUDENTS = "students", _("Направления для обучающихся")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="topics",
        help_text=_("Пусто — общий каталог, поставляемый с системой."),
    )
    area = models.CharField(_("область"), max_length=20, choices=Area)
    name = models.CharField(_("направление"), max_length=200)
    is_active = models.BooleanField(_("используется"), default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("направление")
        verbose_name_plural = _("направления профессионального развития")
        ordering = ["area", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "area", "name"], name="unique_topic_per_organisation"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_shipped(self):
        return self.organisation_id is None


class AnswerStatus(models.TextChoices):
    """What the curator decided about a request or questionnaire a person submitted."""

    NEW = "new", _("Новый")
    ACCEPTED = "accepted", _("Принят")
    REJECTED = "rejected", _("Отклонён")


class MenteeEntryQuerySet(models.QuerySet):
    def listed(self, organisation):
        """The organisation's mentee bank with everything its list and export show."""
        requests = ProfessionalRequest.objects.exclude(status=AnswerStatus.REJECTED)
        return (
            self.filter(person__organisation=organisation)
            .select_related("person", "person__methodical_association")
            .prefetch_related(
                "person__consents",
                Prefetch("person__professional_requests", requests.prefetch_related("topics")),
            )
        )


class MentorEntryQuerySet(models.QuerySet):
    def listed(self, organisation):
        """The organisation's mentor bank with competencies, consents and training counts."""
        return (
            self.filter(person__organisation=organisation)
            .select_related("person", "person__methodical_association")
            .prefetch_related("person__consents", "competencies")
            .annotate(trainings=Count("person__training_sessions", distinct=True))
            .order_by("person__search_text", "pk")
        )


class MenteeEntry(models.Model):
    """A person in the bank of mentees (банк наставляемых)."""

    class Category(models.TextChoices):
        YOUNG_SPECIALIST = "young_specialist", _("Молодой специалист")
        NEWLY_HIRED = "newly_hired", _("Впервые принятый в организацию")
        NEW_POSITION = "new_position", _("Переведённый на новую должность")
        DIFFICULTIES = "difficulties", _("Педагог, испытывающий затруднения")
        RETURNING = "returning", _("Вернувшийся после перерыва")
        STUDENT = "student", _("Обучающийся")
        OTHER = "other", _("Другое")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Ждёт наставника")
        PAIRED = "paired", _("В паре или группе")
        FINISHED = "finished", _("Завершил программу")
        LEFT = "left", _("Выбыл")

    person = models.OneToOneField(
        Person, verbose_name=_("участник"), on_delete=models.CASCADE, related_name="mentee_entry"
    )
    category = models.CharField(_("категория"), max_length=20, choices=Category)
    status = models.CharField(_("статус"), max_length=20, choices=Status, default=Status.WAITING)
    entered_on = models.DateField(_("включён в банк"), default=timezone.localdate)
    left_on = models.DateField(_("выбыл"), null=True, blank=True)
    preferences = models.TextField(
        _("пожелания к наставнику"), blank=True, help_text=_("Учитываются при подборе.")
    )
    support_meanwhile = models.TextField(
        _("поддержка до назначения наставника"),
        blank=True,
        help_text=_("Что делается, пока наставник не найден."),
    )
    note = models.TextField(_("примечание"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MenteeEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("наставляемый в банке")
        verbose_name_plural = _("банк наставляемых")
        ordering = ["person__search_text", "pk"]

    def __str__(self):
        return str(self.person)

    def get_absolute_url(self):
        return reverse("registry:mentee_detail", args=[self.person.organisation.slug, self.pk])

    @property
    def requested_topics(self) -> list[Topic]:
        """The topics of the person's requests that were not rejected (reads prefetched rows)."""
        topics = {}
        for request in self.person.professional_requests.all():
            if request.status != AnswerStatus.REJECTED:
                topics.update((topic.pk, topic) for topic in request.topics.all())
        return sorted(topics.values(), key=lambda topic: (topic.area, topic.name))


class ProfessionalRequest(models.Model):
    """A professional request: the difficulties a teacher wants help with, by topic."""

    class Source(models.TextChoices):
        CURATOR = "curator", _("Записан куратором")
        QUESTIONNAIRE = "questionnaire", _("Анкета педагога")

    person = models.ForeignKey(
        Person,
        verbose_name=_("участник"),
        on_delete=models.CASCADE,
        related_name="professional_requests",
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("направления"), blank=True)
    difficulties = models.TextField(_("профессиональные затруднения"))
    wishes = models.TextField(_("пожелания к наставнику"), blank=True)
    stated_on = models.DateField(_("дата запроса"), default=timezone.localdate)
    source = models.CharField(_("источник"), max_length=20, choices=Source)
    status = models.CharField(
        _("решение куратора"), max_length=20, choices=AnswerStatus, default=AnswerStatus.NEW
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[topics])

    class Meta:
        verbose_name = _("профессиональный запрос")
        verbose_name_plural = _("профессиональные запросы")
        ordering = ["-stated_on", "-pk"]

    def __str__(self):
        return f"{self.person} — {self.stated_on:%d.%m.%Y}"


class MentorEntry(models.Model):
    """A person in the bank of mentors (банк наставников)."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Кандидат")
        READY = "ready", _("Готов к наставничеству")
        ACTIVE = "active", _("Ведёт наставничество")
        LEFT = "left", _("Выбыл")

    class Outcome(models.TextChoices):
        PENDING = "", _("Собеседование не проводилось")
        RECOMMENDED = "recommended", _("Рекомендован")
        NOT_RECOMMENDED = "not_recommended", _("Не рекомендован")

    person = models.OneToOneField(
        Person, verbose_name=_("участник"), on_delete=models.CASCADE, related_name="mentor_entry"
    )
    competencies = models.ManyToManyField(Topic, verbose_name=_("компетенции"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("сколько наставляемых одновременно"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    interview_date = models.DateField(_("дата собеседования"), null=True, blank=True)
    interview_outcome = models.CharField(
        _("итог собеседования"), max_length=20, choices=Outcome, blank=True, default=Outcome.PENDING
    )
    interview_note = models.TextField(_("заметки собеседования"), blank=True)
    status = models.CharField(_("статус"), max_length=20, choices=Status, default=Status.CANDIDATE)
    entered_on = models.DateField(_("включён в банк"), default=timezone.localdate)
    preferences = models.TextField(
        _("пожелания наставника"), blank=True, help_text=_("Учитываются при подборе.")
    )
    note = models.TextField(_("примечание"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MentorEntryQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[competencies])

    class Meta:
        verbose_name = _("наставник в банке")
        verbose_name_plural = _("банк наставников")
        ordering = ["person__search_text", "pk"]

    def __str__(self):
        return str(self.person)

    def get_absolute_url(self):
        return reverse("registry:mentor_detail", args=[self.person.organisation.slug, self.pk])


class MentorQuestionnaire(models.Model):
    """A potential mentor's answers to the mentor questionnaire (анкета наставника)."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("участник"),
        on_delete=models.CASCADE,
        related_name="mentor_questionnaires",
    )
    motivation = models.TextField(_("почему вы хотите стать наставником"))
    competencies = models.ManyToManyField(
        Topic, verbose_name=_("в чём вы можете помочь"), blank=True
    )
    experience = models.TextField(_("опыт и достижения, которыми готовы делиться"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("скольким наставляемым готовы помогать одновременно"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    preferences = models.TextField(_("пожелания: формы работы, время, кого наставлять"), blank=True)
    submitted_at = models.DateTimeField(_("заполнена"), auto_now_add=True)
    status = models.CharField(
        _("решение куратора"), max_length=20, choices=AnswerStatus, default=AnswerStatus.NEW
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("анкета наставника")
        verbose_name_plural = _("анкеты наставников")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return f"{self.person} — {self.submitted_at:%d.%m.%Y}"


class TrainingSession(models.Model):
    """A training session for mentors (установочная сессия, семинар)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="training_sessions"
    )
    date = models.DateField(_("дата"))
    topic = models.CharField(_("тема"), max_length=300)
    hours = models.PositiveSmallIntegerField(
        _("часов"), default=2, validators=[MinValueValidator(1), MaxValueValidator(72)]
    )
    attendees = models.ManyToManyField(
        Person, verbose_name=_("участники"), blank=True, related_name="training_sessions"
    )
    note = models.TextField(_("примечание"), blank=True)

    class Meta:
        verbose_name = _("обучение наставников")
        verbose_name_plural = _("обучение наставников")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} — {self.topic}"

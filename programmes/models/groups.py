"""Forms of mentoring and mentoring groups (a pair is a group of one mentee)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models import CatalogueQuerySet, MenteeEntry, MentorEntry, Organisation


class MentoringForm(models.Model):
    """A form of mentoring: traditional one-to-one, group, reverse… and by roles."""

    class Audience(models.TextChoices):
        TEACHERS = "teachers", _("Педагоги")
        STUDENTS = "students", _("Обучающиеся")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentoring_forms",
        help_text=_("Пусто — общий каталог, поставляемый с системой."),
    )
    name = models.CharField(_("форма"), max_length=200)
    audience = models.CharField(_("для кого"), max_length=20, choices=Audience)
    roles = models.CharField(
        _("роли"), max_length=200, blank=True, help_text=_("Например, «педагог — педагог».")
    )
    description = models.TextField(_("описание"), blank=True)
    is_group = models.BooleanField(
        _("групповая"),
        default=False,
        help_text=_("У наставника может быть несколько наставляемых."),
    )
    is_active = models.BooleanField(_("используется"), default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("форма наставничества")
        verbose_name_plural = _("формы наставничества")
        ordering = ["audience", "name"]

    def __str__(self):
        return f"{self.name} ({self.roles})" if self.roles else self.name

    @property
    def is_shipped(self):
        return self.organisation_id is None


class GroupQuerySet(models.QuerySet):
    def open(self):
        """Groups that hold their mentor's and mentees' places: proposed, fixed or active."""
        return self.filter(status__in=Group.OPEN_STATUSES)

    def of_mentor_user(self, user):
        """Groups whose mentor or co-mentor is ``user``."""
        return self.filter(
            Q(mentor__person__user=user) | Q(co_mentor__person__user=user)
        ).distinct()

    def of_mentee_user(self, user):
        return self.filter(mentees__person__user=user).distinct()


class Group(models.Model):
    """A mentor with one or more mentees (наставническая пара или группа)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Предложена")
        FIXED = "fixed", _("Закреплена приказом")
        ACTIVE = "active", _("Работает")
        FINISHED = "finished", _("Завершила работу")
        DISSOLVED = "dissolved", _("Расформирована")

    class CoMentorRole(models.TextChoices):
        CO_MENTOR = "co_mentor", _("Второй наставник")
        SUBSTITUTE = "substitute", _("Замещающий наставник")

    OPEN_STATUSES = (Status.PROPOSED, Status.FIXED, Status.ACTIVE)
    # Which status may follow which; dissolving is possible from every open status.
    TRANSITIONS = {
        Status.PROPOSED: {Status.FIXED, Status.ACTIVE, Status.DISSOLVED},
        Status.FIXED: {Status.ACTIVE, Status.DISSOLVED},
        Status.ACTIVE: {Status.FINISHED, Status.DISSOLVED},
        Status.FINISHED: set(),
        Status.DISSOLVED: set(),
    }

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("организация"), on_delete=models.CASCADE, related_name="groups"
    )
    mentor = models.ForeignKey(
        MentorEntry, verbose_name=_("наставник"), on_delete=models.PROTECT, related_name="groups"
    )
    co_mentor = models.ForeignKey(
        MentorEntry,
        verbose_name=_("второй или замещающий наставник"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_groups",
    )
    co_mentor_role = models.CharField(
        _("роль второго наставника"), max_length=20, choices=CoMentorRole, blank=True
    )
    mentees = models.ManyToManyField(
        MenteeEntry, verbose_name=_("наставляемые"), related_name="groups"
    )
    form = models.ForeignKey(
        MentoringForm, verbose_name=_("форма наставничества"), on_delete=models.PROTECT
    )
    starts_on = models.DateField(_("начало"), null=True, blank=True)
    ends_on = models.DateField(_("окончание"), null=True, blank=True)
    status = models.CharField(_("статус"), max_length=20, choices=Status, default=Status.PROPOSED)
    status_changed_on = models.DateField(_("статус изменён"), null=True, blank=True)
    dissolution_reason = models.TextField(_("причина расформирования"), blank=True)
    note = models.TextField(_("примечание"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GroupQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[mentees])

    class Meta:
        verbose_name = _("наставническая пара или группа")
        verbose_name_plural = _("наставнические пары и группы")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        names = ", ".join(entry.person.short_name for entry in self.mentees.all())
        return f"{self.mentor.person.short_name} → {names}"

    def get_absolute_url(self):
        return reverse("programmes:group_detail", args=[self.organisation.slug, self.pk])

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_pair(self):
        return len(self.mentees.all()) == 1

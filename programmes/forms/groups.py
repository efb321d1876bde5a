"""Forms of the catalogue of mentoring forms and of groups. They check what a form can see
(choices of the organisation, one mentee in an individual form, dates in order); the rules of
the Положение (capacity, consents, one group per mentee) are programmes.services.groups'."""

import django_filters
from crispy_forms.layout import Fieldset, Submit
from django import forms
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import FormLayout, ModelMultipleChoiceField
from programmes.models import Group, MentoringForm
from programmes.services.groups import READY_MENTOR
from registry.filters import FormSelect
from registry.forms.people import DateInput, row
from registry.models import MenteeEntry, MentorEntry


class MentoringFormForm(forms.ModelForm):
    """The organisation's own form of mentoring."""

    class Meta:
        model = MentoringForm
        fields = ["name", "audience", "roles", "description", "is_group", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.helper = FormLayout(
            row(("name", 8), ("audience", 4)),
            "roles",
            "description",
            "is_group",
            "is_active",
            Submit("save", _("Сохранить")),
        )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        data = super().clean()
        siblings = MentoringForm.objects.shipped_or_own(self.organisation).filter(
            audience=data.get("audience")
        )
        if siblings.exclude(pk=self.instance.pk).named(data.get("name", "")):
            self.add_error("name", _("Такая форма наставничества уже есть в каталоге."))
        return data


class MentorChoice(forms.ModelChoiceField):
    """A mentor labelled with the free places: «Белова И. П. — свободно 1 из 2»."""

    def label_from_instance(self, entry):
        free = max(entry.capacity - entry.load, 0)
        return _("%(name)s — свободно %(free)s из %(capacity)s") % {
            "name": entry.person.short_name,
            "free": free,
            "capacity": entry.capacity,
        }


class MenteeChoices(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, entry):
        return f"{entry.person.short_name} — {entry.get_category_display().lower()}"


def mentor_choices(organisation, group=None):
    """READY and ACTIVE mentors of the organisation with their load in open groups (the
    group being edited does not count against its own mentor)."""
    in_open = Q(groups__status__in=Group.OPEN_STATUSES)
    if group is not None:
        in_open &= ~Q(groups=group)
    return (
        MentorEntry.objects.filter(
            person__organisation=organisation,
            person__anonymised_at__isnull=True,
            status__in=READY_MENTOR,
        )
        .select_related("person")
        .annotate(load=Count("groups__mentees", filter=in_open, distinct=True))
        .order_by("person__search_text", "pk")
    )


def waiting_mentees(organisation):
    """Mentees who wait for a mentor and are in no open group."""
    return (
        MenteeEntry.objects.filter(
            person__organisation=organisation,
            person__anonymised_at__isnull=True,
            status=MenteeEntry.Status.WAITING,
        )
        .exclude(groups__status__in=Group.OPEN_STATUSES)
        .select_related("person")
    )


class GroupForm(forms.Form):
    """Who is in a group and how it works. The mentor is chosen when the group is formed; later
    a pair changes its mentor through a substitute (co-mentor in the «substitute» role)."""

    mentor = MentorChoice(label=_("Наставник"), queryset=None)
    mentees = MenteeChoices(
        label=_("Наставляемые"),
        queryset=None,
        help_text=_(
            "Пара — это группа из одного наставляемого. Несколько — только в групповой форме."
        ),
    )
    co_mentor = MentorChoice(
        label=_("Второй наставник"),
        queryset=None,
        required=False,
        help_text=_("Необязательно: второй наставник или тот, кто замещает основного."),
    )
    co_mentor_role = forms.ChoiceField(
        label=_("Роль второго наставника"),
        choices=[("", "—"), *Group.CoMentorRole.choices],
        required=False,
    )
    form = forms.ModelChoiceField(label=_("Форма наставничества"), queryset=None)
    starts_on = forms.DateField(label=_("Начало"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Окончание"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Примечание"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisation, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        mentors = mentor_choices(organisation, group)
        self.fields["mentor"].queryset = mentors
        self.fields["co_mentor"].queryset = mentors
        mentees = waiting_mentees(organisation)
        forms_ = MentoringForm.objects.for_organisation(organisation)
        if group is not None:
            mentees = mentees | MenteeEntry.objects.filter(groups=group).select_related("person")
            forms_ = forms_ | MentoringForm.objects.filter(pk=group.form_id)
            del self.fields["mentor"]
        self.fields["mentees"].queryset = mentees.distinct().order_by("person__search_text", "pk")
        self.fields["form"].queryset = forms_.order_by("audience", "name")
        self.helper = FormLayout(
            *([] if group else ["mentor"]),
            "mentees",
            Fieldset(_("Второй наставник"), row(("co_mentor", 8), ("co_mentor_role", 4))),
            "form",
            row(("starts_on", 6), ("ends_on", 6)),
            "note",
            Submit("save", _("Сохранить") if group else _("Сформировать")),
        )

    def clean(self):
        data = super().clean()
        mentees, form = data.get("mentees"), data.get("form")
        if mentees and form and len(mentees) > 1 and not form.is_group:
            self.add_error(
                "mentees",
                _(
                    "Форма «%(form)s» индивидуальная: в ней один наставляемый. Выберите одного "
                    "или групповую форму."
                )
                % {"form": form.name},
            )
        if data.get("co_mentor") and not data.get("co_mentor_role"):
            self.add_error("co_mentor_role", _("Укажите, второй это наставник или замещающий."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Окончание раньше начала."))
        return data

    def service_fields(self) -> dict:
        """The cleaned data as group_create / group_update take it."""
        data = dict(self.cleaned_data)
        data["mentees"] = list(data["mentees"])
        if not data["co_mentor"]:
            data["co_mentor_role"] = ""
        return data


class GroupStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Новый статус"), widget=forms.RadioSelect)
    on = forms.DateField(label=_("С какого числа"), widget=DateInput())
    reason = forms.CharField(
        label=_("Причина расформирования"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Обязательна, если группа расформировывается."),
    )

    def __init__(self, *args, group, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        allowed = Group.TRANSITIONS[group.status]
        self.fields["status"].choices = [
            (value, label) for value, label in Group.Status.choices if value in allowed
        ]
        self.helper = FormLayout("status", "on", "reason", Submit("save", _("Изменить статус")))

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("Дата не может быть в будущем."))
        return on

    def clean(self):
        data = super().clean()
        if data.get("status") == Group.Status.DISSOLVED and not data.get("reason", "").strip():
            self.add_error("reason", _("Укажите причину расформирования."))
        return data


class GroupFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Статус"), choices=Group.Status.choices, empty_label=_("Все"), widget=FormSelect
    )
    form = django_filters.ModelChoiceFilter(
        label=_("Форма наставничества"), queryset=None, empty_label=_("Все"), widget=FormSelect
    )

    class Meta:
        model = Group
        fields = ["status", "form"]

    def __init__(self, data=None, *args, organisation, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["form"].queryset = MentoringForm.objects.shipped_or_own(organisation)

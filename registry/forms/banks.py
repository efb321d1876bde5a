from crispy_forms.layout import Fieldset, Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import CompactTextareas, FormLayout, ModelMultipleChoiceField
from registry.forms.people import DateInput, row
from registry.models import (
    MenteeEntry,
    MentorEntry,
    Person,
    ProfessionalRequest,
    Topic,
    TrainingSession,
)


class TopicChoices(ModelMultipleChoiceField):
    """Topics as checkboxes, labelled with their area, for requests and competencies alike."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, topic):
        return f"{topic.get_area_display()}: {topic.name}"


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name}{', ' + person.position if person.position else ''}"


class MenteeEntryCreateForm(CompactTextareas, forms.ModelForm):
    person = PersonChoice(label=_("Участник"), queryset=None)

    class Meta:
        model = MenteeEntry
        fields = ["person", "category", "entered_on", "preferences", "support_meanwhile", "note"]
        widgets = {"entered_on": DateInput()}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = organisation.people.identified().filter(
            mentee_entry__isnull=True
        )
        self.helper = FormLayout(
            row(("person", 8), ("entered_on", 4)),
            "category",
            "preferences",
            "support_meanwhile",
            "note",
            Submit("save", _("Включить в банк")),
        )


class MenteeEntryForm(CompactTextareas, forms.ModelForm):
    class Meta:
        model = MenteeEntry
        fields = [
            "category",
            "status",
            "entered_on",
            "left_on",
            "preferences",
            "support_meanwhile",
            "note",
        ]
        widgets = {"entered_on": DateInput(), "left_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormLayout(
            row(("category", 6), ("status", 6)),
            row(("entered_on", 6), ("left_on", 6)),
            "preferences",
            "support_meanwhile",
            "note",
            Submit("save", _("Сохранить")),
        )

    def clean(self):
        data = super().clean()
        entered, left = data.get("entered_on"), data.get("left_on")
        if entered and left and left < entered:
            self.add_error("left_on", _("Дата выбытия раньше даты включения."))
        if data.get("status") == MenteeEntry.Status.LEFT and not left:
            self.add_error("left_on", _("Укажите дату выбытия."))
        return data


class MentorEntryForm(CompactTextareas, forms.ModelForm):
    competencies = TopicChoices(label=_("Компетенции"), queryset=None, required=False)

    class Meta:
        model = MentorEntry
        fields = [
            "competencies",
            "capacity",
            "status",
            "entered_on",
            "interview_date",
            "interview_outcome",
            "interview_note",
            "preferences",
            "note",
        ]
        widgets = {"entered_on": DateInput(), "interview_date": DateInput()}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = Topic.objects.for_organisation(organisation)
        self.helper = FormLayout(*self.layout_fields(), Submit("save", _("Сохранить")))

    def layout_fields(self):
        return [
            row(("status", 4), ("capacity", 4), ("entered_on", 4)),
            Fieldset(
                _("Собеседование"),
                row(("interview_date", 6), ("interview_outcome", 6)),
                "interview_note",
            ),
            "competencies",
            "preferences",
            "note",
        ]

    def clean(self):
        data = super().clean()
        ready = data.get("status") in {MentorEntry.Status.READY, MentorEntry.Status.ACTIVE}
        if ready and data.get("interview_outcome") != MentorEntry.Outcome.RECOMMENDED:
            self.add_error(
                "status",
                _(
                    "Готовым к наставничеству становится кандидат, "
                    "рекомендованный по итогам собеседования."
                ),
            )
        if data.get("interview_outcome") and not data.get("interview_date"):
            self.add_error("interview_date", _("Укажите дату собеседования."))
        return data


class MentorEntryCreateForm(MentorEntryForm):
    person = PersonChoice(label=_("Участник"), queryset=None)

    class Meta(MentorEntryForm.Meta):
        fields = ["person", *MentorEntryForm.Meta.fields]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["person"].queryset = organisation.people.identified().filter(
            mentor_entry__isnull=True
        )
        self.helper = FormLayout(
            "person", *self.layout_fields(), Submit("save", _("Включить в банк"))
        )


class ProfessionalRequestForm(CompactTextareas, forms.ModelForm):
    topics = TopicChoices(label=_("Направления"), queryset=None, required=False)

    class Meta:
        model = ProfessionalRequest
        fields = ["stated_on", "topics", "difficulties", "wishes"]
        widgets = {"stated_on": DateInput()}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.for_organisation(organisation)
        self.helper = FormLayout(
            "stated_on", "topics", "difficulties", "wishes", Submit("save", _("Записать"))
        )


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["area", "name", "is_active"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.helper = FormLayout("area", "name", "is_active", Submit("save", _("Сохранить")))

    def clean(self):
        data = super().clean()
        same_area = Topic.objects.shipped_or_own(self.organisation).filter(area=data.get("area"))
        if same_area.exclude(pk=self.instance.pk).named(data.get("name", "")):
            self.add_error("name", _("Такое направление уже есть в каталоге."))
        return data


class TrainingSessionForm(CompactTextareas, forms.ModelForm):
    attendees = ModelMultipleChoiceField(
        label=_("Участники"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Люди из банка наставников."),
    )

    class Meta:
        model = TrainingSession
        fields = ["date", "topic", "hours", "attendees", "note"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # Mentors, and whoever already attended even if they have left the bank since.
        attended = self.instance.attendees.all() if self.instance.pk else Person.objects.none()
        self.fields["attendees"].queryset = organisation.people.filter(
            Q(mentor_entry__isnull=False, anonymised_at__isnull=True) | Q(pk__in=attended)
        )
        self.helper = FormLayout(
            row(("date", 4), ("hours", 4)),
            "topic",
            "attendees",
            "note",
            Submit("save", _("Сохранить")),
        )

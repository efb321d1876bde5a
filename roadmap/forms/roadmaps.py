"""Forms of the roadmap: a new roadmap, its details and targets, stages and activities."""

from crispy_forms.layout import HTML, Fieldset, Submit
from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import (
    CompactTextareas,
    DoneOnNotInFuture,
    FormLayout,
    ModelMultipleChoiceField,
)
from mentoring_site.school_year import SchoolYear
from mentoring_site.uploads import validate_scan
from registry.forms.people import DateInput, row
from roadmap.models import Activity, Roadmap, Stage, Target
from roadmap.models.marks import MARK_FIELDS
from roadmap.services.roadmaps import default_title

# The longest span a roadmap may cover: the students' model runs for up to five years.
MAX_YEARS = 6


def _check_period(form, starts_on, ends_on):
    if starts_on and ends_on:
        if ends_on <= starts_on:
            form.add_error("ends_on", _("Окончание должно быть позже начала."))
        elif (ends_on - starts_on).days > 366 * MAX_YEARS:
            form.add_error(
                "ends_on",
                _("Дорожная карта составляется не больше чем на %(years)s лет.")
                % {"years": MAX_YEARS},
            )


class RoadmapCreateForm(forms.Form):
    model = forms.ChoiceField(
        label=_("Модель наставничества"),
        choices=Roadmap.Model.choices,
        initial=Roadmap.Model.TEACHERS,
        widget=forms.RadioSelect,
    )
    empty = forms.BooleanField(
        label=_("Пустая дорожная карта: этапы и мероприятия внесу сам"),
        required=False,
        help_text=_(
            "Без отметки карта заполнится типовыми этапами, мероприятиями, целью и "
            "показателями выбранной модели; их можно менять."
        ),
    )
    year = forms.TypedChoiceField(label=_("Учебный год"), coerce=int)
    starts_on = forms.DateField(label=_("Начало"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Окончание"), required=False, widget=DateInput())
    title = forms.CharField(
        label=_("Название"),
        max_length=500,
        required=False,
        help_text=_("Если не менять, название составится по модели и сроку."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = SchoolYear.current().start
        self.fields["year"].choices = [
            (year, SchoolYear(year).label) for year in range(current - 1, current + 3)
        ]
        self.fields["year"].initial = current
        self.initial.setdefault(
            "title", default_title(Roadmap.Model.TEACHERS, *SchoolYear(current).period)
        )
        self.helper = FormLayout(
            "model",
            "empty",
            Fieldset(
                _("Срок"),
                "year",
                HTML(
                    '<p class="small text-body-secondary">'
                    + str(_("Или укажите даты, если карта рассчитана на несколько лет:"))
                    + "</p>"
                ),
                row(("starts_on", 6), ("ends_on", 6)),
            ),
            "title",
            Submit("create", _("Создать")),
        )

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if bool(starts_on) != bool(ends_on):
            missing = "ends_on" if starts_on else "starts_on"
            self.add_error(missing, _("Укажите обе даты или ни одной."))
        _check_period(self, starts_on, ends_on)
        if self.errors:
            return data
        if not (starts_on and ends_on) and data.get("year"):
            data["starts_on"], data["ends_on"] = SchoolYear(data["year"]).period
        # A title the user did not touch follows the chosen model and period.
        title = (data.get("title") or "").strip()
        if data.get("model") and title in ("", self.initial["title"]):
            data["title"] = default_title(data["model"], data["starts_on"], data["ends_on"])
        return data


class RoadmapForm(CompactTextareas, forms.ModelForm):
    class Meta:
        model = Roadmap
        fields = ["title", "goal", "starts_on", "ends_on", *MARK_FIELDS]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "goal": forms.Textarea(attrs={"rows": 4}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "considered_on": DateInput(),
            "agreed_on": DateInput(),
            "approved_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        order = self.instance.approved_order
        if order is not None and order.is_signed:
            note = _(
                "Карта утверждена в системе приказом от %(date)s № %(number)s: номер и дата "
                "ниже не печатаются."
            ) % {"date": f"{order.signed_on:%d.%m.%Y}", "number": order.number_text}
            # Crispy prints help texts as HTML.
            self.fields["approved_number"].help_text = escape(note)
        self.helper = FormLayout(
            "title",
            "goal",
            row(("starts_on", 6), ("ends_on", 6)),
            Fieldset(
                _("Грифы: рассмотрено, согласовано, утверждено"),
                row(("considered_by", 6), ("considered_protocol", 3), ("considered_on", 3)),
                row(("agreed_by", 6), ("agreed_protocol", 3), ("agreed_on", 3)),
                row(("approved_number", 6), ("approved_on", 6)),
            ),
            form_tag=False,
        )

    def clean(self):
        data = super().clean()
        _check_period(self, data.get("starts_on"), data.get("ends_on"))
        return data


# Metrics measured in per cent, and those that count people or items.
PERCENT_METRICS = {
    Target.Metric.STUDENTS_INVOLVED,
    Target.Metric.STAFF_INVOLVED,
    Target.Metric.YOUNG_SPECIALISTS,
    Target.Metric.MENTEES_PAIRED,
}
METRIC_UNITS = {
    **dict.fromkeys(PERCENT_METRICS, Target.Unit.PERCENT),
    Target.Metric.MENTORS_TRAINED: Target.Unit.PEOPLE,
    Target.Metric.PROGRAMMES_FINISHED: Target.Unit.ITEMS,
}


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["text", "value", "unit", "due_on", "metric", "actual"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("unit", "metric"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["actual"].help_text = _("Только для показателей, вносимых вручную.")

    def clean(self):
        data = super().clean()
        metric = data.get("metric")
        # A measured target takes its metric's unit: «70» of a share is «70 %».
        if metric in METRIC_UNITS:
            data["unit"] = METRIC_UNITS[metric]
            data["actual"] = None
        if data.get("unit") == Target.Unit.PERCENT and (data.get("value") or 0) > 100:
            self.add_error("value", _("Доля не может быть больше 100 %."))
        return data


class BaseTargetFormSet(forms.BaseInlineFormSet):
    def save(self, commit=True):
        """Targets keep the order they are shown in."""
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]
        for position, form in enumerate(kept, start=1):
            form.instance.position = position
        return super().save(commit)


TargetFormSet = forms.inlineformset_factory(
    Roadmap,
    Target,
    form=TargetForm,
    formset=BaseTargetFormSet,
    extra=1,
    can_delete=True,
)


def target_helper():
    helper = FormLayout(
        "text",
        row(("value", 3), ("unit", 3), ("due_on", 3), ("actual", 3)),
        row(("metric", 9), ("DELETE", 3)),
        form_tag=False,
    )
    helper.disable_csrf = True
    return helper


class StageForm(CompactTextareas, forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["number", "title", "standard", "task", "result"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "standard": _("Для типового этапа на странице карты виден его ход по данным системы."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].widget.attrs["class"] = "form-select"
        self.helper = FormLayout(
            row(("number", 2), ("standard", 10)),
            "title",
            "task",
            "result",
            Submit("save", _("Сохранить")),
        )


class PeopleChoices(ModelMultipleChoiceField):
    widget = forms.SelectMultiple(attrs={"size": 6})

    def label_from_instance(self, person):
        if person.position:
            return f"{person.short_name} — {person.position}"
        return person.short_name


class ActivityForm(DoneOnNotInFuture, CompactTextareas, forms.ModelForm):
    responsible_people = PeopleChoices(
        label=_("Ответственные сотрудники"),
        queryset=None,
        required=False,
        help_text=_("Несколько — с клавишей Ctrl. Им мероприятие придёт в календарь."),
    )
    upload = forms.FileField(
        label=_("Файл подтверждения"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        help_text=_("PDF, JPEG или PNG, до 5 МБ: протокол, приказ, фотография."),
    )
    remove_file = forms.BooleanField(label=_("Удалить прикреплённый файл"), required=False)

    class Meta:
        model = Activity
        fields = [
            "number",
            "text",
            "deadline_kind",
            "deadline",
            "responsible_roles",
            "status",
            "done_on",
            "evidence",
        ]
        widgets = {"deadline": DateInput(), "done_on": DateInput()}
        help_texts = {
            "deadline": _(
                "Для срока «дата» — сам день; «месяц» — любой день месяца; «ежегодно» — день "
                "нужного месяца, если он есть."
            ),
            "done_on": _("Для выполненного мероприятия; пусто — сегодня."),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("deadline_kind", "status"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["responsible_people"].queryset = organisation.people.identified()
        if self.instance.pk:
            self.initial["responsible_people"] = list(
                self.instance.responsible_people.values_list("pk", flat=True)
            )
        self.upload_content_type = ""
        has_file = bool(self.instance.pk and self.instance.evidence_file)
        if not has_file:
            del self.fields["remove_file"]
        self.helper = FormLayout(
            row(("number", 2), ("text", 10)),
            row(("deadline_kind", 6), ("deadline", 6)),
            row(("responsible_people", 6), ("responsible_roles", 6)),
            row(("status", 6), ("done_on", 6)),
            "evidence",
            "upload",
            *(["remove_file"] if has_file else []),
            Submit("save", _("Сохранить")),
        )
        self.helper.attrs["enctype"] = "multipart/form-data"

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            self.upload_content_type = validate_scan(upload)
        return upload

    def clean(self):
        data = super().clean()
        kind = data.get("deadline_kind")
        if kind in (Activity.Deadline.DATE, Activity.Deadline.MONTH) and not data.get("deadline"):
            self.add_error(
                "deadline",
                _("Укажите дату: для срока «%(kind)s» она нужна.")
                % {"kind": Activity.Deadline(kind).label.lower()},
            )
        if kind in (Activity.Deadline.DURING_YEAR, Activity.Deadline.AS_NEEDED):
            data["deadline"] = None
        if data.get("done_on") and data.get("status") != Activity.Status.DONE:
            self.add_error(
                "done_on",
                _("Дату выполнения ставят только мероприятию со статусом «Выполнено»."),
            )
        return data

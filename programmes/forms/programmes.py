"""Forms of the programme pages: the programme itself, its plan, meetings, comments,
amendments, completion and results."""

import datetime

import django_filters
from crispy_forms.layout import Fieldset, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import (
    CompactTextareas,
    DoneOnNotInFuture,
    FormLayout,
    ModelMultipleChoiceField,
)
from mentoring_site.templatetags.russian import ru_date
from mentoring_site.uploads import validate_scan
from programmes.models import (
    Amendment,
    Comment,
    Meeting,
    MentoringForm,
    PlanItem,
    Programme,
)
from programmes.models.programmes import add_months
from programmes.services.programmes import (
    best_practices_for,
    mentee_requests,
    months_text,
    templates_for,
)
from registry.filters import FormSelect
from registry.forms.people import DateInput, row


class ProgrammeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Статус"),
        choices=Programme.Status.choices,
        empty_label=_("Все программы"),
        widget=FormSelect,
    )

    class Meta:
        model = Programme
        fields = ["status"]


class RequestChoices(ModelMultipleChoiceField):
    """The mentees' professional requests, labelled with whose, when and what."""

    widget = forms.CheckboxSelectMultiple
    several = False  # several mentees: say whose request it is

    def label_from_instance(self, request):
        text = Truncator(" ".join(request.difficulties.split())).chars(120)
        date = ru_date(request.stated_on)
        if self.several:
            return f"{request.person.short_name}, {date}: {text}"
        return f"{date}: {text}"


class FormChoices(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, form):
        return str(form)


# «template:5» or «programme:7»: where a new programme's text and plan come from.
SOURCE_TEMPLATE, SOURCE_PROGRAMME = "template", "programme"


def source_choices(organisation):
    templates = [
        (f"{SOURCE_TEMPLATE}:{template.pk}", f"{template.title} ({months_text(template.months)})")
        for template in templates_for(organisation)
    ]
    practices = [
        (f"{SOURCE_PROGRAMME}:{programme.pk}", programme.title)
        for programme in best_practices_for(organisation)
    ]
    choices = [("", _("Пустая программа"))]
    if templates:
        choices.append((_("Шаблоны программ"), templates))
    if practices:
        choices.append((_("Лучшие практики школы"), practices))
    return choices


def find_source(organisation, value):
    """The template or best-practice programme a source value names, or None."""
    kind, _sep, pk = (value or "").partition(":")
    if not pk.isdecimal():  # isdigit() also accepts «²», which int() refuses
        return None
    if kind == SOURCE_TEMPLATE:
        return templates_for(organisation).filter(pk=pk).first()
    if kind == SOURCE_PROGRAMME:
        return best_practices_for(organisation).filter(pk=pk).first()
    return None


def initial_from_source(source, starts_on):
    """What a form shows when a programme starts from ``source``."""
    if source is None:
        return {}
    initial = {"title": source.title, "goal": source.goal, "tasks": source.tasks}
    if isinstance(source, Programme):
        initial["strengths"] = source.strengths
        initial["forms"] = list(source.forms.all())
        months = round((source.ends_on - source.starts_on).days / 30.4)
    else:
        months = source.months
    if starts_on:
        initial["ends_on"] = add_months(starts_on, months) - datetime.timedelta(days=1)
    return initial


class SourceForm(forms.Form):
    """The small form above a new programme that fills it from a template or practice."""

    source = forms.ChoiceField(
        label=_("Заполнить форму из шаблона или лучшей практики"), required=False
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, auto_id="fill-%s", **kwargs)
        self.fields["source"].choices = source_choices(organisation)
        self.fields["source"].widget.attrs["class"] = "form-select"


class ProgrammeForm(CompactTextareas, forms.ModelForm):
    difficulties = RequestChoices(
        label=_("Затруднения, на которые направлена программа"),
        queryset=None,
        required=False,
        help_text=_("Из профессиональных запросов наставляемых."),
    )
    activate = forms.BooleanField(
        label=_("Программа согласована: начать выполнение"),
        required=False,
        help_text=_("Без этой отметки программа сохраняется черновиком."),
    )
    # Declared last: the name hides the forms module in the rest of the class body.
    forms = FormChoices(label=_("Формы работы"), queryset=None, required=False)

    class Meta:
        model = Programme
        fields = [
            "title",
            "goal",
            "tasks",
            "difficulties",
            "strengths",
            "forms",
            "starts_on",
            "ends_on",
            "approved_on",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "approved_on": DateInput(),
        }
        help_texts = {"ends_on": _("Срок программы — от 3 до 12 месяцев.")}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        requests = mentee_requests(group)
        self.fields["difficulties"].queryset = requests
        self.fields["difficulties"].several = len(group.mentees.all()) > 1
        self.fields["forms"].queryset = MentoringForm.objects.for_organisation(
            group.organisation
        ).filter(audience=group.form.audience)
        self.fields["approved_on"].help_text = _(
            "Дата утверждения: печатается в грифе «УТВЕРЖДАЮ»."
        )
        if self.instance.pk and self.instance.status != Programme.Status.DRAFT:
            del self.fields["activate"]
        self.helper = FormLayout(*self.layout_fields(), Submit("save", _("Сохранить")))

    def layout_fields(self):
        return [
            "title",
            "goal",
            "tasks",
            "difficulties",
            "strengths",
            "forms",
            row(("starts_on", 6), ("ends_on", 6)),
            Fieldset(
                _("Утверждение"),
                *(["activate"] if "activate" in self.fields else []),
                "approved_on",
            ),
        ]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("Окончание должно быть позже начала."))
        return data


class ProgrammeCreateForm(ProgrammeForm):
    source = forms.ChoiceField(
        label=_("Основа программы"),
        required=False,
        help_text=_(
            "План шаблона получает сроки от даты начала; план лучшей практики переносится "
            "со сдвигом сроков. Пустые поля заполняются из основы."
        ),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, group=group, **kwargs)
        self.organisation = group.organisation
        self.fields["source"].choices = source_choices(self.organisation)
        self.fields["source"].widget.attrs["class"] = "form-select"
        # The goal may come from the chosen template or practice.
        self.fields["title"].required = self.fields["goal"].required = False
        self.helper = FormLayout(
            "source", *self.layout_fields(), Submit("save", _("Создать программу"))
        )

    def clean_source(self):
        value = self.cleaned_data["source"]
        source = find_source(self.organisation, value)
        if value and source is None:
            raise ValidationError(_("Такого шаблона или лучшей практики нет."))
        return source

    def clean(self):
        data = super().clean()
        source = data.get("source")
        for name in ("title", "goal"):
            if not data.get(name) and not source:
                self.add_error(name, _("Обязательное поле."))
        return data

    def _post_clean(self):
        # Fill the title and goal from the source before the model validates them.
        source = self.cleaned_data.get("source")
        if source is not None:
            for name in ("title", "goal"):
                if not self.cleaned_data.get(name):
                    self.cleaned_data[name] = getattr(source, name)
        super()._post_clean()


class PlanItemForm(CompactTextareas, forms.ModelForm):
    """A new line of the plan."""

    class Meta:
        model = PlanItem
        fields = ["direction", "activity", "form", "deadline", "expected_result", "report_form"]
        widgets = {"deadline": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormLayout(
            "direction",
            "activity",
            row(("form", 6), ("deadline", 6)),
            "expected_result",
            "report_form",
            Submit("save", _("Добавить в план")),
        )


class PlanItemProgressForm(DoneOnNotInFuture, CompactTextareas, forms.ModelForm):
    """What a mentor records on a plan item: status, done date, note, evidence. The done date
    belongs to a done item only; left empty, it becomes today."""

    evidence = forms.FileField(
        label=_("Подтверждение (файл)"),
        required=False,
        widget=forms.FileInput,
        help_text=_("PDF, JPEG или PNG, до 5 МБ. Новый файл заменяет прежний."),
    )

    class Meta:
        model = PlanItem
        fields = ["status", "done_on", "mentor_note", "evidence_url"]
        widgets = {"done_on": DateInput(), "mentor_note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"done_on": _("Для выполненного пункта; пусто — сегодня.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs["class"] = "form-select"
        self.evidence_content_type = ""
        self.helper = FormLayout(
            row(("status", 6), ("done_on", 6)),
            "mentor_note",
            row(("evidence", 6), ("evidence_url", 6)),
            Submit("save", _("Сохранить")),
        )
        self.helper.attrs["enctype"] = "multipart/form-data"
        # The same fields in one line, inside the plan's row form on the programme page.
        self.row_helper = FormLayout(
            row(("status", 3), ("done_on", 3), ("evidence", 3), ("evidence_url", 3)),
            "mentor_note",
            form_tag=False,
        )

    def clean_evidence(self):
        file = self.cleaned_data.get("evidence")
        if file:
            self.evidence_content_type = validate_scan(file)
        return file

    def clean(self):
        data = super().clean()
        if data.get("done_on") and data.get("status") != PlanItem.Status.DONE:
            self.add_error(
                "done_on", _("Дату выполнения ставят только пункту со статусом «Выполнено».")
            )
        return data

    def _post_clean(self):
        # The service applies the values; the model is validated there.
        pass


class MeetingForm(CompactTextareas, forms.ModelForm):
    minutes = forms.IntegerField(
        label=_("Длительность, минут"),
        min_value=5,
        max_value=600,
        error_messages={
            "min_value": _("Не меньше 5 минут."),
            "max_value": _("Не больше 600 минут (10 часов)."),
        },
    )

    class Meta:
        model = Meeting
        fields = ["date", "minutes", "topic", "note"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormLayout(
            row(("date", 6), ("minutes", 6)), "topic", "note", Submit("save", _("Записать"))
        )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("Встречу записывают после того, как она прошла."))
        return date


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) > 2000:
            raise ValidationError(
                _("Комментарий длиннее 2000 знаков: сейчас %(count)s.") % {"count": len(text)}
            )
        return text


class AmendmentForm(CompactTextareas, forms.ModelForm):
    class Meta:
        model = Amendment
        fields = ["kind", "date", "reason", "details", "new_ends_on"]
        widgets = {"date": DateInput(), "new_ends_on": DateInput(), "kind": forms.RadioSelect}
        help_texts = {
            "new_ends_on": _("Только для продления: не дальше 12 месяцев от начала программы."),
            "reason": _("Изменение вносится по обоюдному согласию наставника и наставляемого."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Amendment.Kind.choices
        self.helper = FormLayout(
            "kind",
            row(("date", 6), ("new_ends_on", 6)),
            "reason",
            "details",
            Submit("save", _("Внести изменение")),
        )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("Изменение записывают, когда о нём уже договорились."))
        return date

    def clean(self):
        data = super().clean()
        if data.get("kind") == Amendment.Kind.EXTEND and not data.get("new_ends_on"):
            self.add_error("new_ends_on", _("Укажите новую дату окончания."))
        if data.get("kind") != Amendment.Kind.EXTEND:
            data["new_ends_on"] = None
        return data

    def _post_clean(self):
        # The service checks the new end against the programme and saves.
        pass


class CompletionForm(CompactTextareas, forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["completion_reason", "completed_on", "curator_conclusion"]
        widgets = {"completed_on": DateInput(), "completion_reason": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completion_reason"].required = True
        self.fields["completion_reason"].choices = Programme.CompletionReason.choices
        self.fields["completed_on"].help_text = _("Пусто — сегодня.")
        self.fields["curator_conclusion"].required = True
        if not self.initial.get("completed_on"):
            self.initial["completed_on"] = timezone.localdate()
        self.helper = FormLayout(
            "completion_reason",
            "completed_on",
            "curator_conclusion",
            Submit("save", _("Завершить программу")),
        )

    def clean_completed_on(self):
        completed_on = self.cleaned_data["completed_on"] or timezone.localdate()
        if completed_on > timezone.localdate():
            raise ValidationError(_("Дата завершения не может быть в будущем."))
        if completed_on < self.instance.starts_on:
            raise ValidationError(_("Программа не может завершиться раньше, чем началась."))
        return completed_on

    def _post_clean(self):
        pass


class ResultsForm(CompactTextareas, forms.ModelForm):
    """The results: each participant writes their own part; a manager may edit both."""

    class Meta:
        model = Programme
        fields = ["mentee_self_assessment", "mentor_review"]
        widgets = {
            "mentee_self_assessment": forms.Textarea(attrs={"rows": 6}),
            "mentor_review": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, writable, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in writable:
                del self.fields[name]
        self.helper = FormLayout(*self.fields, Submit("save", _("Сохранить")))

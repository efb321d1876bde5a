"""Forms people fill about themselves (through a personal link or logged in), and the
curator's forms for personal links and for deciding about the answers."""

from crispy_forms.bootstrap import StrictButton
from crispy_forms.layout import Div, Field, Fieldset, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import FormLayout, ModelMultipleChoiceField
from registry.models import MenteeEntry, PersonalLink, Topic

# The longest free text an answer takes: about two pages.
TEXT_MAX_LENGTH = 3000
TOPICS_TEMPLATE = "selfservice/_topics_field.html"

LINK_DAYS_DEFAULT = 14
LINK_DAYS_MAX = 60


def topics_by_area(organisation):
    """The organisation's topics as choices grouped by area, in the catalogue's order of
    areas, so a long list reads as a few short ones."""
    groups: dict[str, list] = {area: [] for area in Topic.Area.values}
    for topic in Topic.objects.for_organisation(organisation).order_by("name"):
        groups[topic.area].append((topic.pk, topic.name))
    return [(Topic.Area(area).label, choices) for area, choices in groups.items() if choices]


def topic_field(label, help_text):
    return ModelMultipleChoiceField(
        label=label,
        help_text=help_text,
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def long_text(label, *, required=True, help_text="", rows=5):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class _TopicsForm(forms.Form):
    """A form with one field of topics offered from the organisation's catalogue."""

    topics_field_name = ""

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields[self.topics_field_name]
        field.queryset = Topic.objects.for_organisation(organisation)
        field.widget.choices = topics_by_area(organisation)


class ProfessionalRequestForm(_TopicsForm):
    topics_field_name = "topics"

    topics = topic_field(
        _("В каких направлениях вам нужна помощь"),
        _("Отметьте всё, что подходит; можно ничего не отмечать."),
    )
    difficulties = long_text(
        _("Профессиональные затруднения"),
        help_text=_("Что получается не так, как хотелось бы, и с чем вы хотите справиться."),
        rows=6,
    )
    wishes = long_text(
        _("Пожелания к наставнику"),
        required=False,
        help_text=_("Например: предмет, опыт, формат и время встреч."),
        rows=3,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormLayout(
            Field("topics", template=TOPICS_TEMPLATE),
            "difficulties",
            "wishes",
            Submit("save", _("Отправить")),
        )


class MentorQuestionnaireForm(_TopicsForm):
    topics_field_name = "competencies"

    motivation = long_text(_("Почему вы хотите стать наставником"))
    competencies = topic_field(
        _("В чём вы можете помочь коллегам"),
        _("Направления, в которых у вас есть опыт."),
    )
    experience = long_text(
        _("Опыт и достижения, которыми вы готовы делиться"),
        required=False,
        help_text=_("Методики, разработки, победы в конкурсах, открытые уроки."),
    )
    capacity = forms.IntegerField(
        label=_("Скольким наставляемым вы готовы помогать одновременно"),
        min_value=1,
        max_value=10,
        initial=1,
    )
    preferences = long_text(
        _("Пожелания"),
        required=False,
        help_text=_("Формы работы, удобное время, кого вы хотели бы наставлять."),
        rows=3,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormLayout(
            "motivation",
            Field("competencies", template=TOPICS_TEMPLATE),
            "experience",
            Div(Div("capacity", css_class="col-sm-6 col-lg-4"), css_class="row"),
            "preferences",
            Submit("save", _("Отправить")),
        )


class PersonalLinkForm(forms.Form):
    """The small form on the person's page; rendered there by hand, validated here."""

    purpose = forms.ChoiceField(label=_("Форма"), choices=PersonalLink.Purpose.choices)
    days = forms.IntegerField(
        label=_("Срок действия, дней"),
        min_value=1,
        max_value=LINK_DAYS_MAX,
        initial=LINK_DAYS_DEFAULT,
    )


class DecisionForm(forms.Form):
    ACCEPT = "accept"
    REJECT = "reject"

    # Carried by the two buttons, so a missing or odd value is an error of the whole form.
    decision = forms.CharField(required=False)

    def layout(self, *fields):
        """The fields, then the two buttons that carry the decision."""
        parts = [Fieldset(_("Решение куратора"), *fields)] if fields else []
        buttons = Div(
            StrictButton(
                _("Принять"),
                type="submit",
                name="decision",
                value=self.ACCEPT,
                css_class="btn-success",
            ),
            StrictButton(
                _("Отклонить"),
                type="submit",
                name="decision",
                value=self.REJECT,
                css_class="btn-outline-danger",
            ),
            css_class="d-flex flex-wrap gap-2",
        )
        return FormLayout(*parts, buttons)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") not in (self.ACCEPT, self.REJECT):
            raise forms.ValidationError(_("Выберите: принять или отклонить."))
        return cleaned

    @property
    def accepted(self):
        return self.cleaned_data.get("decision") == self.ACCEPT


class RequestDecisionForm(DecisionForm):
    """Accept or reject a request; accepting someone not yet in the bank of mentees needs
    the category they enter it with."""

    category = forms.ChoiceField(
        label=_("Категория наставляемого"),
        choices=[("", _("— выберите —")), *MenteeEntry.Category.choices],
        required=False,
    )

    def __init__(self, *args, needs_category: bool, suggested_category=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_category = needs_category
        if needs_category:
            if suggested_category:
                self.fields["category"].initial = suggested_category
                self.fields["category"].help_text = _(
                    "Предложена по возрасту, стажу и дате приёма; проверьте её."
                )
            self.helper = self.layout("category")
        else:
            del self.fields["category"]
            self.helper = self.layout()

    def clean(self):
        cleaned = super().clean()
        if self.needs_category and self.accepted and not cleaned.get("category"):
            self.add_error("category", _("Чтобы включить участника в банк, выберите категорию."))
        return cleaned


class QuestionnaireDecisionForm(DecisionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self.layout()

from crispy_forms.layout import Div, Field, Fieldset, Submit
from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import FormLayout
from registry import names
from registry.models import Organisation, Person


def row(*columns):
    """A Bootstrap row of (field, width) pairs: the layouts' one repeated shape."""
    return Div(
        *(Div(field, css_class=f"col-md-{width}") for field, width in columns), css_class="row"
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_name",
            "middle_name",
            "gender",
            "birth_date",
            "kind",
            "position",
            "grade",
            "methodical_association",
            "subjects",
            "qualification",
            "experience_start",
            "hire_date",
            "email",
            "phone",
            "representative_name",
            "representative_relation",
            "representative_phone",
            "representative_email",
        ]
        widgets = {
            "gender": forms.RadioSelect,
            "birth_date": DateInput(),
            "experience_start": DateInput(),
            "hire_date": DateInput(),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = Person.Gender.choices
        self.fields["methodical_association"].queryset = organisation.methodical_associations.all()
        self.helper = FormLayout(
            Fieldset(
                _("Фамилия, имя, отчество"),
                row(
                    (Field("last_name", autocomplete="family-name"), 4),
                    (Field("first_name", autocomplete="given-name"), 4),
                    (Field("middle_name", autocomplete="additional-name"), 4),
                ),
                row(("gender", 4), ("birth_date", 4), ("kind", 4)),
            ),
            Fieldset(
                _("Работа и учёба"),
                row(("position", 8), ("grade", 4)),
                row(("methodical_association", 6), ("subjects", 6)),
                row(("qualification", 4), ("experience_start", 4), ("hire_date", 4)),
            ),
            Fieldset(
                _("Контакты"),
                row(
                    (Field("email", autocomplete="email"), 6),
                    (Field("phone", autocomplete="tel"), 6),
                ),
            ),
            Fieldset(
                _("Законный представитель (для несовершеннолетнего)"),
                row(("representative_name", 8), ("representative_relation", 4)),
                row(("representative_phone", 6), ("representative_email", 6)),
            ),
            Submit("save", _("Сохранить")),
        )

    def clean_last_name(self):
        return _normalise_name(self.cleaned_data["last_name"])

    def clean_first_name(self):
        return _normalise_name(self.cleaned_data["first_name"])

    def clean_middle_name(self):
        return _normalise_name(self.cleaned_data["middle_name"])

    def clean(self):
        data = super().clean()
        if data.get("kind") == Person.Kind.STUDENT and not data.get("grade"):
            self.add_error("grade", _("Укажите класс обучающегося."))
        return data


def _normalise_name(value: str) -> str:
    """Collapse spaces; keep the person's own capitalisation (double-barrelled names, «оглы»)."""
    return " ".join(value.split())


class PersonNamesForm(forms.ModelForm):
    """Manual declension where petrovich is wrong: blank fields fall back to petrovich."""

    class Meta:
        model = Person
        fields = [f"name_{case}" for case in names.CASES]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.instance
        for case in names.CASES:
            automatic = names.decline(
                person.last_name,
                person.first_name,
                person.middle_name,
                gender=person.gender,
                case=case,
            )
            self.fields[f"name_{case}"].widget.attrs["placeholder"] = automatic
            # Help texts are rendered as HTML: the name is escaped.
            self.fields[f"name_{case}"].help_text = _("Автоматически: %(name)s") % {
                "name": escape(automatic)
            }
        self.helper = FormLayout(*self.fields, Submit("save", _("Сохранить")))

    def clean(self):
        data = super().clean()
        for key, value in data.items():
            data[key] = " ".join(value.split())
        return data


class OrganisationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "address",
            "email",
            "phone",
            "website",
            "director",
            "header",
            "header_second_language",
            "place",
            "order_suffix",
        ]
        widgets = {
            "header": forms.Textarea(attrs={"rows": 6}),
            "header_second_language": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["director"].queryset = self.instance.people.identified().filter(
            kind=Person.Kind.STAFF
        )
        self.helper = FormLayout(
            Fieldset(
                _("Организация"),
                "name",
                "short_name",
                "address",
                row(("email", 4), ("phone", 4), ("website", 4)),
                "director",
            ),
            Fieldset(
                _("Бланк документов"),
                row(("header", 6), ("header_second_language", 6)),
                row(("place", 8), ("order_suffix", 4)),
            ),
            Submit("save", _("Сохранить")),
        )

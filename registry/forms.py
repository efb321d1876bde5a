from crispy_forms.layout import Div, Field, Fieldset, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import FormLayout
from registry.models import Organisation, Person


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_name",
            "middle_name",
            "gender",
            "kind",
            "position",
            "email",
            "phone",
        ]
        widgets = {"gender": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = Person.Gender.choices
        self.helper = FormLayout(
            Fieldset(
                _("Фамилия, имя, отчество"),
                Div(
                    Div(Field("last_name", autocomplete="family-name"), css_class="col-md-4"),
                    Div(Field("first_name", autocomplete="given-name"), css_class="col-md-4"),
                    Div(Field("middle_name", autocomplete="additional-name"), css_class="col-md-4"),
                    css_class="row",
                ),
                "gender",
            ),
            Fieldset(
                _("Работа и контакты"),
                Div(
                    Div("kind", css_class="col-md-4"),
                    Div("position", css_class="col-md-8"),
                    css_class="row",
                ),
                Div(
                    Div(Field("email", autocomplete="email"), css_class="col-md-6"),
                    Div(Field("phone", autocomplete="tel"), css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Submit("save", _("Сохранить")),
        )

    def clean_last_name(self):
        return _normalise_name(self.cleaned_data["last_name"])

    def clean_first_name(self):
        return _normalise_name(self.cleaned_data["first_name"])

    def clean_middle_name(self):
        return _normalise_name(self.cleaned_data["middle_name"])


def _normalise_name(value: str) -> str:
    """Collapse spaces; keep the person's own capitalisation (double-barrelled names, «оглы»)."""
    return " ".join(value.split())


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
        self.fields["director"].queryset = self.instance.people.filter(kind=Person.Kind.STAFF)
        self.helper = FormLayout(
            Fieldset(
                _("Организация"),
                "name",
                "short_name",
                "address",
                Div(
                    Div("email", css_class="col-md-4"),
                    Div("phone", css_class="col-md-4"),
                    Div("website", css_class="col-md-4"),
                    css_class="row",
                ),
                "director",
            ),
            Fieldset(
                _("Бланк документов"),
                Div(
                    Div("header", css_class="col-md-6"),
                    Div("header_second_language", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("place", css_class="col-md-8"),
                    Div("order_suffix", css_class="col-md-4"),
                    css_class="row",
                ),
            ),
            Submit("save", _("Сохранить")),
        )

"""Forms of the local acts, their versions and the library of normative documents."""

from crispy_forms.layout import HTML, Fieldset, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import FormLayout
from programmes.forms.practices import MaterialUpload
from registry.forms.people import DateInput, row
from roadmap import regulation_templates
from roadmap.models import NormativeDocument, Regulation, RegulationVersion
from roadmap.models.marks import MARK_FIELDS


class RegulationForm(forms.ModelForm):
    """A new act (with the choice to start from the model text) or an act's title and kind."""

    from_template = forms.BooleanField(
        label=_("Заполнить типовым текстом"),
        required=False,
        initial=True,
        help_text=_(
            "Типовой текст есть для Положения о системе наставничества; его можно будет "
            "изменить до утверждения."
        ),
    )

    class Meta:
        model = Regulation
        fields = ["kind", "title", "is_published"]
        widgets = {"title": forms.TextInput()}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        creating = self.instance.pk is None
        if creating:
            self.fields["title"].initial = regulation_templates.template_title(
                Regulation.Kind.POLOZHENIE, organisation
            )
        else:
            del self.fields["from_template"]
        self.helper = FormLayout(
            "kind",
            "title",
            *(["from_template"] if creating else []),
            "is_published",
            Submit("save", _("Создать") if creating else _("Сохранить")),
        )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if data.get("from_template") and kind and not regulation_templates.has_template(kind):
            self.add_error(
                "from_template",
                _("Для вида «%(kind)s» типового текста нет: снимите отметку.")
                % {"kind": Regulation.Kind(kind).label},
            )
        return data


class VersionTextForm(forms.ModelForm):
    """The next version: its text (a copy of the latest) and what changed."""

    class Meta:
        model = RegulationVersion
        fields = ["text", "note"]
        widgets = {"text": forms.Textarea(attrs={"rows": 24})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = _("Например, «уточнён порядок замены наставника».")
        self.helper = FormLayout("note", "text", Submit("save", _("Создать редакцию")))


class VersionForm(forms.ModelForm):
    """A draft version: the text and the approval marks. The approving order of the product
    is linked when the director signs it, never here."""

    class Meta:
        model = RegulationVersion
        fields = [
            "text",
            "effective_from",
            "note",
            *MARK_FIELDS,
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 24}),
            "effective_from": DateInput(),
            "considered_on": DateInput(),
            "agreed_on": DateInput(),
            "approved_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormLayout(
            "text",
            row(("effective_from", 4), ("note", 8)),
            Fieldset(
                _("Рассмотрено"),
                row(("considered_by", 6), ("considered_protocol", 3), ("considered_on", 3)),
            ),
            Fieldset(
                _("Согласовано"),
                row(("agreed_by", 6), ("agreed_protocol", 3), ("agreed_on", 3)),
            ),
            Fieldset(
                _("Утверждено приказом, изданным не в системе"),
                HTML(
                    '<p class="form-text">'
                    + str(
                        _(
                            "Заполните, только если приказ об утверждении издан на бумаге. "
                            "После сохранения номера и даты редакция считается утверждённой и "
                            "больше не изменяется. Приказ, подписанный в системе, "
                            "проставляется сам."
                        )
                    )
                    + "</p>"
                ),
                row(("approved_number", 6), ("approved_on", 6)),
            ),
            Submit("save", _("Сохранить")),
        )


class NormativeDocumentForm(MaterialUpload, forms.ModelForm):
    class Meta:
        model = NormativeDocument
        fields = ["level", "title", "issuer", "number", "issued_on", "url", "is_published"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "issued_on": DateInput()}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].help_text = _("Например, «Минпросвещения России».")
        self.fields["url"].help_text = _("Нужна ссылка или файл, можно и то и другое.")
        self.has_file = self.set_up_upload()
        self.helper = FormLayout(
            row(("level", 4), ("issuer", 8)),
            "title",
            row(("number", 6), ("issued_on", 6)),
            "url",
            "upload",
            *(["remove_file"] if self.has_file else []),
            "is_published",
            Submit("save", _("Сохранить")),
        )

    def clean(self):
        data = super().clean()
        keeps_file = self.has_file and not data.get("remove_file")
        checked = "url" not in self.errors and "upload" not in self.errors
        if checked and not (data.get("url") or data.get("upload") or keeps_file):
            self.add_error(
                "url", _("Укажите ссылку на официальный текст или приложите файл документа.")
            )
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["file"] = data.pop("upload")
        return data

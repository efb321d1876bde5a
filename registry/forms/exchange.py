from crispy_forms.layout import Field, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import FormLayout
from registry.services.people_import import MAX_FILE_SIZE

XLSX_TYPES = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PeopleImportForm(forms.Form):
    """The upload: only its size is checked here; the content is the import service's job."""

    file = forms.FileField(
        label=_("Файл Excel (.xlsx)"),
        help_text=_("До 10 МБ и 20 000 строк. Первый лист, первая строка — заголовки."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormLayout(
            Field("file", accept=XLSX_TYPES), Submit("preview", _("Проверить файл"))
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise ValidationError(
                _("Файл больше %(size)s МБ: разделите его на несколько."),
                params={"size": MAX_FILE_SIZE // (1024 * 1024)},
            )
        return upload


class PeopleImportConfirmForm(forms.Form):
    """Confirms the checked file: names the upload kept in the session (never a path) and the
    plan the curator saw."""

    upload = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    fingerprint = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)

    def __init__(self, *args, submit_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormLayout("upload", "fingerprint", Submit("confirm", submit_label))

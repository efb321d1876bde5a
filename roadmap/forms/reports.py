"""The curator's part of the annual analytical report: conclusions and proposals."""

from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import FormLayout
from roadmap.models import AnnualReport

# Enough for a few pages of the printed report, and no more: the text goes into a PDF.
MAX_LENGTH = 20000


class AnnualReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["conclusions", "proposals"]
        widgets = {
            "conclusions": forms.Textarea(attrs={"rows": 12, "maxlength": MAX_LENGTH}),
            "proposals": forms.Textarea(attrs={"rows": 6, "maxlength": MAX_LENGTH}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conclusions"].label = _("Выводы")
        self.fields["conclusions"].help_text = _(
            "Что удалось и что нет, по цифрам отчёта. Абзацы разделяйте пустой строкой."
        )
        self.fields["proposals"].label = _("Предложения на следующий учебный год")
        self.helper = FormLayout("conclusions", "proposals", Submit("save", _("Сохранить")))

    def _clean_text(self, name):
        text = self.cleaned_data[name].strip()
        if len(text) > MAX_LENGTH:
            raise forms.ValidationError(
                _("Слишком длинный текст: не больше %(limit)s знаков, сейчас %(length)s.")
                % {"limit": MAX_LENGTH, "length": len(text)}
            )
        return text

    def clean_conclusions(self):
        return self._clean_text("conclusions")

    def clean_proposals(self):
        return self._clean_text("proposals")

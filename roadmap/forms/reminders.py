"""The reminders switch."""

from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import FormLayout
from roadmap.models import ReminderPreference


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["enabled"]
        labels = {"enabled": _("Присылать напоминания на почту")}
        help_texts = {
            "enabled": _(
                "Одно письмо в день, только когда что-то требует внимания: сроки, просрочки, "
                "программы без движения, истекающие согласия, приказы на подписи."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormLayout("enabled", Submit("save", _("Сохранить")))

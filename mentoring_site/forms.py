from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FormLayout(FormHelper):
    """The crispy helper every form uses. Forms skip the browser's own validation bubbles, so
    every error comes from the server, in the product's words, beside its field."""

    def __init__(self, *fields, form_tag=True):
        super().__init__()
        self.layout = Layout(*fields)
        self.form_tag = form_tag
        self.attrs = {"novalidate": ""}


class CompactTextareas:
    """A form mixin: text areas start three lines tall instead of Django's ten (a form that
    sets its own number of rows keeps it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Textarea) and str(widget.attrs.get("rows")) == "10":
                widget.attrs["rows"] = 3


class DoneOnNotInFuture:
    """A form mixin for a «выполнено» date (field ``done_on``): work is not done tomorrow."""

    def clean_done_on(self):
        done_on = self.cleaned_data.get("done_on")
        if done_on and done_on > timezone.localdate():
            raise ValidationError(_("Дата выполнения не может быть в будущем."))
        return done_on


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field for choosing several objects, which also refuses an id no database
    column can hold: SQLite cannot compare one in ``pk__in`` and raises OverflowError."""

    largest_id = 2**63 - 1

    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else []:
            try:
                too_large = abs(int(pk)) > self.largest_id
            except (TypeError, ValueError):
                continue  # not a number at all: Django's own check refuses it
            if too_large:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)

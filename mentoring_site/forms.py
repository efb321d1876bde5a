from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms


class FormLayout(FormHelper):
    """The crispy helper every form uses. Forms skip the browser's own validation bubbles, so
    every error comes from the server, in the product's words, beside its field."""

    def __init__(self, *fields, form_tag=True):
        super().__init__()
        self.layout = Layout(*fields)
        self.form_tag = form_tag
        self.attrs = {"novalidate": ""}


class CompactTextareas:
    """A form mixin: text areas start three lines tall (Django's default is ten) and grow."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea) and "rows" not in field.widget.attrs:
                field.widget.attrs["rows"] = 3

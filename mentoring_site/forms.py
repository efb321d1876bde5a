from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout


class FormLayout(FormHelper):
    """The crispy helper every form uses. Forms skip the browser's own validation bubbles, so
    every error comes from the server, in the product's words, beside its field."""

    def __init__(self, *fields, form_tag=True):
        super().__init__()
        self.layout = Layout(*fields)
        self.form_tag = form_tag
        self.attrs = {"novalidate": ""}

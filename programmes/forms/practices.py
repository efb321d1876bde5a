"""Forms of the methodical bank."""

import django_filters
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import FormLayout, ModelMultipleChoiceField
from programmes.models import Practice, Programme
from programmes.services.practices import ACCEPT, EXTENSIONS, validate_material
from registry.filters import FormSelect
from registry.forms.people import row
from registry.models import fold


class AuthorChoices(ModelMultipleChoiceField):
    widget = forms.SelectMultiple(attrs={"size": 6})

    def label_from_instance(self, person):
        return person.short_name


class MaterialUpload(forms.Form):
    """A file field for a material (PDF, images, office files checked by content) and, when
    the row already has a file, a box to remove it. For the methodical bank and the normative
    documents; the model has ``file`` and ``file_content_type``."""

    upload = forms.FileField(
        label=_("Файл"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, JPEG, PNG, DOCX, PPTX или XLSX, не больше 20 МБ."),
    )
    remove_file = forms.BooleanField(label=_("Удалить прикреплённый файл"), required=False)

    def set_up_upload(self) -> bool:
        """Say which file is attached, or drop the remove box when none is; True with a file."""
        has_file = bool(self.instance.pk and self.instance.file)
        if has_file:
            kind = EXTENSIONS.get(self.instance.file_content_type, "").upper()
            self.fields["upload"].help_text = _(
                "Сейчас прикреплён файл %(kind)s; новый заменит его. "
                "PDF, JPEG, PNG, DOCX, PPTX или XLSX, не больше 20 МБ."
            ) % {"kind": kind}
        else:
            del self.fields["remove_file"]
        return has_file

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload:
            validate_material(upload)
        return upload


class PracticeForm(MaterialUpload, forms.ModelForm):
    authors = AuthorChoices(
        label=_("Авторы"),
        queryset=None,
        required=False,
        help_text=_("Участники организации; несколько — с клавишей Ctrl."),
    )

    class Meta:
        model = Practice
        fields = ["title", "kind", "summary", "programme", "link", "is_published"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(
            group__organisation=organisation
        ).order_by("title", "pk")
        self.fields["programme"].help_text = _("Программа, из которой вырос материал.")
        self.fields["authors"].queryset = organisation.people.identified()
        self.fields["is_published"].help_text = _(
            "Материал появится в открытом разделе «Наставничество» на сайте."
        )
        has_file = self.set_up_upload()
        self.helper = FormLayout(
            row(("title", 8), ("kind", 4)),
            "summary",
            row(("programme", 6), ("authors", 6)),
            "upload",
            *(["remove_file"] if has_file else []),
            "link",
            "is_published",
            Submit("save", _("Сохранить")),
        )

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["file"] = data.pop("upload")
        data["authors"] = list(data["authors"])
        return data


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Поиск"), method="filter_search")
    kind = django_filters.ChoiceFilter(
        label=_("Вид"), choices=Practice.Kind.choices, empty_label=_("Все"), widget=FormSelect
    )

    class Meta:
        model = Practice
        fields = ["q", "kind"]

    def filter_search(self, queryset, name, value):
        """Every word in the title or summary, ё-folded in Python: SQLite's LIKE folds only
        ASCII letters."""
        words = fold(value).split()
        found = [
            pk
            for pk, title, summary in queryset.values_list("pk", "title", "summary")
            if all(word in fold(f"{title} {summary}") for word in words)
        ]
        return queryset.filter(pk__in=found)

from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import FormLayout
from mentoring_site.uploads import validate_scan
from registry.forms.people import DateInput, row
from registry.models import PUBLISHABLE_FIELDS, Consent

SCAN_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class ConsentForm(forms.Form):
    """A signed consent as the curator copies it from paper. The rules that involve the person
    (a representative must be named, dates in order) are the service's: see consent_record."""

    kind = forms.ChoiceField(label=_("Вид согласия"), choices=Consent.Kind.choices)
    given_on = forms.DateField(label=_("Дата подписания"), widget=DateInput())
    valid_until = forms.DateField(
        label=_("Действует до"),
        required=False,
        widget=DateInput(),
        help_text=_("Оставьте пустым, если согласие дано до отзыва."),
    )
    published_fields = forms.MultipleChoiceField(
        label=_("Что участник разрешил опубликовать на сайте"),
        choices=list(PUBLISHABLE_FIELDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Только для согласия на распространение: для других видов не учитывается."),
    )
    scan = forms.FileField(
        label=_("Скан подписанного согласия"),
        required=False,
        widget=forms.FileInput(attrs={"accept": SCAN_ACCEPT}),
        help_text=_("PDF, JPEG или PNG, не больше 5 МБ. Можно загрузить позже."),
    )
    note = forms.CharField(
        label=_("Примечание"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, with_kind=True, publication=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_kind:
            del self.fields["kind"]
        if not publication:
            del self.fields["published_fields"]
        elif not with_kind:
            self.fields["published_fields"].help_text = ""
        self.helper = FormLayout(
            *([row(("kind", 8))] if with_kind else []),
            row(("given_on", 4), ("valid_until", 4)),
            *(["published_fields"] if publication else []),
            "scan",
            "note",
            Submit("save", _("Сохранить")),
        )

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        if scan:
            validate_scan(scan)
        return scan


def consent_create_form(data, files, *, kind: str | None):
    initial = {"given_on": timezone.localdate()}
    if kind in Consent.Kind.values:
        initial["kind"] = kind
    return ConsentForm(data, files, initial=initial)


def consent_edit_form(data, files, *, consent: Consent):
    initial = {
        "given_on": consent.given_on,
        "valid_until": consent.valid_until,
        "published_fields": consent.published_fields,
        "note": consent.note,
    }
    return ConsentForm(
        data,
        files,
        initial=initial,
        with_kind=False,
        publication=consent.kind == Consent.Kind.PUBLICATION,
    )


class ConsentRevokeForm(forms.Form):
    revoked_on = forms.DateField(
        label=_("Дата отзыва"),
        widget=DateInput(),
        help_text=_("День, когда организация получила письменный отзыв."),
    )
    note = forms.CharField(
        label=_("Основание отзыва"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Например: «заявление об отзыве согласия от 12.09.2025, вх. № 45»."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"revoked_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.helper = FormLayout(
            row(("revoked_on", 4)),
            "note",
            Submit("revoke", _("Отозвать согласие"), css_class="btn-danger"),
        )

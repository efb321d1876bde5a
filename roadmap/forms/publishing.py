"""Forms of the public section: its settings, news and announcements, published results."""

import re

import django_filters
from crispy_forms.layout import Fieldset, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import FormLayout
from mentoring_site.uploads import EXTENSIONS
from programmes.models import Programme
from registry.filters import FormSelect
from registry.forms.people import DateInput, row
from registry.models import Person
from roadmap.models import News, PublicSection
from roadmap.models.public import parse_origins
from roadmap.services.publishing import (
    IMAGE_ALT_REQUIRED,
    PRIVATE_NOTES,
    NewsStatus,
    news_status_filter,
    publication_note,
    validate_image,
)

# Something that reads as an HTML tag: «<p>», «</div>», «<a href=…>»; «5 < 7» is not one.
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?\s*>")
PLAIN_TEXT_HELP = _(
    "Обычный текст, без HTML: абзацы разделяйте пустой строкой. Теги не работают — "
    "на сайте текст показывается ровно так, как написан."
)


def reject_markup(value: str) -> str:
    """Plain text only: the public pages escape everything, so a tag would show as typed."""
    found = TAG.search(value or "")
    if found:
        raise ValidationError(
            _(
                "Текст пишется без HTML-разметки: уберите «%(tag)s». Абзацы разделяйте пустой "
                "строкой."
            )
            % {"tag": found.group(0)[:40]}
        )
    return value


class ContactChoices(forms.ModelChoiceField):
    """The organisation's people, each with what their publication consent allows."""

    def label_from_instance(self, person):
        return f"{person.short_name} — {publication_note(person)}"


class PublicSectionForm(forms.ModelForm):
    contact_person = ContactChoices(
        label=_("Контактное лицо"), queryset=Person.objects.none(), required=False
    )

    class Meta:
        model = PublicSection
        fields = [
            "is_enabled",
            "about",
            "contact_person",
            "contact_role",
            "contact_email",
            "contact_phone",
            "contact_hours",
            "embed_origins",
        ]
        widgets = {
            "about": forms.Textarea(attrs={"rows": 8}),
            "embed_origins": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = (
            organisation.people.identified()
            .exclude(kind=Person.Kind.STUDENT)
            .prefetch_related("consents")
        )
        contact = self.instance.contact_person
        note = _("Посетители увидят только то, что разрешает согласие человека на публикацию.")
        if contact is not None:
            # Help texts are rendered as HTML: the name is escaped.
            note = _("Сейчас: %(person)s — %(note)s. %(rule)s") % {
                "person": escape(contact.short_name),
                "note": publication_note(contact),
                "rule": note,
            }
        self.fields["contact_person"].help_text = note
        self.fields["about"].help_text = PLAIN_TEXT_HELP
        self.fields["embed_origins"].help_text = _(
            "Адреса сайтов, на страницах которых можно встроить раздел, по одному в строке, "
            "например https://school.ru. Пусто — встраивать нельзя нигде."
        )
        self.helper = FormLayout(
            "is_enabled",
            "about",
            Fieldset(
                _("Контакты для вопросов"),
                "contact_person",
                row(("contact_role", 6), ("contact_hours", 6)),
                row(("contact_email", 6), ("contact_phone", 6)),
            ),
            "embed_origins",
            Submit("save", _("Сохранить")),
        )

    def clean_about(self):
        return reject_markup(self.cleaned_data["about"])

    def clean_embed_origins(self):
        """One origin a line, without trailing slashes: what the Content-Security-Policy
        frame-ancestors of the embed mode is built from."""
        return "\n".join(parse_origins(self.cleaned_data["embed_origins"]))


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class NewsForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("Файл изображения"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png,image/jpeg,image/png"}),
        help_text=_("JPEG или PNG, не больше 5 МБ."),
    )
    remove_image = forms.BooleanField(label=_("Убрать иллюстрацию"), required=False)

    class Meta:
        model = News
        fields = [
            "kind",
            "title",
            "lead",
            "body",
            "event_on",
            "image_alt",
            "is_published",
            "published_at",
        ]
        widgets = {
            "title": forms.TextInput(),
            "lead": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "event_on": DateInput(),
            "published_at": DateTimeInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = PLAIN_TEXT_HELP
        self.fields["event_on"].help_text = _("Для объявления: когда будет мероприятие.")
        self.fields["image_alt"].help_text = _(
            "Обязательно, если есть иллюстрация: что на ней изображено. Прочтут незрячие "
            "посетители."
        )
        self.fields["is_published"].label = _("Опубликовать")
        self.fields["is_published"].help_text = _(
            "Без отметки новость остаётся черновиком и на сайте не видна."
        )
        self.fields["published_at"].label = _("Дата и время публикации")
        self.fields["published_at"].help_text = _(
            "Пусто — сразу при сохранении. Будущее время — новость запланирована и появится "
            "на сайте в этот момент."
        )
        has_image = bool(self.instance.pk and self.instance.image)
        if has_image:
            kind = EXTENSIONS.get(self.instance.image_content_type, "").upper()
            self.fields["upload"].help_text = _(
                "Сейчас прикреплена иллюстрация %(kind)s; новая заменит её. JPEG или PNG, "
                "не больше 5 МБ."
            ) % {"kind": kind}
        else:
            del self.fields["remove_image"]
        self.helper = FormLayout(
            row(("kind", 4), ("event_on", 4)),
            "title",
            "lead",
            "body",
            Fieldset(
                _("Иллюстрация"),
                "upload",
                *(["remove_image"] if has_image else []),
                "image_alt",
            ),
            Fieldset(_("Публикация"), "is_published", row(("published_at", 6))),
            Submit("save", _("Сохранить")),
        )

    def clean_title(self):
        return reject_markup(self.cleaned_data["title"])

    def clean_lead(self):
        return reject_markup(self.cleaned_data["lead"])

    def clean_body(self):
        return reject_markup(self.cleaned_data["body"])

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload:
            validate_image(upload)
        return upload

    def clean(self):
        data = super().clean()
        keeps_image = bool(data.get("upload")) or (
            bool(self.instance.image) and not data.get("remove_image")
        )
        if keeps_image and not data.get("image_alt", "").strip():
            self.add_error("image_alt", IMAGE_ALT_REQUIRED)
        # A published item needs its moment before the model's constraint is checked.
        if data.get("is_published") and not data.get("published_at"):
            data["published_at"] = timezone.now()
        return data


class NewsFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Вид"), choices=News.Kind.choices, empty_label=_("Все"), widget=FormSelect
    )
    status = django_filters.ChoiceFilter(
        label=_("Состояние"),
        choices=NewsStatus.choices,
        empty_label=_("Любое"),
        method="filter_status",
        widget=FormSelect,
    )

    class Meta:
        model = News
        fields = ["kind", "status"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(news_status_filter(value))


class ResultsForm(forms.ModelForm):
    """Whether a completed programme's results are on the site, and the summary shown there."""

    class Meta:
        model = Programme
        fields = ["results_published", "public_summary"]
        widgets = {"public_summary": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["results_published"].label = _("Опубликовать итоги на сайте")
        self.fields["public_summary"].help_text = _(
            "Что получилось, своими словами и без личных сведений: ни самооценки, ни отзыва, "
            "ни заключения куратора. Этот текст увидят посетители сайта."
        )
        self.helper = FormLayout(
            "public_summary", "results_published", Submit("save", _("Сохранить"))
        )

    def clean_public_summary(self):
        summary = reject_markup(self.cleaned_data["public_summary"]).strip()
        flat = " ".join(summary.split()).casefold()
        for name in PRIVATE_NOTES:
            note = " ".join(getattr(self.instance, name).split()).casefold()
            # A short note («Да», «Хорошо») may appear by chance; a sentence may not.
            if len(note) >= 20 and note in flat:
                raise ValidationError(
                    _(
                        "В итогах для сайта повторяется «%(field)s» — эти записи не "
                        "публикуются. Напишите итоги своими словами."
                    )
                    % {"field": Programme._meta.get_field(name).verbose_name}
                )
        return summary

    def clean(self):
        data = super().clean()
        if data.get("results_published") and data.get("public_summary") == "":
            self.add_error(
                "public_summary",
                _("Напишите итоги для сайта: без них публиковать нечего."),
            )
        return data

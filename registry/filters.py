import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import Consent, MenteeEntry, MentorEntry, Person, Topic

# Longer than any name or address; SQLite refuses a LIKE pattern of more than 50 000 bytes.
SEARCH_MAX_LENGTH = 200


class FormSelect(forms.Select):
    """Bootstrap's select; a class, because django-filter's choice fields want one."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "form-select", **(attrs or {})}, choices)


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Поиск"), method="filter_search", max_length=SEARCH_MAX_LENGTH
    )
    kind = django_filters.ChoiceFilter(
        label=_("Категория"),
        choices=Person.Kind.choices,
        empty_label=_("Все категории"),
        widget=FormSelect,
    )

    class Meta:
        model = Person
        fields = ["q", "kind"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


CONSENT_STATE_CHOICES = [
    ("valid", _("есть действующее")),
    ("missing", _("нет действующего")),
]


class BankFilter(django_filters.FilterSet):
    """What both banks filter by: search, МО, topic, the personal-data consent, sorting."""

    q = django_filters.CharFilter(
        label=_("Поиск"), method="filter_search", max_length=SEARCH_MAX_LENGTH
    )
    methodical_association = django_filters.ModelChoiceFilter(
        label=_("МО"),
        field_name="person__methodical_association",
        queryset=None,
        empty_label=_("Все МО"),
        widget=FormSelect,
    )
    consent = django_filters.ChoiceFilter(
        label=_("Согласие на обработку ПДн"),
        choices=CONSENT_STATE_CHOICES,
        empty_label=_("Любое"),
        method="filter_consent",
        widget=FormSelect,
    )

    def __init__(self, data=None, *args, organisation, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["methodical_association"].queryset = organisation.methodical_associations.all()
        self.filters["topic"].queryset = Topic.objects.for_organisation(organisation)

    def filter_search(self, queryset, name, value):
        return queryset.filter(person__in=Person.objects.search(value))

    def filter_consent(self, queryset, name, value):
        today = timezone.localdate()
        valid = Consent.objects.valid(today).filter(person=OuterRef("person"))
        # A minor's data rests on the representative's consent, an adult's on their own.
        in_force = Exists(valid.filter(kind=Consent.Kind.PERSONAL_DATA)) | Exists(
            valid.filter(kind=Consent.Kind.REPRESENTATIVE)
        )
        return queryset.filter(in_force) if value == "valid" else queryset.exclude(in_force)


class MenteeEntryFilter(BankFilter):
    status = django_filters.ChoiceFilter(
        label=_("Статус"),
        choices=MenteeEntry.Status.choices,
        empty_label=_("Все"),
        widget=FormSelect,
    )
    category = django_filters.ChoiceFilter(
        label=_("Категория"),
        choices=MenteeEntry.Category.choices,
        empty_label=_("Все"),
        widget=FormSelect,
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Направление запроса"),
        queryset=None,
        method="filter_topic",
        empty_label=_("Все"),
        widget=FormSelect,
    )
    sort = django_filters.OrderingFilter(
        label=_("Сортировка"),
        fields=(("person__search_text", "name"), ("entered_on", "entered"), ("status", "status")),
        field_labels={"name": _("ФИО"), "entered": _("дата включения"), "status": _("статус")},
        empty_label=_("По ФИО"),
        widget=FormSelect,
    )

    class Meta:
        model = MenteeEntry
        fields = ["q", "status", "category", "topic", "methodical_association", "consent"]

    def filter_topic(self, queryset, name, value):
        return queryset.filter(
            Q(person__professional_requests__topics=value),
            ~Q(person__professional_requests__status="rejected"),
        ).distinct()


class MentorEntryFilter(BankFilter):
    status = django_filters.ChoiceFilter(
        label=_("Статус"),
        choices=MentorEntry.Status.choices,
        empty_label=_("Все"),
        widget=FormSelect,
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Компетенция"),
        field_name="competencies",
        queryset=None,
        empty_label=_("Все"),
        widget=FormSelect,
    )
    sort = django_filters.OrderingFilter(
        label=_("Сортировка"),
        fields=(
            ("person__search_text", "name"),
            ("entered_on", "entered"),
            ("capacity", "capacity"),
        ),
        field_labels={"name": _("ФИО"), "entered": _("дата включения"), "capacity": _("нагрузка")},
        empty_label=_("По ФИО"),
        widget=FormSelect,
    )

    class Meta:
        model = MentorEntry
        fields = ["q", "status", "topic", "methodical_association", "consent"]


CONSENT_REGISTER_STATES = [
    ("valid", _("действует")),
    ("expiring", _("истекает в ближайшие 30 дней")),
    ("expired", _("истекло")),
    ("revoked", _("отозвано")),
    ("pending", _("ещё не вступило в силу")),
]


class ConsentFilter(django_filters.FilterSet):
    """The register's filters: a person's name, the kind and the state on today's date."""

    q = django_filters.CharFilter(
        label=_("Участник"), method="filter_search", max_length=SEARCH_MAX_LENGTH
    )
    kind = django_filters.ChoiceFilter(
        label=_("Вид"), choices=Consent.Kind.choices, empty_label=_("Все виды"), widget=FormSelect
    )
    state = django_filters.ChoiceFilter(
        label=_("Состояние"),
        choices=CONSENT_REGISTER_STATES,
        empty_label=_("Любое"),
        method="filter_state",
        widget=FormSelect,
    )

    class Meta:
        model = Consent
        fields = ["q", "kind", "state"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(person__in=Person.objects.search(value))

    def filter_state(self, queryset, name, value):
        # The same rules as Consent.state(), in SQL: revoked wins, then «not yet», then expiry.
        today = timezone.localdate()
        if value == "valid":
            return queryset.valid(today)
        if value == "expiring":
            return queryset.expiring(today)
        if value == "revoked":
            return queryset.filter(revoked_on__lte=today)
        not_revoked = queryset.exclude(revoked_on__lte=today)
        if value == "pending":
            return not_revoked.filter(given_on__gt=today)
        return not_revoked.filter(given_on__lte=today, valid_until__lt=today)

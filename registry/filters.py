import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from registry.models import Person


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Поиск"), method="filter_search")
    kind = django_filters.ChoiceFilter(
        label=_("Категория"),
        choices=Person.Kind.choices,
        empty_label=_("Все категории"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Person
        fields = ["q", "kind"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

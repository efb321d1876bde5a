"""Forms of orders: what each kind of draft needs, the edit of a draft, the director's remarks,
the journal's counter and the journal's filters."""

import django_filters
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import FormLayout, ModelMultipleChoiceField
from programmes.models import Group
from registry.filters import FormSelect
from registry.models import Membership, Person, fold
from roadmap.models import Order, OrderPerson, Regulation, RegulationVersion
from roadmap.services.drafting import staff_in_role

Role = OrderPerson.Role

# Which groups an order of each kind may name.
GROUP_FILTERS = {
    Order.Kind.FIX_GROUPS: Q(status=Group.Status.PROPOSED),
    Order.Kind.APPOINT_MENTORS: Q(status__in=[Group.Status.PROPOSED, Group.Status.FIXED]),
    Order.Kind.CHANGE_GROUP: Q(status__in=Group.OPEN_STATUSES, co_mentor__isnull=False),
    Order.Kind.FINISH: Q(status__in=[Group.Status.ACTIVE, Group.Status.FINISHED]),
}
GROUP_HELP = {
    Order.Kind.FIX_GROUPS: _("Предложенные пары и группы; после подписания они закрепляются."),
    Order.Kind.APPOINT_MENTORS: _("Предложенные и закреплённые пары и группы."),
    Order.Kind.CHANGE_GROUP: _(
        "Пары и группы, в которых назначен второй или замещающий наставник."
    ),
    Order.Kind.FINISH: _("Работающие и завершившие работу пары и группы."),
}
# The people fields of each kind: (field name, role, several, label).
PEOPLE_FIELDS = {
    Order.Kind.APPROVE_SYSTEM: [
        ("coordinator", Role.COORDINATOR, False, _("Координатор")),
        ("curator", Role.CURATOR, False, _("Куратор")),
        ("working_group_head", Role.WORKING_GROUP_HEAD, False, _("Руководитель рабочей группы")),
        ("working_group", Role.WORKING_GROUP, True, _("Члены рабочей группы")),
    ],
    Order.Kind.FINISH: [
        ("rewarded", Role.REWARDED, True, _("Кому объявить благодарность")),
    ],
}
# What the first step of a new order says about each kind.
KIND_DESCRIPTIONS = {
    Order.Kind.APPROVE_SYSTEM: _(
        "Утверждает Положение и дорожную карту, назначает координатора, куратора и рабочую группу."
    ),
    Order.Kind.FIX_GROUPS: _(
        "Закрепляет предложенные наставнические пары и группы; таблица пар — в приложении."
    ),
    Order.Kind.APPOINT_MENTORS: _("Назначает наставников: отдельный пункт на каждую пару."),
    Order.Kind.CHANGE_GROUP: _(
        "Назначает второго или замещающего наставника и изменяет подписанный приказ о парах."
    ),
    Order.Kind.FINISH: _(
        "Завершает персонализированные программы и объявляет благодарность наставникам."
    ),
    Order.Kind.FREE: _("Любой другой приказ: заголовок и пункты вы пишете сами."),
}


class GroupChoices(ModelMultipleChoiceField):
    """«Савельева С. С. → Зайцева А. С. · Педагог — молодой специалист · Предложена»."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, group):
        mentees = ", ".join(entry.person.short_name for entry in group.mentees.all())
        label = f"{group.mentor.person.short_name} → {mentees} · {group.form.name}"
        if group.co_mentor:
            label += f" · {group.get_co_mentor_role_display().lower()}: "
            label += group.co_mentor.person.short_name
        return f"{label} · {group.get_status_display().lower()}"


class PersonLabel:
    def label_from_instance(self, person):
        return f"{person.short_name} — {person.position}" if person.position else person.short_name


class PersonChoice(PersonLabel, forms.ModelChoiceField):
    widget = FormSelect


class PeopleChoices(PersonLabel, ModelMultipleChoiceField):
    widget = forms.SelectMultiple(attrs={"size": 8, "class": "form-select"})


def group_choices(organisation, kind: str, selected=()):
    """The organisation's groups an order of ``kind`` may name, and those it already names."""
    return (
        Group.objects.filter(organisation=organisation)
        .filter(GROUP_FILTERS[kind] | Q(pk__in=[group.pk for group in selected]))
        .select_related("mentor__person", "co_mentor__person", "form")
        .prefetch_related("mentees__person")
        .order_by("mentor__person__search_text", "pk")
    )


def polozhenie_versions(organisation):
    return RegulationVersion.objects.filter(
        regulation__organisation=organisation, regulation__kind=Regulation.Kind.POLOZHENIE
    ).select_related("regulation", "approved_order")


class VersionChoice(forms.ModelChoiceField):
    widget = FormSelect

    def label_from_instance(self, version):
        state = _("утверждена") if version.is_approved else _("не утверждена")
        return f"{version.regulation.title}, редакция {version.number} ({state})"


class RoadmapChoice(forms.ModelChoiceField):
    widget = FormSelect

    def label_from_instance(self, roadmap):
        state = _("утверждена") if roadmap.is_approved else _("не утверждена")
        return f"{roadmap.title}, {roadmap.period_label} ({state})"


class SignedOrderChoice(forms.ModelChoiceField):
    widget = FormSelect

    def label_from_instance(self, order):
        return f"№ {order.number_text} от {order.signed_on:%d.%m.%Y} «{order.heading}»"


def create_initial(organisation, kind: str, amends: Order | None) -> dict:
    """What a new draft starts with: the organisation's curator and working group, the newest
    roadmap and Положение not yet approved, the groups of the order being amended."""
    initial = {}
    if kind == Order.Kind.APPROVE_SYSTEM:
        initial["curator"] = staff_in_role(organisation, Membership.Role.CURATOR).first()
        initial["working_group"] = list(staff_in_role(organisation, Membership.Role.WORKING_GROUP))
        roadmaps = [roadmap for roadmap in organisation.roadmaps.all() if not roadmap.is_approved]
        initial["roadmap"] = roadmaps[0] if roadmaps else None
        versions = [v for v in polozhenie_versions(organisation) if not v.is_approved]
        initial["regulation_version"] = versions[0] if versions else None
    if amends is not None:
        initial["amends"] = amends
        initial["groups"] = list(
            group_choices(organisation, kind).filter(orders=amends).values_list("pk", flat=True)
        )
    return initial


class OrderForm(forms.Form):
    """A new draft (what its kind needs) or the edit of a draft (its text as well)."""

    def __init__(self, data=None, *, organisation, kind, order=None, initial=None):
        self.kind, self.order = kind, order
        editing = order is not None
        if editing:
            initial = self._initial_from(order)
        super().__init__(data, initial=initial)
        layout = []
        if editing or kind == Order.Kind.FREE:
            self.fields["heading"] = forms.CharField(
                label=_("Заголовок"),
                max_length=500,
                help_text=_("Начинается с «О»: «О проведении конкурса наставников»."),
            )
            layout.append("heading")
        if editing:
            self.fields["preamble"] = forms.CharField(
                label=_("Преамбула"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("Цель и основание приказа; печатается перед «ПРИКАЗЫВАЮ:»."),
            )
            self.fields["items"] = forms.CharField(
                label=_("Пункты"),
                widget=forms.Textarea(attrs={"rows": 14}),
                help_text=Order._meta.get_field("items").help_text,
            )
            layout += ["preamble", "items"]
        if kind == Order.Kind.APPROVE_SYSTEM:
            self.fields["regulation_version"] = VersionChoice(
                label=_("Положение (приложение 1)"),
                queryset=polozhenie_versions(organisation),
                required=False,
            )
            self.fields["roadmap"] = RoadmapChoice(
                label=_("Дорожная карта (приложение 2)"),
                queryset=organisation.roadmaps.all(),
                required=False,
            )
            layout += ["regulation_version", "roadmap"]
        if kind == Order.Kind.CHANGE_GROUP:
            self.fields["amends"] = SignedOrderChoice(
                label=_("Изменяет приказ"),
                queryset=organisation.orders.filter(status=Order.Status.SIGNED),
                required=False,
                help_text=_("Подписанный приказ, в который вносятся изменения."),
            )
            layout.append("amends")
        if kind in Order.GROUP_KINDS:
            selected = list(order.groups.all()) if editing else []
            self.fields["groups"] = GroupChoices(
                label=_("Пары и группы"),
                queryset=group_choices(organisation, kind, selected),
                help_text=GROUP_HELP[kind],
                error_messages={"required": _("Выберите хотя бы одну пару или группу.")},
            )
            layout.append("groups")
        staff = organisation.people.identified().exclude(kind=Person.Kind.STUDENT)
        for name, _role, several, label in PEOPLE_FIELDS.get(kind, []):
            field_class = PeopleChoices if several else PersonChoice
            self.fields[name] = field_class(label=label, queryset=staff, required=False)
            layout.append(name)
        if "rewarded" in self.fields:
            self.fields["rewarded"].help_text = _(
                "Не выбрано никого — благодарность объявляется наставникам выбранных пар."
            )
        if "working_group" in self.fields:
            self.fields["working_group"].help_text = _("Несколько — с клавишей Ctrl.")
        submit = _("Сохранить") if editing else _("Составить черновик")
        self.helper = FormLayout(*layout, Submit("save", submit))

    def _initial_from(self, order: Order) -> dict:
        initial = {
            "heading": order.heading,
            "preamble": order.preamble,
            "items": order.items,
            "roadmap": order.roadmap_id,
            "regulation_version": order.regulation_version_id,
            "amends": order.amends_id,
            "groups": [group.pk for group in order.groups.all()],
        }
        rows = list(order.people.all())
        for name, role, several, _label in PEOPLE_FIELDS.get(order.kind, []):
            chosen = [row.person_id for row in rows if row.role == role]
            initial[name] = chosen if several else next(iter(chosen), None)
        return initial

    def clean(self):
        data = super().clean()
        if (
            self.kind == Order.Kind.APPROVE_SYSTEM
            and not data.get("roadmap")
            and not data.get("regulation_version")
        ):
            raise forms.ValidationError(_("Выберите Положение, дорожную карту или оба документа."))
        return data

    def people(self) -> list[tuple[Person, str, str]]:
        """(person, role, position) for the service; a position typed into the order before
        is kept."""
        fields = PEOPLE_FIELDS.get(self.kind, [])
        kept = {}
        if self.order is not None:
            kept = {(row.person_id, row.role): row.position for row in self.order.people.all()}
        result = []
        for name, role, several, _label in fields:
            value = self.cleaned_data.get(name)
            chosen = list(value) if several else [value] if value else []
            result += [(person, role, kept.get((person.pk, role), "")) for person in chosen]
        return result

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            "roadmap": data.get("roadmap"),
            "regulation_version": data.get("regulation_version"),
            "amends": data.get("amends"),
        }
        if "groups" in self.fields:
            fields["groups"] = list(data["groups"])
        if self.kind in PEOPLE_FIELDS:
            fields["people"] = self.people()
        for name in ("heading", "preamble", "items"):
            if name in self.fields:
                fields[name] = data[name]
        return fields


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Что нужно исправить"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Напишите, что нужно исправить.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormLayout("comment", Submit("return", _("Вернуть на доработку")))


class JournalForm(forms.Form):
    year = forms.IntegerField(label=_("Год"), min_value=2000, max_value=2100)
    last_number = forms.IntegerField(
        label=_("Последний использованный номер"),
        min_value=0,
        max_value=99_999,  # the journal's column holds a 4-byte integer
        help_text=_(
            "Номер последнего приказа в бумажном журнале за этот год: следующий подписанный "
            "приказ получит номер на единицу больше."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormLayout("year", "last_number", Submit("save", _("Сохранить")))


class OrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Поиск"), method="filter_search")
    year = django_filters.ChoiceFilter(
        label=_("Год"),
        choices=[],
        empty_label=_("Все годы"),
        method="filter_year",
        widget=FormSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Вид"), choices=Order.Kind.choices, empty_label=_("Все виды"), widget=FormSelect
    )
    status = django_filters.ChoiceFilter(
        label=_("Состояние"),
        choices=Order.Status.choices,
        empty_label=_("Любое"),
        widget=FormSelect,
    )

    class Meta:
        model = Order
        fields = ["q", "year", "kind", "status"]

    def __init__(self, data=None, *args, organisation, **kwargs):
        super().__init__(data, *args, **kwargs)
        orders = Order.objects.filter(organisation=organisation)
        years = {year for year in orders.values_list("journal_year", flat=True) if year}
        years |= {day.year for day in orders.filter(journal_year=None).dates("created_at", "year")}
        years.add(timezone.localdate().year)
        self.filters["year"].extra["choices"] = [
            (str(y), str(y)) for y in sorted(years, reverse=True)
        ]

    def filter_year(self, queryset, name, value):
        """A signed order belongs to its journal's year, a draft to the year it was made."""
        year = int(value)
        return queryset.filter(
            Q(journal_year=year) | Q(journal_year__isnull=True, created_at__year=year)
        )

    def filter_search(self, queryset, name, value):
        """Every word in the heading or the number, folded in Python: SQLite's LIKE folds the
        case of ASCII letters only, and «Закреплении» must be found by «закреплении»."""
        words = fold(value).split()
        found = [
            pk
            for pk, heading, number in queryset.values_list("pk", "heading", "number_text")
            if all(word in fold(f"{heading} {number}") for word in words)
        ]
        return queryset.filter(pk__in=found)

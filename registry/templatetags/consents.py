"""Consent states wherever a person appears: ``{% consent_badges person %}`` for the short
summary, ``{% consent_state consent %}`` for one consent's state, ``{% consent_kinds person %}``
for the kinds a person is asked to sign."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from registry.models import Consent, Person, consent_summary, required_personal_data_kind

register = template.Library()

State = Consent.State
Kind = Consent.Kind

# Colour backs the words, never replaces them; these Bootstrap pairs pass WCAG AA contrast.
STATE_CLASSES = {
    State.VALID: "text-bg-success",
    State.EXPIRING: "text-bg-warning",
    State.EXPIRED: "text-bg-danger",
    State.REVOKED: "text-bg-danger",
    State.PENDING: "text-bg-secondary",
    State.MISSING: "text-bg-secondary",
}


def kinds_for(person: Person) -> list[str]:
    """The kinds that apply to ``person``: the consent their data rests on, publication, and
    for everyone but students the written consent to a mentor's additional duties."""
    kinds = [required_personal_data_kind(person), Kind.PUBLICATION]
    if person.kind != Person.Kind.STUDENT:
        kinds.append(Kind.DUTIES)
    return kinds


SHORT_LABELS = {
    Kind.PERSONAL_DATA: _("ПДн"),
    Kind.REPRESENTATIVE: _("ПДн (представитель)"),
    Kind.PUBLICATION: _("Публикация"),
    Kind.DUTIES: _("Наставничество"),
}


@register.inclusion_tag("registry/_consent_badges.html")
def consent_badges(person, only=""):
    """One badge per applicable kind: «ПДн: действует». Reads ``person.consents.all()``, so a
    list that prefetches ``consents`` pays no query per row. ``only="data"`` shows just the
    consent the person's data rests on (where the other kinds do not matter, e.g. mentees)."""
    summary = consent_summary(person)
    badges = []
    kinds = kinds_for(person)
    if only == "data":
        kinds = kinds[:1]
    for kind in kinds:
        state = summary[kind]
        css = STATE_CLASSES[state]
        if state == State.MISSING and kind == required_personal_data_kind(person):
            css = "text-bg-danger"  # without it the person cannot take part at all
        badges.append(
            {
                "text": f"{SHORT_LABELS[kind]}: {State(state).label}",
                "title": Kind(kind).label,
                "css": css,
            }
        )
    return {"badges": badges}


@register.simple_tag
def consent_state(consent):
    """A badge with one consent's state today, in words."""
    state = consent.state()
    return format_html('<span class="badge {}">{}</span>', STATE_CLASSES[state], State(state).label)


@register.simple_tag
def consent_kinds(person):
    """``[(kind, label)]`` for the kinds that apply to ``person``."""
    return [(kind, Kind(kind).label) for kind in kinds_for(person)]

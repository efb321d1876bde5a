"""Fetch-and-authorise helpers for the roadmap, orders and local acts.

Every member reads the roadmap and the local acts; the curator and the working group edit
them and draft orders; the journal of orders is for the administration (and the authority's
coordinator, read-only); only the director signs. Outsiders get 404, members without the
right 403 — registry.access decides which.
"""

from registry.access import Can, get_in_organisation
from roadmap.models import (
    Activity,
    NormativeDocument,
    Order,
    Regulation,
    RegulationVersion,
    Roadmap,
    Stage,
)


def get_roadmap(request, slug: str, pk: int, capability: Can = Can.VIEW) -> Roadmap:
    return get_in_organisation(
        request,
        slug,
        capability,
        Roadmap.objects.select_related("organisation", "approved_order"),
        pk,
        organisation_path="organisation",
    )


def get_stage(request, slug: str, pk: int, capability: Can = Can.MANAGE_ROADMAP) -> Stage:
    return get_in_organisation(
        request,
        slug,
        capability,
        Stage.objects.select_related("roadmap__organisation"),
        pk,
        organisation_path="roadmap__organisation",
    )


def get_activity(request, slug: str, pk: int, capability: Can = Can.MANAGE_ROADMAP) -> Activity:
    return get_in_organisation(
        request,
        slug,
        capability,
        Activity.objects.select_related("stage__roadmap__organisation"),
        pk,
        organisation_path="stage__roadmap__organisation",
    )


def get_order(request, slug: str, pk: int, capability: Can = Can.VIEW_ORDERS) -> Order:
    return get_in_organisation(
        request,
        slug,
        capability,
        Order.objects.select_related(
            "organisation", "organisation__director", "roadmap", "regulation_version__regulation"
        ),
        pk,
        organisation_path="organisation",
    )


def get_regulation(request, slug: str, pk: int, capability: Can = Can.VIEW) -> Regulation:
    return get_in_organisation(
        request,
        slug,
        capability,
        Regulation.objects.select_related("organisation"),
        pk,
        organisation_path="organisation",
    )


def get_regulation_version(
    request, slug: str, pk: int, capability: Can = Can.VIEW
) -> RegulationVersion:
    return get_in_organisation(
        request,
        slug,
        capability,
        RegulationVersion.objects.select_related("regulation__organisation", "approved_order"),
        pk,
        organisation_path="regulation__organisation",
    )


def get_normative_document(
    request, slug: str, pk: int, capability: Can = Can.VIEW
) -> NormativeDocument:
    return get_in_organisation(
        request,
        slug,
        capability,
        NormativeDocument.objects.select_related("organisation"),
        pk,
        organisation_path="organisation",
    )

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import render
from django.views.decorators.http import require_GET

from registry.access import access_for, organisations_for
from registry.context_processors import menu_for
from registry.models import Membership


@login_required
@require_GET
def home(request):
    """Where every user lands: their organisations, their roles there, and the way to work."""
    access = access_for(request.user)
    cards = []
    organisations = organisations_for(request.user).select_related("parent")
    # Authorities first, then their schools by name.
    ordered = organisations.order_by(F("parent_id").asc(nulls_first=True), "short_name")
    for organisation in ordered:
        held = access.roles.get(organisation.pk, frozenset())
        cards.append(
            {
                "organisation": organisation,
                "roles": [role.label for role in Membership.Role if role in held],
                "via_authority": not held and not access.is_superuser,
                "menu": menu_for(request.user, organisation),
            }
        )
    return render(request, "home.html", {"cards": cards})

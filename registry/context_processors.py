from registry.access import access_for


def navigation(request):
    """The current organisation (set by the access helpers) and what the user may do in it,
    so the menu shows only the links that will open."""
    organisation = getattr(request, "organisation", None)
    user = getattr(request, "user", None)
    if organisation is None or user is None:
        return {"current_organisation": None, "can": {}}
    capabilities = access_for(user).capabilities(organisation)
    return {
        "current_organisation": organisation,
        "can": {capability.value: True for capability in capabilities},
    }

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry.access import Can, access_for
from registry.services.selfservice import inbox_count

# The organisation's menu: (URL name, label, the capability that opens it).
MENU = [
    ("registry:person_list", _("Участники"), Can.VIEW_PEOPLE),
    ("registry:mentee_list", _("Наставляемые"), Can.VIEW_PEOPLE),
    ("registry:mentor_list", _("Наставники"), Can.VIEW_PEOPLE),
    ("programmes:waiting_list", _("Ждут наставника"), Can.VIEW_PROGRAMMES),
    ("programmes:matching_proposal", _("Подбор"), Can.MANAGE_PROGRAMMES),
    ("programmes:group_list", _("Пары и группы"), Can.VIEW),
    ("programmes:programme_list", _("Программы"), Can.VIEW),
    ("programmes:monitoring", _("Мониторинг"), Can.VIEW_PROGRAMMES),
    ("programmes:practice_list", _("Копилка"), Can.VIEW),
    ("registry:consent_list", _("Согласия"), Can.VIEW_PEOPLE),
    ("registry:training_list", _("Обучение"), Can.VIEW_PEOPLE),
    ("registry:topic_list", _("Направления"), Can.VIEW_PEOPLE),
    ("registry:inbox", _("Входящие"), Can.EDIT_PEOPLE),
    ("registry:organisation_settings", _("Настройки"), Can.MANAGE_SETTINGS),
]
# What every member who is a participant fills about themselves.
OWN_MENU = [
    ("registry:my_requests", _("Мои запросы")),
    ("registry:my_mentor_questionnaire", _("Анкета наставника")),
]


def navigation(request):
    """The current organisation (set by the access helpers) and the menu of what the user may
    open there, so the menu shows only the links that will open."""
    organisation = getattr(request, "organisation", None)
    user = getattr(request, "user", None)
    if organisation is None or user is None or not user.is_authenticated:
        return {"current_organisation": None, "org_menu": []}
    capabilities = access_for(user).capabilities(organisation)
    return {
        "current_organisation": organisation,
        "org_menu": menu_for(user, organisation, current_path=request.path, counts=True),
        "can": {capability.value: True for capability in capabilities},
    }


def menu_for(user, organisation, *, current_path="", counts=False):
    """The links of the organisation's menu that ``user`` may open: the page header shows
    them, and so does the home page, one organisation card each."""
    access = access_for(user)
    capabilities = access.capabilities(organisation)
    menu = [(name, label) for name, label, capability in MENU if capability in capabilities]
    if access.roles.get(organisation.pk):
        menu += OWN_MENU
    items = []
    for name, label in menu:
        url = reverse(name, args=[organisation.slug])
        items.append(
            {
                "url": url,
                "label": label,
                "current": bool(current_path) and current_path.startswith(url),
                "count": inbox_count(organisation) if counts and name == "registry:inbox" else 0,
            }
        )
    return items

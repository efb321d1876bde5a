from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry.access import Can, access_for
from registry.services.selfservice import inbox_count

# The organisation's menu in sections: (section label, [(URL name, label, capability)]).
# The URL names of later apps are plain strings: reversing them needs no import of those apps.
MENU = [
    (
        _("Отчёты"),
        [
            ("roadmap:dashboard", _("Сводка"), Can.VIEW),
            ("roadmap:report_list", _("Аналитический отчёт"), Can.VIEW_REPORTS),
        ],
    ),
    (
        _("Банки"),
        [
            ("registry:person_list", _("Участники"), Can.VIEW_PEOPLE),
            ("registry:mentee_list", _("Наставляемые"), Can.VIEW_PEOPLE),
            ("registry:mentor_list", _("Наставники"), Can.VIEW_PEOPLE),
            ("registry:consent_list", _("Согласия"), Can.VIEW_PEOPLE),
            ("registry:training_list", _("Обучение наставников"), Can.VIEW_PEOPLE),
            ("registry:topic_list", _("Направления"), Can.VIEW_PEOPLE),
            ("registry:inbox", _("Входящие"), Can.EDIT_PEOPLE),
        ],
    ),
    (
        _("Наставничество"),
        [
            ("programmes:waiting_list", _("Ждут наставника"), Can.VIEW_PROGRAMMES),
            ("programmes:matching_proposal", _("Подбор"), Can.MANAGE_PROGRAMMES),
            ("programmes:group_list", _("Пары и группы"), Can.VIEW),
            ("programmes:programme_list", _("Программы"), Can.VIEW),
            ("programmes:monitoring", _("Мониторинг"), Can.VIEW_PROGRAMMES),
            ("programmes:practice_list", _("Методическая копилка"), Can.VIEW),
        ],
    ),
    (
        _("Управление"),
        [
            ("roadmap:roadmap_list", _("Дорожная карта"), Can.VIEW),
            ("roadmap:order_list", _("Приказы"), Can.VIEW_ORDERS),
            ("roadmap:regulation_list", _("Положение и локальные акты"), Can.VIEW),
            ("roadmap:document_list", _("Нормативные документы"), Can.VIEW),
            ("registry:organisation_settings", _("Настройки"), Can.MANAGE_SETTINGS),
        ],
    ),
    (
        _("Сайт"),
        [
            ("roadmap:public_settings", _("Публичный раздел"), Can.PUBLISH),
            ("roadmap:news_list", _("Новости и объявления"), Can.PUBLISH),
            ("roadmap:results_list", _("Итоги программ"), Can.PUBLISH),
        ],
    ),
]
# An education authority has no banks or programmes of its own: its menu is its schools' figures.
AUTHORITY_MENU = [
    (_("Отчёты"), [("roadmap:authority_overview", _("Показатели школ"), Can.VIEW_REPORTS)]),
]
# What every member who is a participant fills about themselves.
OWN_MENU = (
    _("Мои анкеты"),
    [
        ("registry:my_requests", _("Мои запросы")),
        ("registry:my_mentor_questionnaire", _("Анкета наставника")),
    ],
)


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
    """The sections of the organisation's menu with the links ``user`` may open: the page
    header shows them, and so does the home page, one organisation card each. A section with
    no link the user may open is left out."""
    access = access_for(user)
    capabilities = access.capabilities(organisation)
    sections = [
        (label, [(name, text) for name, text, capability in links if capability in capabilities])
        for label, links in (AUTHORITY_MENU if organisation.is_authority else MENU)
    ]
    # Participants fill their own forms in a school; an authority has no participants.
    if access.roles.get(organisation.pk) and not organisation.is_authority:
        sections.append(OWN_MENU)
    menu = []
    for label, links in sections:
        items = [_menu_item(name, text, organisation, current_path, counts) for name, text in links]
        if items:
            menu.append(
                {
                    "label": label,
                    "items": items,
                    "current": any(item["current"] for item in items),
                    "count": sum(item["count"] for item in items),
                }
            )
    return menu


def _menu_item(name, label, organisation, current_path, counts):
    url = reverse(name, args=[organisation.slug])
    return {
        "url": url,
        "label": label,
        "current": bool(current_path) and current_path.startswith(url),
        "count": inbox_count(organisation) if counts and name == "registry:inbox" else 0,
    }

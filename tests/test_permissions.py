"""Every URL name × every persona → the status the persona gets.

Outsiders get 404 (they learn nothing of another school), members without the right get 403,
anonymous visitors are sent to the login page (302). A URL name that is missing from the table
fails the suite, so a new page cannot ship without its row.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS

# Django's admin has its own permission system (is_staff); the admin index stands for it.
IGNORED_NAMESPACES = {"admin"}

# method url-name  then one status per persona, in the order of the header.
TABLE = """
                                      anon  dir  cur   wg  mntr mnte coord other su
GET  home                              302  200  200  200  200  200  200   200  200
GET  login                             200  302  302  302  302  302  302   302  302
POST logout                            302  302  302  302  302  302  302   302  302
GET  password_change                   302  200  200  200  200  200  200   200  200
GET  password_change_done              302  200  200  200  200  200  200   200  200
GET  registry:organisation_settings    302  200  200  403  403  403  403   404  200
GET  registry:person_list              302  200  200  200  403  403  200   404  200
GET  registry:person_create            302  403  200  200  403  403  403   404  200
GET  registry:person_detail            302  200  200  200  403  403  200   404  200
GET  registry:person_edit              302  403  200  200  403  403  403   404  200
GET  registry:person_names             302  403  200  200  403  403  403   404  200
GET  registry:topic_list               302  200  200  200  403  403  200   404  200
GET  registry:topic_create             302  403  200  200  403  403  403   404  200
GET  registry:topic_edit               302  403  200  200  403  403  403   404  200
GET  registry:mentee_list              302  200  200  200  403  403  200   404  200
GET  registry:mentee_create            302  403  200  200  403  403  403   404  200
GET  registry:mentee_detail            302  200  200  200  403  200  200   404  200
GET  registry:mentee_edit              302  403  200  200  403  403  403   404  200
GET  registry:request_create           302  403  200  200  403  403  403   404  200
GET  registry:mentor_list              302  200  200  200  403  403  200   404  200
GET  registry:mentor_create            302  403  200  200  403  403  403   404  200
GET  registry:mentor_detail            302  200  200  200  200  403  200   404  200
GET  registry:mentor_edit              302  403  200  200  403  403  403   404  200
GET  registry:training_list            302  200  200  200  403  403  200   404  200
GET  registry:training_create          302  403  200  200  403  403  403   404  200
GET  registry:training_edit            302  403  200  200  403  403  403   404  200
GET  registry:consent_list             302  200  200  200  403  403  200   404  200
GET  registry:consent_create           302  403  200  200  403  403  403   404  200
GET  registry:consent_edit             302  403  200  200  403  403  403   404  200
GET  registry:consent_revoke           302  403  200  200  403  403  403   404  200
GET  registry:consent_scan             302  200  200  200  403  403  200   404  200
GET  registry:consent_form             302  403  200  200  403  403  403   404  200
GET  registry:person_anonymise         302  403  200  403  403  403  403   404  200
GET  registry:people_import            302  403  200  200  403  403  403   404  200
GET  registry:people_import_template   302  403  200  200  403  403  403   404  200
GET  registry:mentee_export            302  200  200  200  403  403  200   404  200
GET  registry:mentor_export            302  200  200  200  403  403  200   404  200
POST registry:link_create              302  403  302  302  403  403  403   404  302
POST registry:link_revoke              302  403  302  302  403  403  403   404  302
GET  registry:inbox                    302  403  200  200  403  403  403   404  200
GET  registry:request_decide           302  403  200  200  403  403  403   404  200
GET  registry:questionnaire_decide     302  403  200  200  403  403  403   404  200
GET  registry:my_requests              302  200  200  200  200  200  403   404  403
GET  registry:my_mentor_questionnaire  302  200  200  200  200  200  403   404  403
GET  selfservice:personal_link         200  200  200  200  200  200  200   200  200
GET  programmes:form_list              302  200  200  200  200  200  200   404  200
GET  programmes:form_create            302  403  200  200  403  403  403   404  200
GET  programmes:form_edit              302  403  200  200  403  403  403   404  200
GET  programmes:group_list             302  200  200  200  200  200  200   404  200
GET  programmes:group_create           302  403  200  200  403  403  403   404  200
GET  programmes:group_detail           302  200  200  200  200  200  200   404  200
GET  programmes:group_edit             302  403  200  200  403  403  403   404  200
GET  programmes:group_status           302  403  200  200  403  403  403   404  200
GET  programmes:waiting_list           302  200  200  200  403  403  200   404  200
GET  programmes:matching_candidates    302  403  200  200  403  403  403   404  200
GET  programmes:matching_proposal      302  403  200  200  403  403  403   404  200
GET  programmes:programme_list         302  200  200  200  200  200  200   404  200
GET  programmes:template_list          302  200  200  200  403  403  200   404  200
GET  programmes:programme_create       302  403  200  200  403  403  403   404  200
GET  programmes:programme_detail       302  200  200  200  200  200  200   404  200
GET  programmes:programme_edit         302  403  200  200  403  403  403   404  200
GET  programmes:programme_pdf          302  200  200  200  200  200  200   404  200
GET  programmes:item_create            302  403  200  200  200  403  403   404  200
GET  programmes:item_update            302  403  200  200  200  403  403   404  200
GET  programmes:item_evidence          302  200  200  200  200  200  200   404  200
GET  programmes:meeting_create         302  403  200  200  200  403  403   404  200
POST programmes:comment_create         302  403  302  302  302  302  403   404  302
GET  programmes:amendment_create       302  403  200  200  403  403  403   404  200
GET  programmes:programme_complete     302  403  200  200  403  403  403   404  200
GET  programmes:programme_results      302  403  200  200  200  200  403   404  200
POST programmes:programme_best_practice 302 403  302  302  403  403  403   404  302
POST programmes:programme_save_template 302 403  302  302  403  403  403   404  302
GET  programmes:survey_answer          302  403  403  403  403  200  403   404  403
GET  programmes:workload_pdf           302  200  200  200  200  403  200   404  200
GET  programmes:workload_xlsx          302  200  200  200  200  403  200   404  200
GET  programmes:monitoring             302  200  200  200  403  403  200   404  200
GET  programmes:monitoring_export      302  200  200  200  403  403  200   404  200
GET  programmes:practice_list          302  200  200  200  200  200  200   404  200
GET  programmes:practice_create        302  403  200  200  403  403  403   404  200
GET  programmes:practice_detail        302  200  200  200  200  200  200   404  200
GET  programmes:practice_edit          302  403  200  200  403  403  403   404  200
GET  programmes:practice_file          302  200  200  200  200  200  200   404  200
GET  roadmap:roadmap_list              302  200  200  200  200  200  200   404  200
GET  roadmap:roadmap_create            302  403  200  200  403  403  403   404  200
GET  roadmap:roadmap_detail            302  200  200  200  200  200  200   404  200
GET  roadmap:roadmap_edit              302  403  200  200  403  403  403   404  200
GET  roadmap:roadmap_timeline          302  200  200  200  200  200  200   404  200
GET  roadmap:roadmap_pdf               302  200  200  200  200  200  200   404  200
GET  roadmap:stage_create              302  403  200  200  403  403  403   404  200
GET  roadmap:stage_edit                302  403  200  200  403  403  403   404  200
GET  roadmap:activity_create           302  403  200  200  403  403  403   404  200
GET  roadmap:activity_edit             302  403  200  200  403  403  403   404  200
POST roadmap:activity_status           302  403  302  302  403  403  403   404  302
GET  roadmap:activity_evidence         302  200  200  200  200  200  200   404  200
GET  roadmap:order_list                302  200  200  200  403  403  200   404  200
GET  roadmap:order_export              302  200  200  200  403  403  200   404  200
GET  roadmap:journal_settings          302  200  403  403  403  403  403   404  200
GET  roadmap:order_create              302  403  200  200  403  403  403   404  200
GET  roadmap:order_detail              302  200  200  200  403  403  200   404  200
GET  roadmap:order_edit                302  403  200  200  403  403  403   404  200
POST roadmap:order_redraft             302  403  302  302  403  403  403   404  302
GET  roadmap:order_delete              302  403  200  200  403  403  403   404  200
POST roadmap:order_send                302  403  302  302  403  403  403   404  302
POST roadmap:order_sign                302  302  403  403  403  403  403   404  302
GET  roadmap:order_return              302  200  403  403  403  403  403   404  200
GET  roadmap:order_pdf                 302  200  200  200  403  403  200   404  200
GET  roadmap:regulation_list           302  200  200  200  200  200  200   404  200
GET  roadmap:regulation_create         302  403  200  200  403  403  403   404  200
GET  roadmap:regulation_detail         302  200  200  200  200  200  200   404  200
GET  roadmap:regulation_edit           302  403  200  200  403  403  403   404  200
GET  roadmap:version_create            302  403  200  200  403  403  403   404  200
GET  roadmap:version_edit              302  403  200  200  403  403  403   404  200
GET  roadmap:version_pdf               302  200  200  200  200  200  200   404  200
GET  roadmap:document_list             302  200  200  200  200  200  200   404  200
GET  roadmap:document_create           302  403  200  200  403  403  403   404  200
GET  roadmap:document_edit             302  403  200  200  403  403  403   404  200
GET  roadmap:document_file             302  200  200  200  200  200  200   404  200
GET  roadmap:dashboard                 302  200  200  200  200  200  200   404  200
GET  roadmap:report_list               302  200  200  200  403  403  200   404  200
GET  roadmap:annual_report             302  200  200  200  403  403  200   404  200
GET  roadmap:annual_report_edit        302  403  200  200  403  403  403   404  200
GET  roadmap:annual_report_pdf         302  200  200  200  403  403  200   404  200
GET  roadmap:annual_report_xlsx        302  200  200  200  403  403  200   404  200
GET  roadmap:statistics                302  200  200  200  403  403  200   404  200
GET  roadmap:authority_overview        302  404  404  404  404  404  200   404  200
GET  roadmap:authority_export          302  404  404  404  404  404  200   404  200
GET  roadmap:public_settings           302  403  200  200  403  403  403   404  200
GET  roadmap:news_list                 302  403  200  200  403  403  403   404  200
GET  roadmap:news_create               302  403  200  200  403  403  403   404  200
GET  roadmap:news_edit                 302  403  200  200  403  403  403   404  200
GET  roadmap:news_delete               302  403  200  200  403  403  403   404  200
GET  roadmap:results_list              302  403  200  200  403  403  403   404  200
GET  roadmap:results_publish           302  403  200  200  403  403  403   404  200
GET  reminders:settings                302  200  200  200  200  200  200   200  200
GET  reminders:unsubscribe             200  200  200  200  200  200  200   200  200
GET  sitemap                           200  200  200  200  200  200  200   200  200
GET  public:index                      200  200  200  200  200  200  200   200  200
GET  public:documents                  200  200  200  200  200  200  200   200  200
GET  public:document_file              200  200  200  200  200  200  200   200  200
GET  public:regulation                 200  200  200  200  200  200  200   200  200
GET  public:roadmap                    200  200  200  200  200  200  200   200  200
GET  public:news_list                  200  200  200  200  200  200  200   200  200
GET  public:news_feed                  200  200  200  200  200  200  200   200  200
GET  public:news_detail                200  200  200  200  200  200  200   200  200
GET  public:news_image                 200  200  200  200  200  200  200   200  200
GET  public:mentors                    200  200  200  200  200  200  200   200  200
GET  public:results                    200  200  200  200  200  200  200   200  200
GET  public:practice_file              200  200  200  200  200  200  200   200  200
GET  public:vision                     200  200  200  200  200  200  200   200  200
GET  calendar:settings                 302  200  200  200  200  200  200   200  200
GET  calendar:feed                     200  200  200  200  200  200  200   200  200
"""


def url_for(name, world):
    """The URL of ``name`` for the objects of the test world (the school's own)."""
    org = world.school.slug
    objects = {
        "person": world.person.pk,
        "topic": world.topic.pk,
        "mentee": world.mentee_entry.pk,
        "mentor": world.mentor_entry.pk,
        "training": world.training.pk,
        "consent": world.consent.pk,
        "link": world.link.pk,
        "request": world.professional_request.pk,
        "questionnaire": world.questionnaire.pk,
        "form": world.form.pk,
        "group": world.group.pk,
        "new_group": world.new_group.pk,
        "programme": world.programme.pk,
        "item": world.item.pk,
        "practice": world.practice.pk,
        "roadmap": world.roadmap.pk,
        "stage": world.stage.pk,
        "activity": world.activity.pk,
        "draft_order": world.draft_order.pk,
        "sent_order": world.sent_order.pk,
        "regulation": world.regulation.pk,
        "version": world.version.pk,
        "document": world.normative_document.pk,
        "news": world.news.pk,
        "public_document": world.public_document.pk,
        "public_practice": world.public_practice.pk,
        "finished_programme": world.finished_programme.pk,
    }
    # URL name → the object its <pk> names (None: the URL takes only the organisation).
    pk_of = {
        "registry:person_detail": "person",
        "registry:person_edit": "person",
        "registry:person_names": "person",
        "registry:topic_edit": "topic",
        "registry:mentee_detail": "mentee",
        "registry:mentee_edit": "mentee",
        "registry:request_create": "person",
        "registry:mentor_detail": "mentor",
        "registry:mentor_edit": "mentor",
        "registry:training_edit": "training",
        "registry:consent_create": "person",
        "registry:consent_edit": "consent",
        "registry:consent_revoke": "consent",
        "registry:consent_scan": "consent",
        "registry:person_anonymise": "person",
        "registry:link_create": "person",
        "registry:link_revoke": "link",
        "registry:request_decide": "request",
        "registry:questionnaire_decide": "questionnaire",
        "programmes:form_edit": "form",
        "programmes:group_detail": "group",
        "programmes:group_edit": "group",
        "programmes:group_status": "group",
        "programmes:matching_candidates": "mentee",
        "programmes:programme_create": "new_group",
        "programmes:programme_detail": "programme",
        "programmes:programme_edit": "programme",
        "programmes:programme_pdf": "programme",
        "programmes:item_create": "programme",
        "programmes:item_update": "item",
        "programmes:item_evidence": "item",
        "programmes:meeting_create": "programme",
        "programmes:comment_create": "programme",
        "programmes:amendment_create": "programme",
        "programmes:programme_complete": "programme",
        "programmes:programme_results": "programme",
        "programmes:programme_best_practice": "programme",
        "programmes:programme_save_template": "programme",
        "programmes:workload_pdf": "mentor",
        "programmes:workload_xlsx": "mentor",
        "programmes:practice_detail": "practice",
        "programmes:practice_edit": "practice",
        "programmes:practice_file": "practice",
        "roadmap:roadmap_detail": "roadmap",
        "roadmap:roadmap_edit": "roadmap",
        "roadmap:roadmap_timeline": "roadmap",
        "roadmap:roadmap_pdf": "roadmap",
        "roadmap:stage_create": "roadmap",
        "roadmap:stage_edit": "stage",
        "roadmap:activity_create": "stage",
        "roadmap:activity_edit": "activity",
        "roadmap:activity_status": "activity",
        "roadmap:activity_evidence": "activity",
        "roadmap:order_detail": "draft_order",
        "roadmap:order_edit": "draft_order",
        "roadmap:order_redraft": "draft_order",
        "roadmap:order_delete": "draft_order",
        "roadmap:order_send": "draft_order",
        "roadmap:order_sign": "sent_order",
        "roadmap:order_return": "sent_order",
        "roadmap:order_pdf": "draft_order",
        "roadmap:regulation_detail": "regulation",
        "roadmap:regulation_edit": "regulation",
        "roadmap:version_create": "regulation",
        "roadmap:version_edit": "version",
        "roadmap:version_pdf": "version",
        "roadmap:document_edit": "document",
        "roadmap:document_file": "document",
        "roadmap:news_edit": "news",
        "roadmap:news_delete": "news",
        "roadmap:results_publish": "finished_programme",
        "public:document_file": "public_document",
        "public:news_detail": "news",
        "public:news_image": "news",
        "public:practice_file": "public_practice",
    }
    # URLs of the annual report name the school year by its first year.
    with_year = {
        "roadmap:annual_report",
        "roadmap:annual_report_edit",
        "roadmap:annual_report_pdf",
        "roadmap:annual_report_xlsx",
        "roadmap:statistics",
    }
    if name == "selfservice:personal_link":
        return reverse(name, kwargs={"token": world.link_token})
    if name == "calendar:feed":
        return reverse(name, kwargs={"token": world.calendar_token})
    if name == "reminders:unsubscribe":
        return reverse(name, kwargs={"token": world.unsubscribe_token})
    if name.startswith("roadmap:authority_"):
        return reverse(name, kwargs={"org": world.authority.slug})
    if name == "registry:consent_form":
        return reverse(name, kwargs={"org": org, "pk": world.person.pk, "kind": "personal_data"})
    if name == "programmes:survey_answer":
        return reverse(
            name, kwargs={"org": org, "pk": world.programme.pk, "survey": "mentee_quality"}
        )
    if not name.startswith(("registry:", "programmes:", "roadmap:", "public:")):
        return reverse(name)
    kwargs = {"org": org}
    if name in pk_of:
        kwargs["pk"] = objects[pk_of[name]]
    if name in with_year:
        kwargs["year"] = world.year
    return reverse(name, kwargs=kwargs)


def parse_table(text):
    rows = {}
    for line in text.strip().splitlines()[1:]:
        method, name, *statuses = line.split()
        assert len(statuses) == len(PERSONAS), f"{name}: {len(statuses)} statuses"
        rows[name] = (method, dict(zip(PERSONAS, map(int, statuses), strict=True)))
    return rows


ROWS = parse_table(TABLE)


def url_names(resolver=None, namespace=""):
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace not in IGNORED_NAMESPACES:
                names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_name_has_a_row():
    assert url_names() - ROWS.keys() == set(), "add these URL names to TABLE"
    assert ROWS.keys() - url_names() == set(), "these rows name no URL"


@pytest.mark.parametrize("name", sorted(ROWS))
def test_every_persona_gets_the_status_of_the_table(public_world, name):
    """One world per URL, every persona in turn: the failure lists all who got it wrong."""
    world = public_world
    method, expected = ROWS[name]
    url = url_for(name, world)
    wrong = []
    for persona in PERSONAS:
        client = Client()
        if world.user(persona) is not None:
            client.force_login(world.user(persona))
        response = client.post(url) if method == "POST" else client.get(url)
        if response.status_code != expected[persona]:
            wrong.append(f"{persona}: {response.status_code}, expected {expected[persona]}")
    assert not wrong, f"{method} {url}: " + "; ".join(wrong)


def test_admin_is_for_site_administrators_only(client, world):
    client.force_login(world.user("curator"))
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(world.user("superuser"))
    assert client.get(reverse("admin:index")).status_code == 200

"""The school's public «Наставничество» section at /<org>/nastavnichestvo/: no login, the same
page for every visitor, and nothing about a person beyond their publication consent.

Every page is cacheable for five minutes (the cookie of the version for the visually impaired
is the only thing it varies by) and may be shown in a frame, with ``?embed=1``, only on the
sites the school lists.
"""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from mentoring_site.pagination import paginate
from mentoring_site.uploads import PDF, private_file_response
from programmes.services.practices import EXTENSIONS
from roadmap import public
from roadmap.models import News, PublicSection

PAGE_MAX_AGE = 5 * 60
FILE_MAX_AGE = 60 * 60

# The subsections, in the order of the menu: (URL name, label, what the index says of it).
SECTIONS = [
    ("index", "О наставничестве", ""),
    ("documents", "Документы", "нормативные документы и Положение о системе наставничества"),
    ("roadmap", "Дорожная карта", "план мероприятий на учебный год и целевые показатели"),
    ("news_list", "Новости и объявления", "события, конкурсы, встречи"),
    ("mentors", "Наставники", "педагоги, которые готовы помочь коллегам"),
    ("results", "Итоги и практики", "итоги завершённых программ и методическая копилка"),
]
SITEMAP_PAGES = ["index", "documents", "regulation", "roadmap", "news_list", "mentors", "results"]
# Pages under a subsection of the menu.
PARENT = {"news_detail": "news_list", "regulation": "documents", "vision": ""}


def _cacheable(response, max_age=PAGE_MAX_AGE, *, vary=True):
    patch_cache_control(response, public=True, max_age=max_age)
    if vary:
        # The cookie of the version for the visually impaired changes the page.
        patch_vary_headers(response, ["Cookie"])
    return response


def _links(request, section: PublicSection) -> public.Links:
    return public.Links(section.organisation.slug, embed=request.GET.get("embed") == "1")


def _page(request, section, template: str, context: dict, *, links=None, here=None):
    """Render a public page: the chrome (none in embed mode), the visitor's version for the
    visually impaired, the cache headers and who may frame it. ``here`` is where the switches
    of the version for the visually impaired come back to."""
    links = links or _links(request, section)
    name = request.resolver_match.url_name
    current = PARENT.get(name, name)
    here = here or request.get_full_path()
    response = render(
        request,
        template,
        {
            "section": section,
            "organisation": section.organisation,
            "embed": links.embed,
            "menu": [(links.url(page), label, page == current) for page, label, _text in SECTIONS],
            "index_url": links.url("index"),
            "documents_url": links.url("documents"),
            "regulation_url": links.url("regulation"),
            "news_list_url": links.url("news_list"),
            "vision": public.Vision.from_cookie(request.COOKIES.get(public.VISION_COOKIE)),
            "vision_on_url": links.url("vision", **public.Vision().query, next=here),
            "vision_off_url": links.url("vision", reset="1", next=here),
            "vision_settings_url": links.url("vision", next=here),
            "feed_url": links.file("news_feed"),
            **context,
        },
    )
    _cacheable(response)
    if links.embed:
        _allow_framing(response, section)
    return response


def _allow_framing(response, section: PublicSection) -> None:
    """Embed mode: only the school's listed sites may frame the page; with none listed, no one
    may (the default policy already says so)."""
    origins = section.origins
    if not origins:
        return
    response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": origins}
    response.xframe_options_exempt = True


def _file(field_file, *, content_type, title):
    """A published file: inline for a PDF, a download otherwise; cacheable for an hour."""
    name = re.sub(r'[\\/:*?"<>|\s]+', " ", title).strip()[:100] or "file"
    return private_file_response(
        field_file,
        content_type=content_type,
        filename=f"{name}.{EXTENSIONS.get(content_type, 'bin')}",
        as_attachment=content_type != PDF,
        cache_control=f"public, max-age={FILE_MAX_AGE}",
    )


@require_safe
def index(request, org):
    section = public.get_public_section(org)
    links = _links(request, section)
    news = public.with_links(
        list(public.published_news(section.organisation)[: public.LATEST_NEWS]), links
    )
    return _page(
        request,
        section,
        "public/index.html",
        {
            "news": news,
            "contact": public.public_contact(section),
            "parts": [(links.url(page), label, text) for page, label, text in SECTIONS if text],
        },
        links=links,
    )


@require_safe
def documents(request, org):
    section = public.get_public_section(org)
    links = _links(request, section)
    return _page(
        request,
        section,
        "public/documents.html",
        {
            "levels": public.public_documents(section.organisation, links),
            "polozhenie": public.public_polozhenie(section.organisation),
        },
        links=links,
    )


@require_safe
def document_file(request, org, pk):
    section = public.get_public_section(org)
    document = public.get_published_document(section, pk)
    return _file(document.file, content_type=document.file_content_type, title=document.title)


@require_safe
def regulation(request, org):
    """The Положение in force; while none is approved, a page saying it is being prepared."""
    section = public.get_public_section(org)
    version = public.public_polozhenie(section.organisation)
    return _page(request, section, "public/regulation.html", {"version": version})


@require_safe
def roadmap(request, org):
    section = public.get_public_section(org)
    return _page(
        request,
        section,
        "public/roadmap.html",
        {"roadmaps": public.public_roadmaps(section.organisation)},
    )


@require_safe
def news_list(request, org):
    section = public.get_public_section(org)
    links = _links(request, section)
    kind = request.GET.get("kind", "")
    page, query = paginate(
        request, public.published_news(section.organisation, kind), public.NEWS_PER_PAGE
    )
    public.with_links(page.object_list, links)
    kinds = [
        (value, label, links.url("news_list", **({"kind": value} if value else {})))
        for value, label in [
            ("", "Все"),
            (News.Kind.NEWS, "Новости"),
            (News.Kind.ANNOUNCEMENT, "Объявления"),
        ]
    ]
    return _page(
        request,
        section,
        "public/news_list.html",
        {
            "page": page,
            "query": query,
            "kinds": kinds,
            "kind": kind if kind in News.Kind.values else "",
        },
        links=links,
    )


class NewsFeed(Feed):
    """The section's news and announcements as an Atom feed."""

    feed_type = Atom1Feed
    language = "ru"

    def __call__(self, request, *args, **kwargs):
        return _cacheable(super().__call__(request, *args, **kwargs))

    def get_object(self, request, org):
        return public.get_public_section(org)

    def title(self, section):
        return f"Наставничество — {section.organisation.short_name}: новости и объявления"

    def subtitle(self, section):
        return f"Новости и объявления о системе наставничества: {section.organisation.name}"

    def link(self, section):
        return reverse("public:news_list", args=[section.organisation.slug])

    def author_name(self, section):
        return section.organisation.short_name

    def items(self, section):
        news = public.published_news(section.organisation)[: public.FEED_ITEMS]
        return public.with_links(list(news), public.Links(section.organisation.slug, embed=False))

    def item_title(self, news):
        return f"{news.get_kind_display()}: {news.title}"

    def item_description(self, news):
        return news.lead or news.body

    def item_link(self, news):
        return news.url

    def item_pubdate(self, news):
        return news.published_at

    def item_updateddate(self, news):
        return max(news.updated_at, news.published_at)


@require_safe
def news_detail(request, org, pk):
    section = public.get_public_section(org)
    links = _links(request, section)
    news = public.with_links([public.get_published_news(section, pk)], links)[0]
    response = _page(request, section, "public/news_detail.html", {"news": news}, links=links)
    response["Last-Modified"] = http_date(max(news.updated_at, news.published_at).timestamp())
    return response


@require_safe
def news_image(request, org, pk):
    section = public.get_public_section(org)
    news = public.get_published_news(section, pk)
    response = _file(news.image, content_type=news.image_content_type, title=news.title)
    response["Last-Modified"] = http_date(news.updated_at.timestamp())
    return response


@require_safe
def mentors(request, org):
    section = public.get_public_section(org)
    return _page(
        request,
        section,
        "public/mentors.html",
        {"mentors": public.public_mentors(section.organisation)},
    )


@require_safe
def results(request, org):
    section = public.get_public_section(org)
    links = _links(request, section)
    return _page(
        request,
        section,
        "public/results.html",
        {
            "results": public.public_results(section.organisation),
            "practices": public.public_practices(section.organisation, links),
        },
        links=links,
    )


@require_safe
def practice_file(request, org, pk):
    section = public.get_public_section(org)
    practice = public.get_published_practice(section, pk)
    return _file(practice.file, content_type=practice.file_content_type, title=practice.title)


@require_safe
def vision(request, org):
    """The settings of the version for the visually impaired. Sent (GET with the fields) they
    are stored in the visitor's cookie for a year and the visitor goes back to ``next``;
    ``reset`` returns to the usual version."""
    section = public.get_public_section(org)
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("public:index", args=[org])
    if "reset" in request.GET:
        return _back_with(request, back, None)
    if any(name in request.GET for name in public.VisionForm.base_fields):
        form = public.VisionForm(request.GET)
        if form.is_valid():
            return _back_with(request, back, public.Vision(**form.cleaned_data))
    else:
        current = public.Vision.from_cookie(request.COOKIES.get(public.VISION_COOKIE))
        form = public.VisionForm(initial=(current or public.Vision()).query)
    return _page(
        request,
        section,
        "public/vision.html",
        {"form": form, "back": back, "vision_action": reverse("public:vision", args=[org])},
        here=back,
    )


def _back_with(request, back: str, vision: public.Vision | None):
    """Back to the page the visitor came from, with the settings stored (or dropped). A
    response that sets a cookie is never cached."""
    # Not redirect(): it would take a bare word such as «0» for the name of a view.
    response = HttpResponseRedirect(back)
    if vision is None:
        response.delete_cookie(public.VISION_COOKIE, samesite="Lax")
    else:
        response.set_cookie(
            public.VISION_COOKIE,
            vision.cookie,
            max_age=public.VISION_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    add_never_cache_headers(response)
    return response


@require_safe
def sitemap(request):
    """Every open section's pages and published news, with absolute addresses."""
    sections = list(
        PublicSection.objects.filter(is_enabled=True)
        .select_related("organisation")
        .order_by("organisation__slug")
    )
    news = (
        News.objects.published()
        .filter(organisation__public_section__is_enabled=True)
        .select_related("organisation")
        .order_by("organisation__slug", "-published_at", "-pk")
    )
    pages = [
        (reverse(f"public:{name}", args=[section.organisation.slug]), None)
        for section in sections
        for name in SITEMAP_PAGES
    ]
    pages += [(item.get_absolute_url(), item.updated_at) for item in news]
    response = render(
        request,
        "public/sitemap.xml",
        {"pages": [(settings.SITE_URL + path, modified) for path, modified in pages]},
        content_type="application/xml; charset=utf-8",
    )
    return _cacheable(response, vary=False)

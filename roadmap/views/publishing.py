"""The curator's side of the public «Наставничество» section: its settings, news and
announcements, and the results of completed programmes chosen for the site.

The curator and the working group publish; nobody else sees these pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentoring_site.pagination import paginate
from mentoring_site.templatetags.russian import ru_datetime
from programmes.models import Programme
from registry.access import Can, get_in_organisation, get_organisation
from roadmap.forms.publishing import NewsFilter, NewsForm, PublicSectionForm, ResultsForm
from roadmap.models import News
from roadmap.services import publishing as services
from roadmap.services.publishing import NewsStatus


def _addresses(request, organisation) -> dict:
    """The public section's addresses and the code that embeds it in the school's own site."""
    index = request.build_absolute_uri(reverse("public:index", args=[organisation.slug]))
    title = escape(_("Наставничество — %(name)s") % {"name": organisation.short_name})
    return {
        "index": index,
        "feed": request.build_absolute_uri(reverse("public:news_feed", args=[organisation.slug])),
        # A plain string: the template escapes it once more to show the code as text.
        "embed": (
            f'<iframe src="{escape(index)}?embed=1" title="{title}" width="100%" height="900" '
            f'loading="lazy"></iframe>'
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def public_settings(request, org):
    organisation = get_organisation(request, org, Can.PUBLISH)
    section = services.public_section_of(organisation)
    # Read before the form binds: a refused change must not show as the section's state.
    is_enabled = section.pk is not None and section.is_enabled
    form = PublicSectionForm(request.POST or None, instance=section, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.public_section_save(section=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Настройки публичного раздела сохранены."))
            return redirect("roadmap:public_settings", org=organisation.slug)
    return render(
        request,
        "roadmap/publishing/settings.html",
        {
            "organisation": organisation,
            "form": form,
            "is_enabled": is_enabled,
            "addresses": _addresses(request, organisation),
            "overview": services.published_overview(organisation),
        },
    )


@login_required
@require_http_methods(["GET"])
def news_list(request, org):
    organisation = get_organisation(request, org, Can.PUBLISH)
    # Drafts first: they have no date yet and are what the curator is working on.
    news = News.objects.filter(organisation=organisation).order_by(
        F("published_at").desc(nulls_first=True), "-pk"
    )
    found = NewsFilter(request.GET, queryset=news)
    page, query = paginate(request, found.qs)
    now = timezone.now()
    rows = list(page.object_list)
    for item in rows:
        item.status = services.news_status(item, now)
        item.status_label = NewsStatus(item.status).label
    return render(
        request,
        "roadmap/publishing/news_list.html",
        {
            "organisation": organisation,
            "filter": found,
            "page": page,
            "rows": rows,
            "query": query,
            "statuses": NewsStatus,
        },
    )


def _get_news(request, org, pk) -> News:
    return get_in_organisation(
        request, org, Can.PUBLISH, News.objects, pk, organisation_path="organisation"
    )


def _saved_message(news: News) -> str:
    status = services.news_status(news)
    if status == NewsStatus.SCHEDULED:
        return _("«%(title)s» сохранено и появится на сайте %(when)s.") % {
            "title": news.title,
            "when": ru_datetime(news.published_at),
        }
    if status == NewsStatus.PUBLISHED:
        return _("«%(title)s» опубликовано на сайте.") % {"title": news.title}
    return _("Черновик «%(title)s» сохранён; на сайте его не видно.") % {"title": news.title}


def _news_page(request, organisation, news, title):
    form = NewsForm(request.POST or None, request.FILES or None, instance=news)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            news = services.news_save(
                news=form.save(commit=False),
                image=data["upload"],
                remove_image=data.get("remove_image", False),
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _saved_message(news))
            return redirect("roadmap:news_list", org=organisation.slug)
    return render(
        request,
        "roadmap/publishing/news_form.html",
        {"organisation": organisation, "form": form, "title": title, "news": news},
    )


@login_required
@require_http_methods(["GET", "POST"])
def news_create(request, org):
    organisation = get_organisation(request, org, Can.PUBLISH)
    return _news_page(request, organisation, News(organisation=organisation), _("Новая запись"))


@login_required
@require_http_methods(["GET", "POST"])
def news_edit(request, org, pk):
    news = _get_news(request, org, pk)
    return _news_page(request, request.organisation, news, news.title)


@login_required
@require_http_methods(["GET", "POST"])
def news_delete(request, org, pk):
    news = _get_news(request, org, pk)
    if request.method == "POST":
        services.news_delete(news=news)
        messages.success(request, _("«%(title)s» удалено.") % {"title": news.title})
        return redirect("roadmap:news_list", org=request.organisation.slug)
    return render(
        request,
        "roadmap/publishing/news_delete.html",
        {
            "organisation": request.organisation,
            "news": news,
            "status": services.news_status(news),
            "statuses": NewsStatus,
        },
    )


@login_required
@require_http_methods(["GET"])
def results_list(request, org):
    organisation = get_organisation(request, org, Can.PUBLISH)
    programmes = (
        Programme.objects.filter(
            group__organisation=organisation, status=Programme.Status.COMPLETED
        )
        .select_related("group__mentor__person")
        .order_by(F("completed_on").desc(nulls_last=True), "-pk")
    )
    page, query = paginate(request, programmes)
    return render(
        request,
        "roadmap/publishing/results_list.html",
        {"organisation": organisation, "page": page, "query": query},
    )


@login_required
@require_http_methods(["GET", "POST"])
def results_publish(request, org, pk):
    # Only a completed programme may be published (Положение 8.2): any other is not found here.
    programme = get_in_organisation(
        request,
        org,
        Can.PUBLISH,
        Programme.objects.filter(status=Programme.Status.COMPLETED).select_related(
            "group__mentor__person"
        ),
        pk,
        organisation_path="group__organisation",
    )
    was_published = programme.results_published
    form = ResultsForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.results_publish(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if programme.results_published:
                messages.success(request, _("Итоги опубликованы в разделе «Наставничество»."))
            elif was_published:
                messages.success(request, _("Итоги сняты с сайта."))
            else:
                messages.success(request, _("Итоги для сайта сохранены, но не опубликованы."))
            return redirect("roadmap:results_list", org=request.organisation.slug)
    notes = [
        (Programme._meta.get_field(name).verbose_name, getattr(programme, name))
        for name in services.PRIVATE_NOTES
    ]
    return render(
        request,
        "roadmap/publishing/results_form.html",
        {
            "organisation": request.organisation,
            "programme": programme,
            "form": form,
            "notes": notes,
        },
    )

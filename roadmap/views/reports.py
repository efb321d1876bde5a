"""The year's figures: the annual analytical report (page, PDF and XLSX) with the curator's
conclusions, the page of figures for statistical forms, and an authority's table of its schools.

Whoever reads the organisation's reports (Can.VIEW_REPORTS) sees them; the curator and the
working group write the conclusions (Can.MANAGE_ROADMAP). The figures come from
roadmap/figures.py; a year without data shows zeros, never an error."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mentoring_site.documents import document_response, render_pdf, render_xlsx
from mentoring_site.school_year import SchoolYear
from registry.access import Can, access_for, get_organisation
from registry.models.people import fold
from roadmap.charts import Row, bar_chart, share_chart
from roadmap.figures import (
    Figures,
    Share,
    figures,
    figures_for,
    headline_shares,
    measured_by,
    years_with_data,
)
from roadmap.forms.reports import AnnualReportForm
from roadmap.models import AnnualReport
from roadmap.progress import Measure


def _school_year(year: int) -> SchoolYear:
    school_year = SchoolYear(year)
    if not school_year.is_allowed():
        raise Http404
    return school_year


def _school(request, org, capability=Can.VIEW_REPORTS):
    """A school's report: an authority has no banks or programmes of its own."""
    organisation = get_organisation(request, org, capability)
    if organisation.is_authority:
        raise Http404
    return organisation


def _report(organisation, year: SchoolYear) -> AnnualReport | None:
    return AnnualReport.objects.filter(organisation=organisation, year=year.start).first()


# The annual report


@login_required
@require_http_methods(["GET"])
def report_list(request, org):
    organisation = get_organisation(request, org, Can.VIEW_REPORTS)
    if organisation.is_authority:
        return redirect("roadmap:authority_overview", org=organisation.slug)
    written = set(
        AnnualReport.objects.filter(organisation=organisation)
        .exclude(conclusions="")
        .values_list("year", flat=True)
    )
    return render(
        request,
        "roadmap/reports/report_list.html",
        {
            "organisation": organisation,
            "years": [(year, year.start in written) for year in years_with_data(organisation)],
            "current": SchoolYear.current(),
        },
    )


@login_required
@require_http_methods(["GET"])
def annual_report(request, org, year):
    organisation = _school(request, org)
    school_year = _school_year(year)
    result = figures(organisation, school_year)
    return render(
        request,
        "roadmap/reports/annual_report.html",
        {
            "organisation": organisation,
            "year": school_year,
            "figures": result,
            "charts": report_charts(result),
            "report": _report(organisation, school_year),
            "can_edit": access_for(request.user).can(organisation, Can.MANAGE_ROADMAP),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def annual_report_edit(request, org, year):
    organisation = _school(request, org, Can.MANAGE_ROADMAP)
    school_year = _school_year(year)
    report = _report(organisation, school_year) or AnnualReport(organisation=organisation)
    form = AnnualReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        # update_or_create: two editors saving the first version at once make one report.
        AnnualReport.objects.update_or_create(
            organisation=organisation,
            year=school_year.start,
            defaults={**form.cleaned_data, "updated_by": request.user},
        )
        messages.success(request, _("Выводы и предложения сохранены."))
        return redirect("roadmap:annual_report", org=organisation.slug, year=school_year.start)
    return render(
        request,
        "form_page.html",
        {
            "organisation": organisation,
            "form": form,
            "title": _("Выводы и предложения за %(year)s") % {"year": school_year.label},
            "intro": _(
                "Текст войдёт в аналитический отчёт после таблиц и диаграмм. Цифры отчёта "
                "считаются сами: здесь только ваша оценка и планы."
            ),
            "back_url": reverse("roadmap:annual_report", args=[organisation.slug, year]),
            "back_label": _("Аналитический отчёт"),
        },
    )


@login_required
@require_http_methods(["GET"])
def annual_report_pdf(request, org, year):
    organisation = _school(request, org)
    school_year = _school_year(year)
    result = figures(organisation, school_year)
    document = render_pdf(
        "documents/annual_report.html",
        {
            "organisation": organisation,
            "year": school_year,
            "figures": result,
            "charts": report_charts(result),
            "report": _report(organisation, school_year),
            "today": timezone.localdate(),
        },
        filename=f"analiticheskij-otchet-{school_year.slug}.pdf",
    )
    return document_response(document, inline=True)


@login_required
@require_http_methods(["GET"])
def annual_report_xlsx(request, org, year):
    organisation = _school(request, org)
    school_year = _school_year(year)
    result = figures(organisation, school_year)
    document = render_xlsx(
        report_sheets(result, _report(organisation, school_year)),
        filename=f"analiticheskij-otchet-{school_year.slug}.xlsx",
    )
    return document_response(document)


@login_required
@require_http_methods(["GET"])
def statistics(request, org, year):
    organisation = _school(request, org)
    school_year = _school_year(year)
    result = figures_for([organisation], school_year)[organisation.pk]
    return render(
        request,
        "roadmap/reports/statistics.html",
        {"organisation": organisation, "year": school_year, "figures": result},
    )


def report_charts(result: Figures) -> dict:
    """The report's charts, the same on the page and in the PDF; a chart with nothing to show
    is empty markup, and the template says «нет данных» instead."""
    return {
        "mentees": share_chart(
            [row for row in result.mentees_by_category if row[1]],
            title=_("Наставляемые по категориям"),
        ),
        "shares": bar_chart(
            [share.row for share in result.shares],
            title=_("Вовлечённость в наставничество, %"),
            scale=100,
        )
        if any(share.measure.total for share in result.shares)
        else "",
        "forms": bar_chart(
            [Row(form.name, form.total) for form in result.forms],
            title=_("Пары и группы по формам наставничества"),
        ),
        "statuses": share_chart(result.groups_by_status, title=_("Пары и группы по статусам")),
        "reasons": share_chart(
            result.programmes.by_reason, title=_("Основания завершения программ")
        ),
        "targets": bar_chart(
            [
                Row(
                    item.target.text,
                    item.actual,
                    item.scale,
                    item.target.value,
                    _short(item),
                )
                for item in result.target_progress
                if item.actual is not None
            ],
            title=_("Целевые показатели дорожной карты"),
        ),
    }


def _short(item) -> str:
    return f"{item.actual} {item.target.get_unit_display()}"


def report_sheets(result: Figures, report: AnnualReport | None):
    """The report's figures as XLSX sheets of (title, header, rows)."""
    value = _("Значение")
    return [
        (
            _("Участники"),
            [_("Показатель"), value, _("Примечание")],
            [_line(line) for line in result.participant_lines()],
        ),
        (
            _("Вовлечённость"),
            [_("Показатель"), _("Доля, %"), _("Вовлечено"), _("Всего"), _("Цель, %")],
            [
                [share.label, share.percent, share.measure.value, share.measure.total, share.goal]
                for share in result.shares
            ],
        ),
        (
            _("Формы наставничества"),
            [_("Форма наставничества"), _("Пар"), _("Групп"), _("Всего")],
            [[form.name, form.pairs, form.groups, form.total] for form in result.forms],
        ),
        (
            _("Пары и группы по статусам"),
            [_("Статус"), _("Количество")],
            [list(row) for row in result.groups_by_status],
        ),
        (
            _("Программы"),
            [_("Показатель"), value, _("Примечание")],
            [_line(line) for line in result.programme_lines()]
            + [
                [_("Завершено: %(reason)s") % {"reason": reason}, count, ""]
                for reason, count in result.programmes.by_reason
            ],
        ),
        (
            _("Мониторинг"),
            [
                _("Анкета"),
                _("Вопрос"),
                _("Ответов"),
                _("Средняя оценка"),
                _("До, в среднем"),
                _("После, в среднем"),
                _("Рост"),
            ],
            [
                [
                    str(table.survey.title),
                    str(cell.question.text),
                    table.count,
                    cell.average,
                    cell.before,
                    cell.after,
                    cell.growth,
                ]
                for table in result.monitoring
                for cell in table.total
            ],
        ),
        (
            _("Целевые показатели"),
            [_("Показатель"), _("Цель"), _("Единица"), _("Достигнуто"), _("Цель достигнута")],
            [
                [
                    item.target.text,
                    item.target.value,
                    item.target.get_unit_display(),
                    item.actual,
                    _("да") if item.achieved else _("нет"),
                ]
                for item in result.target_progress
            ],
        ),
        (
            _("Лучшие практики"),
            [_("Вид"), _("Название")],
            [[_("Программа — лучшая практика"), title] for title in result.best_programmes]
            + [[_("Материал копилки на сайте"), title] for title in result.published_practices],
        ),
        (
            _("Выводы"),
            [_("Раздел"), _("Текст")],
            [
                [_("Выводы"), report.conclusions if report else ""],
                [_("Предложения"), report.proposals if report else ""],
            ],
        ),
    ]


def _line(line) -> list:
    label = f"    {line.label}" if line.part else line.label
    return [label, line.value, line.note]


# The authority's schools side by side


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: object  # Figures → a sortable value, None for a share without data


COLUMNS = [
    Column("name", gettext_lazy("Организация"), lambda f: fold(f.organisation.short_name)),
    Column("mentors", gettext_lazy("Наставники"), lambda f: f.mentors),
    Column("mentees", gettext_lazy("Наставляемые"), lambda f: f.mentees),
    Column("groups", gettext_lazy("Пары и группы"), lambda f: f.formed),
    Column("active", gettext_lazy("Программ в работе"), lambda f: f.programmes.active),
    Column("completed", gettext_lazy("Программ завершено"), lambda f: f.programmes.completed),
    Column("staff", gettext_lazy("Педагоги, %"), lambda f: f.staff.percent),
    Column("young", gettext_lazy("Молодые специалисты, %"), lambda f: f.young_specialists.percent),
    Column("students", gettext_lazy("Обучающиеся, %"), lambda f: f.students.percent),
    Column("overdue", gettext_lazy("Просрочено мероприятий"), lambda f: f.overdue_activities),
    Column("consents", gettext_lazy("Нет согласия"), lambda f: f.consents_missing),
]
BY_KEY = {column.key: column for column in COLUMNS}


@dataclass
class Totals:
    """The authority's sums; its shares are of everyone together, not an average of schools."""

    mentors: int
    mentees: int
    formed: int
    active: int
    completed: int
    staff: Measure
    young_specialists: Measure
    students: Measure
    overdue_activities: int
    consents_missing: int

    @property
    def shares(self) -> list[Share]:
        return headline_shares(measured_by(self))

    @classmethod
    def of(cls, rows: list[Figures]) -> "Totals":
        def share(name):
            measures = [getattr(row, name) for row in rows]
            return Measure(sum(m.value for m in measures), sum(m.total or 0 for m in measures), "")

        return cls(
            mentors=sum(row.mentors for row in rows),
            mentees=sum(row.mentees for row in rows),
            formed=sum(row.formed for row in rows),
            active=sum(row.programmes.active for row in rows),
            completed=sum(row.programmes.completed for row in rows),
            staff=share("staff"),
            young_specialists=share("young_specialists"),
            students=share("students"),
            overdue_activities=sum(row.overdue_activities for row in rows),
            consents_missing=sum(row.consents_missing for row in rows),
        )


def _authority(request, org):
    organisation = get_organisation(request, org, Can.VIEW_REPORTS)
    if not organisation.is_authority:
        raise Http404
    return organisation


def _year_asked(request) -> SchoolYear:
    """The ?year= of the selector; anything else means the current school year."""
    value = request.GET.get("year", "")
    # ASCII digits only: int() refuses some characters str.isdigit() accepts («²»).
    if value.isascii() and value.isdigit() and SchoolYear(int(value)).is_allowed():
        return SchoolYear(int(value))
    return SchoolYear.current()


def _sort_asked(request) -> tuple[str, bool]:
    """(column key, descending) from ?sort=key or ?sort=-key; by name otherwise."""
    value = request.GET.get("sort", "")
    key = value.removeprefix("-")
    if key not in BY_KEY:
        return "name", False
    return key, value.startswith("-")


def authority_figures(authority, year: SchoolYear, key: str, descending: bool):
    """The schools under ``authority`` with their figures, sorted by a column, and the totals."""
    schools = authority.children.order_by("short_name", "pk")
    rows = list(figures_for(schools, year).values())
    value = BY_KEY[key].value
    # Schools without data for a share come last whichever way; ties keep the order by name.
    known = sorted((row for row in rows if value(row) is not None), key=value, reverse=descending)
    return known + [row for row in rows if value(row) is None], Totals.of(rows)


@login_required
@require_http_methods(["GET"])
def authority_overview(request, org):
    authority = _authority(request, org)
    year = _year_asked(request)
    key, descending = _sort_asked(request)
    rows, totals = authority_figures(authority, year, key, descending)
    current = SchoolYear.current()
    headers = [
        {
            "label": column.label,
            "key": column.key,
            # A second click on the sorted column turns the order round.
            "sort": f"-{column.key}" if column.key == key and not descending else column.key,
            "aria_sort": ("descending" if descending else "ascending") if column.key == key else "",
        }
        for column in COLUMNS
    ]
    chart = bar_chart(
        [
            Row(
                row.organisation.short_name,
                row.staff.percent or 0,
                100,
                row.shares[0].goal,
                row.shares[0].shown,
            )
            for row in rows
        ],
        title=_("Доля педагогов, вовлечённых в наставничество, по организациям"),
        scale=100,
    )
    return render(
        request,
        "roadmap/reports/authority_overview.html",
        {
            "organisation": authority,
            "year": year,
            "years": sorted(
                {year, *(SchoolYear(current.start + shift) for shift in range(-4, 2))},
                reverse=True,
            ),
            "rows": rows,
            "totals": totals,
            "headers": headers,
            "sort": f"-{key}" if descending else key,
            "chart": chart,
        },
    )


@login_required
@require_http_methods(["GET"])
def authority_export(request, org):
    authority = _authority(request, org)
    year = _year_asked(request)
    key, descending = _sort_asked(request)
    rows, totals = authority_figures(authority, year, key, descending)
    header = [
        _("Организация"),
        _("Наставники"),
        _("Наставляемые"),
        _("Пары и группы"),
        _("Программ в работе"),
        _("Программ завершено"),
        _("Педагоги, %"),
        _("Цель, %"),
        _("Молодые специалисты, %"),
        _("Цель, %"),
        _("Обучающиеся, %"),
        _("Цель, %"),
        _("Просрочено мероприятий"),
        _("Нет согласия на обработку персональных данных"),
    ]

    def line(name, sums: Totals, shares):
        return [
            name,
            sums.mentors,
            sums.mentees,
            sums.formed,
            sums.active,
            sums.completed,
            *(value for share in shares for value in (share.percent, share.goal)),
            sums.overdue_activities,
            sums.consents_missing,
        ]

    lines = [line(row.organisation.short_name, Totals.of([row]), row.shares) for row in rows]
    lines.append(line(_("Итого"), totals, totals.shares))
    document = render_xlsx(
        [(_("Показатели школ"), header, lines)],
        filename=f"pokazateli-{authority.slug}-{year.slug}.xlsx",
    )
    return document_response(document)

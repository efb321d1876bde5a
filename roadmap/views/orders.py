"""Orders: the journal, drafting and editing, sending to the director, signing or returning,
the printed order. The curator and the working group draft; only the director signs; the
administration and the authority's coordinator read the journal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentoring_site.documents import PDF, document_response, render_xlsx
from mentoring_site.pagination import paginate
from mentoring_site.templatetags.russian import ru_date
from mentoring_site.uploads import private_file_response
from registry.access import Can, access_for, get_organisation
from roadmap.access import get_order
from roadmap.forms.orders import (
    KIND_DESCRIPTIONS,
    JournalForm,
    OrderFilter,
    OrderForm,
    ReturnForm,
    create_initial,
)
from roadmap.models import Order, OrderJournal
from roadmap.printing import order_filename, printed_content, render_order
from roadmap.services import drafting
from roadmap.services import orders as services

STATUS_BADGES = {
    Order.Status.DRAFT: "text-bg-secondary",
    Order.Status.SENT: "text-bg-warning",
    Order.Status.RETURNED: "text-bg-danger",
    Order.Status.SIGNED: "text-bg-success",
}


def _user_names(organisation, users) -> dict[int, str]:
    """User id → «Фамилия И. О.» from the organisation's people, else the account's name."""
    users = {user.pk: user for user in users if user is not None}
    people = organisation.people.filter(user__in=users)
    names = {person.user_id: person.short_name for person in people}
    return {
        pk: names.get(pk) or user.get_full_name() or user.username for pk, user in users.items()
    }


def _posted(request):
    """The submitted data, even when empty: a form posted with nothing chosen must show its
    errors, not start over."""
    return request.POST if request.method == "POST" else None


def _journal(organisation):
    """The organisation's orders, those waiting for work first, then the journal backwards."""
    return (
        Order.objects.filter(organisation=organisation)
        .select_related("signed_by", "created_by")
        .order_by(
            F("journal_year").desc(nulls_first=True),
            F("number").desc(nulls_first=True),
            "-created_at",
            "-pk",
        )
    )


@login_required
@require_http_methods(["GET"])
def order_list(request, org):
    organisation = get_organisation(request, org, Can.VIEW_ORDERS)
    found = OrderFilter(request.GET, queryset=_journal(organisation), organisation=organisation)
    page, query = paginate(request, found.qs)
    for order in page.object_list:
        order.badge = STATUS_BADGES[order.status]
    access = access_for(request.user)
    return render(
        request,
        "roadmap/orders/list.html",
        {
            "organisation": organisation,
            "filter": found,
            "page": page,
            "query": query,
            "can_create": access.can(organisation, Can.MANAGE_ROADMAP),
            "can_sign": access.can(organisation, Can.SIGN),
        },
    )


@login_required
@require_http_methods(["GET"])
def order_export(request, org):
    organisation = get_organisation(request, org, Can.VIEW_ORDERS)
    orders = list(
        OrderFilter(request.GET, queryset=_journal(organisation), organisation=organisation).qs
    )
    names = _user_names(organisation, [order.signed_by for order in orders])
    rows = (
        [
            order.number_text,
            order.signed_on,
            order.get_kind_display(),
            order.heading,
            order.get_status_display(),
            names.get(order.signed_by_id, ""),
            timezone.localtime(order.created_at).date(),
        ]
        for order in orders
    )
    header = [
        _("№"),
        _("Дата"),
        _("Вид"),
        _("Заголовок"),
        _("Состояние"),
        _("Подписал"),
        _("Создан"),
    ]
    document = render_xlsx(
        [(_("Приказы"), header, rows)], filename=f"prikazy-{organisation.slug}.xlsx"
    )
    return document_response(document)


@login_required
@require_http_methods(["GET", "POST"])
def journal_settings(request, org):
    organisation = get_organisation(request, org, Can.SIGN)
    year = timezone.localdate().year
    journal = OrderJournal.objects.filter(organisation=organisation, year=year).first()
    last_number = journal.last_number if journal else 0
    form = JournalForm(_posted(request), initial={"year": year, "last_number": last_number})
    if request.method == "POST" and form.is_valid():
        try:
            services.journal_set_last_number(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("last_number", error)
        else:
            messages.success(
                request,
                _("Журнал за %(year)s год: следующий приказ получит № %(next)s%(suffix)s.")
                % {
                    "year": form.cleaned_data["year"],
                    "next": form.cleaned_data["last_number"] + 1,
                    "suffix": organisation.order_suffix,
                },
            )
            return redirect("roadmap:journal_settings", org=organisation.slug)
    return render(
        request,
        "roadmap/orders/journal.html",
        {
            "organisation": organisation,
            "form": form,
            "year": year,
            "last_number": last_number,
            "next_number": f"{last_number + 1}{organisation.order_suffix}",
            "highest_signed": services.highest_signed_number(organisation, year),
            "journals": organisation.order_journals.all(),
        },
    )


def _amended(organisation, pk) -> Order | None:
    if not str(pk or "").isdecimal():  # isdigit() also accepts «²», which int() refuses
        return None
    return organisation.orders.filter(pk=pk, status=Order.Status.SIGNED).first()


@login_required
@require_http_methods(["GET", "POST"])
def order_create(request, org):
    organisation = get_organisation(request, org, Can.MANAGE_ROADMAP)
    amends = _amended(organisation, request.GET.get("amends"))
    kind = request.GET.get("kind") or (Order.Kind.CHANGE_GROUP if amends else "")
    if kind not in Order.Kind.values:
        kinds = [(value, label, KIND_DESCRIPTIONS[value]) for value, label in Order.Kind.choices]
        return render(
            request,
            "roadmap/orders/kinds.html",
            {"organisation": organisation, "kinds": kinds, "amends": amends},
        )
    form = OrderForm(
        _posted(request),
        organisation=organisation,
        kind=kind,
        initial=create_initial(organisation, kind, amends),
    )
    if request.method == "POST" and form.is_valid():
        try:
            order = drafting.order_draft(
                organisation=organisation,
                kind=kind,
                created_by=request.user,
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Черновик составлен по данным. Проверьте текст и отправьте его на подпись."),
            )
            return redirect(order)
    return render(
        request,
        "roadmap/orders/form.html",
        {
            "organisation": organisation,
            "form": form,
            "title": _("Новый приказ: %(kind)s") % {"kind": Order.Kind(kind).label},
        },
    )


def _status_history(order: Order, names: dict[int, str]) -> list[dict]:
    """Each change of the order's state: when, what, who, and the director's remarks."""
    events, previous = [], None
    for record in order.history.order_by("history_date", "history_id"):
        if record.status == previous:
            continue
        previous = record.status
        events.append(
            {
                "when": record.history_date,
                "status": Order.Status(record.status).label,
                "who": names.get(record.history_user_id, ""),
                "comment": record.return_comment if record.status == Order.Status.RETURNED else "",
            }
        )
    return events


def _consent_links(request, organisation, people) -> list[tuple[object, str]]:
    """(person, URL or "") for those without the duties consent: where the user may record it
    (or at least see the person's consents)."""
    access = access_for(request.user)
    links = []
    for person in people:
        url = ""
        if access.can(organisation, Can.EDIT_PEOPLE):
            url = reverse("registry:consent_create", args=[organisation.slug, person.pk])
            url += "?kind=duties"
        elif access.can(organisation, Can.VIEW_PEOPLE):
            url = reverse("registry:person_detail", args=[organisation.slug, person.pk])
        links.append((person, url))
    return links


@login_required
@require_http_methods(["GET"])
def order_detail(request, org, pk):
    order = get_order(request, org, pk)
    organisation = order.organisation
    access = access_for(request.user)
    missing = [] if order.is_signed else services.missing_duties_consents(order)
    history_users = [record.history_user for record in order.history.select_related("history_user")]
    return render(
        request,
        "roadmap/orders/detail.html",
        {
            "organisation": organisation,
            "order": order,
            "badge": STATUS_BADGES[order.status],
            "content": printed_content(order),
            "history": _status_history(order, _user_names(organisation, history_users)),
            "missing": _consent_links(request, organisation, missing),
            "can_manage": access.can(organisation, Can.MANAGE_ROADMAP),
            "can_sign": access.can(organisation, Can.SIGN),
            "amended_by": order.amended_by.all(),
        },
    )


def _editable_or_refuse(request, order: Order) -> bool:
    if order.is_editable:
        return True
    if order.is_signed:
        messages.error(
            request, _("Подписанный приказ не меняется: чтобы изменить его, издайте новый приказ.")
        )
    else:
        messages.error(
            request,
            _("Приказ на подписи: изменить его можно, когда руководитель вернёт его на доработку."),
        )
    return False


@login_required
@require_http_methods(["GET", "POST"])
def order_edit(request, org, pk):
    order = get_order(request, org, pk, Can.MANAGE_ROADMAP)
    if not _editable_or_refuse(request, order):
        return redirect(order)
    form = OrderForm(
        _posted(request), organisation=order.organisation, kind=order.kind, order=order
    )
    if request.method == "POST" and form.is_valid():
        try:
            drafting.order_update(order=order, **form.service_fields())
        except services.OrderError as error:
            messages.error(request, str(error))
            return redirect(order)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect(order)
    return render(
        request,
        "roadmap/orders/form.html",
        {
            "organisation": order.organisation,
            "order": order,
            "form": form,
            "title": _("Изменить проект приказа"),
        },
    )


@login_required
@require_http_methods(["POST"])
def order_redraft(request, org, pk):
    order = get_order(request, org, pk, Can.MANAGE_ROADMAP)
    try:
        drafting.order_redraft(order=order)
    except services.OrderError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Текст приказа составлен заново по данным."))
    return redirect(order)


@login_required
@require_http_methods(["GET", "POST"])
def order_delete(request, org, pk):
    order = get_order(request, org, pk, Can.MANAGE_ROADMAP)
    if not _editable_or_refuse(request, order):
        return redirect(order)
    if request.method == "POST":
        try:
            drafting.order_delete(order=order)
        except services.OrderError as error:
            messages.error(request, str(error))
            return redirect(order)
        messages.success(request, _("Проект приказа удалён."))
        return redirect("roadmap:order_list", org=order.organisation.slug)
    return render(
        request,
        "roadmap/orders/delete.html",
        {"organisation": order.organisation, "order": order},
    )


@login_required
@require_http_methods(["POST"])
def order_send(request, org, pk):
    order = get_order(request, org, pk, Can.MANAGE_ROADMAP)
    try:
        services.send(order, user=request.user)
    except services.OrderError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Приказ отправлен на подпись руководителю."))
    return redirect(order)


@login_required
@require_http_methods(["POST"])
def order_sign(request, org, pk):
    order = get_order(request, org, pk, Can.SIGN)
    try:
        order = services.sign(order, user=request.user)
    except services.OrderError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Приказ подписан: № %(number)s от %(date)s")
            % {"number": order.number_text, "date": ru_date(order.signed_on)},
        )
    return redirect(order)


@login_required
@require_http_methods(["GET", "POST"])
def order_return(request, org, pk):
    order = get_order(request, org, pk, Can.SIGN)
    if order.status != Order.Status.SENT:
        messages.error(request, _("Вернуть можно только приказ, который ждёт подписи."))
        return redirect(order)
    form = ReturnForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.return_to_author(order, comment=form.cleaned_data["comment"])
        except services.OrderError as error:
            form.add_error("comment", str(error))
        else:
            messages.success(request, _("Приказ возвращён на доработку с вашими замечаниями."))
            return redirect(order)
    return render(
        request,
        "roadmap/orders/return.html",
        {"organisation": order.organisation, "order": order, "form": form},
    )


@login_required
@require_http_methods(["GET"])
def order_pdf(request, org, pk):
    """A signed order is the file stored when it was signed; a draft is drawn anew."""
    order = get_order(request, org, pk)
    if order.is_signed and order.pdf:
        return private_file_response(order.pdf, content_type=PDF, filename=order_filename(order))
    return document_response(render_order(order), inline=True)

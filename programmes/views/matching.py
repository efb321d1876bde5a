"""Matching: a mentee's candidate mentors, and «Подобрать всех» — the optimal assignment of every
waiting mentee, which the curator reviews, edits and accepts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from programmes.forms.matching import AcceptForm, CandidatePairForm, proposal_formset
from programmes.models import Group
from programmes.services.groups import group_create
from programmes.services.matching import (
    board_build,
    mentee_candidates,
    proposal_accept,
    proposal_make,
)
from registry.access import Can, get_organisation
from registry.models import MenteeEntry


def _mentee(organisation, pk) -> MenteeEntry:
    try:
        return MenteeEntry.objects.listed(organisation).get(pk=pk)
    except MenteeEntry.DoesNotExist:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def matching_candidates(request, org, pk):
    organisation = get_organisation(request, org, Can.MANAGE_PROGRAMMES)
    mentee = _mentee(organisation, pk)
    candidates, excluded = mentee_candidates(mentee, organisation)
    group = Group.objects.open().filter(mentees=mentee).first()
    can_pair = group is None and mentee.status == MenteeEntry.Status.WAITING
    form = CandidatePairForm(request.POST or None, organisation=organisation, candidates=candidates)
    if request.method == "POST" and can_pair and form.is_valid():
        try:
            group = group_create(
                organisation=organisation,
                mentor=form.cleaned_data["mentor"],
                mentees=[mentee],
                form=form.cleaned_data["mentoring_form"],
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Пара сформирована и ждёт приказа о закреплении: %(pair)s")
                % {"pair": f"{group.mentor.person.short_name} → {mentee.person.short_name}"},
            )
            return redirect("programmes:group_detail", organisation.slug, group.pk)
    return render(
        request,
        "programmes/matching_candidates.html",
        {
            "organisation": organisation,
            "mentee": mentee,
            "person": mentee.person,
            "requests": mentee.person.professional_requests.all(),
            "group": group,
            "can_pair": can_pair,
            "candidates": candidates,
            "excluded": excluded,
            "form": form,
        },
    )


def _shown_rows(proposal, formset):
    """What each table row shows: its form, its mentee and, when the proposal was made, the
    proposal's row (the chosen candidate, the one-by-one pick)."""
    if proposal is not None:
        return [
            {"form": form, "mentee": row.mentee, "row": row}
            for row, form in zip(proposal.rows, formset, strict=True)
        ]
    board = formset.form_kwargs["board"]
    return [
        {"form": form, "mentee": board.mentees[form.index] if form.index is not None else None}
        for form in formset
    ]


@login_required
@require_http_methods(["GET", "POST"])
def matching_proposal(request, org):
    organisation = get_organisation(request, org, Can.MANAGE_PROGRAMMES)
    board = board_build(organisation)
    accept = AcceptForm(request.POST or None, organisation=organisation)
    problems, proposal = [], None
    if request.method == "POST":
        rows = proposal_formset(request.POST, board=board)
        if rows.is_valid():
            proposal = proposal_make(board, locked=rows.locked(), removed=rows.removed())
            if request.POST.get("action") == "accept" and accept.is_valid():
                try:
                    groups = proposal_accept(
                        organisation=organisation,
                        pairs=rows.pairs(),
                        form=accept.cleaned_data["mentoring_form"],
                        created_by=request.user,
                    )
                except ValidationError as error:
                    problems = error.messages
                else:
                    messages.success(
                        request,
                        _(
                            "Сформировано пар: %(count)s. Они предложены и ждут приказа "
                            "о закреплении."
                        )
                        % {"count": len(groups)},
                    )
                    return redirect("programmes:matching_proposal", organisation.slug)
            rows = proposal_formset(board=board, proposal=proposal)
    else:
        proposal = proposal_make(board)
        rows = proposal_formset(board=board, proposal=proposal)
    return render(
        request,
        "programmes/matching_proposal.html",
        {
            "organisation": organisation,
            "board": board,
            "proposal": proposal,
            "formset": rows,
            "shown": _shown_rows(proposal, rows),
            "accept": accept,
            "problems": problems,
        },
    )

"""Forms of the matching pages: forming one pair from a mentee's candidates, and the working
state of the «Подобрать всех» proposal, carried row by row in the posted form (never in the
session) and checked against the organisation's own board on every post."""

from collections import Counter

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from mentoring_site.forms import FormLayout
from programmes.models import MentoringForm
from programmes.services.matching import default_form


class MentoringFormChoice(forms.ModelChoiceField):
    def __init__(self, organisation, **kwargs):
        super().__init__(
            label=_("Форма наставничества"),
            queryset=MentoringForm.objects.for_organisation(organisation),
            initial=default_form(organisation),
            empty_label=None,
            **kwargs,
        )


def _option(candidate) -> tuple[int, str]:
    label = f"{candidate.mentor.person.short_name} — {number_format(candidate.score, 1)}"
    return candidate.mentor.pk, label


class CandidatePairForm(forms.Form):
    """«Сформировать пару»: the mentor comes from the button pressed in the candidates' table,
    and must be one of the candidates shown."""

    mentor = forms.TypedChoiceField(label=_("Наставник"), coerce=int)

    def __init__(self, *args, organisation, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentoring_form"] = MentoringFormChoice(organisation)
        self.fields["mentor"].choices = [_option(candidate) for candidate in candidates]
        self.fields["mentor"].error_messages["invalid_choice"] = _(
            "Этого наставника нет среди кандидатов: обновите страницу и выберите снова."
        )
        self.mentors = {candidate.mentor.pk: candidate.mentor for candidate in candidates}
        self.helper = FormLayout("mentoring_form", form_tag=False)

    def clean_mentor(self):
        return self.mentors[self.cleaned_data["mentor"]]


class ProposalRowForm(forms.Form):
    """One row of the proposal: the mentee, the mentor the last run proposed, the mentor now
    chosen, and the curator's marks. Choosing another mentor locks the row, so the choice
    survives «Пересчитать»; emptying the mentor removes the row."""

    mentee = forms.IntegerField(widget=forms.HiddenInput)
    proposed = forms.IntegerField(widget=forms.HiddenInput, required=False)
    mentor = forms.TypedChoiceField(
        label=_("Наставник"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    locked = forms.BooleanField(
        label=_("Закрепить"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    removed = forms.BooleanField(
        label=_("Убрать"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        raw = self.data.get(self.add_prefix("mentee")) if self.is_bound else None
        mentee_id = raw if raw is not None else self.initial.get("mentee")
        try:
            self.index = board.mentee_index.get(int(mentee_id))
        except (TypeError, ValueError):
            self.index = None
        options = board.options(self.index) if self.index is not None else []
        self.fields["mentor"].choices = [
            ("", _("— без наставника —")),
            *(_option(candidate) for candidate in options),
        ]
        self.fields["mentor"].error_messages["invalid_choice"] = _(
            "Этого наставника нельзя назначить этому наставляемому."
        )

    def clean_mentee(self):
        if self.index is None:
            raise forms.ValidationError(
                _("Этот наставляемый не ждёт наставника в вашей организации: обновите страницу.")
            )
        return self.cleaned_data["mentee"]

    def clean(self):
        data = super().clean()
        mentor, proposed = data.get("mentor"), data.get("proposed")
        if data.get("locked") and data.get("removed"):
            raise forms.ValidationError(_("Пару нельзя одновременно закрепить и убрать."))
        if mentor is not None and mentor != proposed and not data.get("removed"):
            data["locked"] = True
        if mentor is None and proposed is not None and not data.get("locked"):
            data["removed"] = True
        if data.get("locked") and mentor is None:
            self.add_error("mentor", _("Чтобы закрепить пару, выберите наставника."))
        return data


class BaseProposalFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        rows = [form.cleaned_data for form in self.forms]
        seen = Counter(row["mentee"] for row in rows)
        if any(count > 1 for count in seen.values()):
            raise forms.ValidationError(_("Наставляемый встречается в предложении дважды."))
        board = self.form_kwargs["board"]
        taken = Counter(row["mentor"] for row in rows if row["locked"])
        for mentor_id, count in taken.items():
            j = board.mentor_index[mentor_id]
            if count > board.free[j]:
                raise forms.ValidationError(
                    _(
                        "К наставнику %(name)s закреплено наставляемых: %(count)s, "
                        "а свободных мест: %(free)s."
                    )
                    % {
                        "name": board.mentors[j].person.short_name,
                        "count": count,
                        "free": board.free[j],
                    }
                )

    def locked(self) -> dict[int, int]:
        return {row["mentee"]: row["mentor"] for row in self.cleaned_data if row["locked"]}

    def removed(self) -> set[int]:
        return {row["mentee"] for row in self.cleaned_data if row["removed"]}

    def pairs(self):
        """(mentee, mentor) entries for the rows that keep a mentor, as shown on the page."""
        board = self.form_kwargs["board"]
        return [
            (
                board.mentees[board.mentee_index[row["mentee"]]],
                board.mentors[board.mentor_index[row["mentor"]]],
            )
            for row in self.cleaned_data
            if row["mentor"] is not None and not row["removed"]
        ]


ProposalFormSet = forms.formset_factory(
    ProposalRowForm, formset=BaseProposalFormSet, extra=0, absolute_max=5000
)


def proposal_formset(data=None, *, board, proposal=None):
    """Bound to the posted rows, or unbound showing ``proposal`` as the next state."""
    initial = None
    if proposal is not None:
        initial = [
            {
                "mentee": row.mentee.pk,
                "proposed": row.chosen.mentor.pk if row.chosen else None,
                "mentor": row.chosen.mentor.pk if row.chosen else None,
                "locked": row.locked,
                "removed": row.removed,
            }
            for row in proposal.rows
        ]
    # Every row names a mentee: a row left empty (a forged row count) is an error, not a skip.
    return ProposalFormSet(
        data,
        initial=initial,
        prefix="rows",
        form_kwargs={"board": board, "empty_permitted": False},
    )


class AcceptForm(forms.Form):
    """The form of mentoring the accepted pairs get."""

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentoring_form"] = MentoringFormChoice(organisation)
        self.helper = FormLayout("mentoring_form", form_tag=False)

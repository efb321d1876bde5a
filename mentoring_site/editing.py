"""The create-or-edit page of a row that belongs to an organisation (a topic, a training
session, a form of mentoring): one form, the organisation set on save, back to the list."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse


def owned_row_form(
    request, organisation, instance, *, form_class, title, saved, back_to, back_label
):
    """Show ``form_class`` for ``instance`` (None: a new row); on a valid POST save it as the
    organisation's, say ``saved`` and go back to the list named ``back_to``."""
    form = form_class(request.POST or None, instance=instance, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        row = form.save(commit=False)
        row.organisation = organisation
        row.save()
        form.save_m2m()
        messages.success(request, saved)
        return redirect(back_to, org=organisation.slug)
    return render(
        request,
        "form_page.html",
        {
            "organisation": organisation,
            "form": form,
            "title": title,
            "back_url": reverse(back_to, args=[organisation.slug]),
            "back_label": back_label,
        },
    )

"""A user's email reminders: the switch with a preview of today's letter, and the one-click
«switch off» link every letter carries, which works without logging in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roadmap.forms.reminders import ReminderPreferenceForm
from roadmap.models import ReminderPreference, ReminderSent
from roadmap.models.reminders import user_for_unsubscribe_token
from roadmap.reminders import collect


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request):
    preference = ReminderPreference.objects.filter(user=request.user).first()
    preference = preference or ReminderPreference(user=request.user)
    form = ReminderPreferenceForm(
        request.POST if request.method == "POST" else None, instance=preference
    )
    if form.is_valid():
        form.save()
        if preference.enabled:
            messages.success(request, _("Напоминания включены."))
        else:
            messages.success(request, _("Напоминания отключены: письма больше не придут."))
        return redirect("reminders:settings")
    today = timezone.localdate()
    # The preview ignores what was sent already: it shows everything that is due today.
    letters = collect([request.user], today, skip_sent=False)
    return render(
        request,
        "roadmap/reminders/settings.html",
        {
            "form": form,
            "today": today,
            "letter": letters[0] if letters else None,
            "sent_today": ReminderSent.objects.filter(user=request.user, sent_on=today).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    user = user_for_unsubscribe_token(token)
    if user is None:
        response = render(request, "roadmap/reminders/unsubscribe_invalid.html", status=404)
    elif request.method == "POST":
        ReminderPreference.objects.update_or_create(user=user, defaults={"enabled": False})
        # The page it returns to says that reminders are off.
        response = redirect("reminders:unsubscribe", token)
    else:
        enabled = not ReminderPreference.objects.filter(user=user, enabled=False).exists()
        response = render(
            request,
            "roadmap/reminders/unsubscribe.html",
            {"enabled": enabled, "email": _masked(user.email)},
        )
    # The link is a key to the switch: keep the page out of caches and search engines.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _masked(email: str) -> str:
    """«i•••@school.example»: enough to recognise one's address, not to harvest it."""
    local, _at, domain = email.partition("@")
    if not domain:
        return ""
    return f"{local[:1]}•••@{domain}"

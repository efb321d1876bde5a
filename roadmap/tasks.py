"""Background work of the roadmap app: letters that must not hold up a page."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string

from registry.models import Membership
from roadmap.models import Order


@task
def notify_director(order_id: int) -> int:
    """Tell the organisation's directors that an order awaits their signature. Returns the
    number of letters sent (none when the order was signed or returned meanwhile)."""
    order = Order.objects.select_related("organisation", "sent_by").filter(pk=order_id).first()
    if order is None or order.status != Order.Status.SENT:
        return 0
    recipients = sorted(
        set(
            Membership.objects.filter(
                organisation=order.organisation, role=Membership.Role.DIRECTOR
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not recipients:
        return 0
    sender = order.organisation.people.filter(user=order.sent_by).first()
    context = {
        "order": order,
        "sender": sender.short_name if sender else "",
        "url": settings.SITE_URL + order.get_absolute_url(),
    }
    send_mail(
        subject=f"Приказ на подпись: {order.heading}",
        message=render_to_string("roadmap/email/order_awaiting.txt", context),
        from_email=None,
        recipient_list=recipients,
    )
    return len(recipients)

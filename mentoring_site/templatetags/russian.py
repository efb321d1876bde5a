"""Russian forms the templates print: «30 августа 2023 г.»."""

import datetime

from django import template
from django.utils import dateformat, timezone

register = template.Library()


@register.filter
def ru_date(value):
    """A date (or datetime, in the current time zone) as «30 августа 2023 г.»."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{dateformat.format(value, 'j E Y')} г."


@register.filter
def ru_datetime(value):
    """A moment as «30 августа 2023 г., 14:05»."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{ru_date(local)}, {local:%H:%M}"

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


def plural(number: int, one: str, few: str, many: str) -> str:
    """The Russian plural form for ``number``: 1 год, 2 года, 5 лет, 11 лет, 21 год."""
    number = abs(number)
    if number % 10 == 1 and number % 100 != 11:
        return one
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return few
    return many


@register.filter
def years(value):
    """«1 год», «3 года», «12 лет»; empty for an unknown value."""
    if value is None or value == "":
        return ""
    return f"{value} {plural(int(value), 'год', 'года', 'лет')}"

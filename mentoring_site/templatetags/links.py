"""Links users typed, made safe to put into ``href``."""

from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def web_url(value):
    """``value`` when it is an http(s) address, else "": a typed link never becomes a script
    (``javascript:…``), even one that reached the database without a form's check."""
    text = str(value or "").strip()
    return text if urlsplit(text).scheme.lower() in {"http", "https"} else ""

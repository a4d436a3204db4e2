"""Links built from data (a source's URL): only http and https ever reach an href."""

from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def http_url(value: object) -> str:
    """The URL if it is http(s), else "" (no javascript:, data: or vbscript: links).

    The model's URLField validates forms only; imports and the ORM can store anything.
    """
    url = str(value or "").strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in {"http", "https"} else ""

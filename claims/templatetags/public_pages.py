"""Template filters of the public pages."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

from claims.models import Article

register = template.Library()


@register.filter
def published_day(article: Article) -> str:
    """The day an article was published, as a reader writes it ("6 April 2023"): a date-only
    publication (stored as midnight UTC) is that day in any time zone."""
    if article.published_at is None:
        return ""
    utc = article.published_at.astimezone(dt.UTC)
    if (utc.hour, utc.minute, utc.second, utc.microsecond) == (0, 0, 0, 0):
        return date_format(utc.date(), "j F Y")
    return date_format(timezone.localtime(article.published_at), "j F Y")

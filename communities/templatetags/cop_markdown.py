"""Template filter ``markdown``: a community description as sanitised HTML (see markup.py)."""

from django import template
from django.utils.safestring import mark_safe

from communities.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    """``{{ community.description|markdown }}``: sanitised HTML from the Markdown subset."""
    return mark_safe(render_markdown(text))  # noqa: S308 - nh3 has sanitised it

"""Pagination helpers for templates."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def elided_page_range(page, on_each_side: int = 2):
    """Page numbers to link for ``page``: the first and last, ``on_each_side`` around the current
    one, and Paginator.ELLIPSIS ("…") for each gap. Its length does not grow with the page count,
    so a directory of thousands renders as fast as one of ten."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=on_each_side, on_ends=1)

"""Template tags so other pages can show the pulse with one line:
``{% load health_tags %}{% pulse_panel community %}`` (leaders' panel) and the member prompt."""

from __future__ import annotations

from django import template

from ..activity import pulse_summary
from ..charts import bar_chart
from ..forms import PulseForm

register = template.Library()


@register.simple_tag
def pulse_form() -> PulseForm:
    """An empty pulse form for the prompt on the community page."""
    return PulseForm(submit_label="Send my pulse")


@register.inclusion_tag("health/includes/pulse_panel.html")
def pulse_panel(community) -> dict:
    """The leaders' pulse panel for ``community``: chart, table, counts and latest suggestions.
    Three queries. Only render it on pages that leaders and coordinators alone can see."""
    summary = pulse_summary(community)
    chart = bar_chart(
        id=f"pulse-chart-{community.pk}",
        title="Average pulse per month",
        description="Members' average value rating (1 to 5) for each of the last 12 months.",
        value_heading="Average of 5",
        note_heading="Answers",
        points=[
            (m.month.strftime("%b"), m.month.strftime("%B %Y"), m.average, m.answers)
            for m in summary.months
        ],
        maximum=5,
        fmt="{:.1f}",
    )
    return {"summary": summary, "chart": chart, "community": community}

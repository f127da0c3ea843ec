"""A small Markdown subset for community descriptions, sanitised so no raw HTML gets through."""

from __future__ import annotations

import nh3

# Paragraphs, emphasis, lists, links, quotes, code and small headings: nothing that can run script,
# load resources or break the page's layout. Raw HTML in the source is escaped, not kept.
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h3", "h4",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _TextOnly():
    """A Markdown extension that treats raw HTML as text: Markdown then escapes "<" and "&" once,
    in text and code alike (escaping the source beforehand escaped code spans twice)."""
    from markdown.extensions import Extension

    class TextOnly(Extension):
        def extendMarkdown(self, md):
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")

    return TextOnly()


def render_markdown(text: str) -> str:
    """HTML for ``text`` (Markdown subset), safe to mark safe: headings become h3/h4, links keep
    only http(s)/mailto targets and get rel="noopener noreferrer nofollow"."""
    if not text:
        return ""
    import markdown  # imported on first use, not at start-up (every process loads this module)

    # Markdown's headings would compete with the page's own; shift "#"/"##" to level 3.
    source = "\n".join(
        f"###{line.lstrip('#')}" if line.startswith("#") and not line.startswith("###") else line
        for line in text.splitlines()
    )
    html = markdown.markdown(source, extensions=["sane_lists", _TextOnly()])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )

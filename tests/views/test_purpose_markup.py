"""The purpose on a community page is a small Markdown subset: code shows as typed, raw HTML as
text."""

import pytest


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("Wrap it in `<code>` tags.", "<code>&lt;code&gt;</code>"),
        ("Compare `a < b && b > c`.", "<code>a &lt; b &amp;&amp; b &gt; c</code>"),
        ("Example:\n\n    <div>x</div>", "<code>&lt;div&gt;x&lt;/div&gt;\n</code>"),
        ("Plain <b>bold</b> & more", "Plain &lt;b&gt;bold&lt;/b&gt; &amp; more"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ],
)
def test_code_and_raw_html_show_as_typed_and_are_never_escaped_twice(
    client, make_community, source, shown
):
    community = make_community("Markup Club", description=source)
    page = client.get(community.get_absolute_url()).content.decode()
    assert shown in page
    assert "&amp;lt;" not in page and "<script>alert" not in page

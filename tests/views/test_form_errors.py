"""Errors are summarised at the top of each form and tied to their fields for screen readers
(checked here without a browser too, so a laptop without Chromium still catches a regression)."""

from __future__ import annotations

import re

from tests.views.test_proposals import FORM, PROPOSE


def test_each_field_in_error_points_to_its_message_and_is_in_the_summary(client, employee):
    client.force_login(employee)
    html = client.post(PROPOSE, {**FORM, "name": "", "purpose": "short"}).content.decode()
    summary = html[
        html.index('id="form-errors"') : html.index("</div>", html.index('id="form-errors"'))
    ]
    assert html.index('id="form-errors"') < html.index('name="name"')  # summary first
    for field in ("name", "purpose"):
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{field}"[^>]*>', html)[0]
        assert 'aria-invalid="true"' in tag
        described = re.search(r'aria-describedby="([^"]+)"', tag)[1].split()
        messages = [re.search(rf'id="{i}"[^>]*>(.*?)</', html, re.S) for i in described]
        assert any(m and m[1].strip() for m in messages), f"{field}: {described}"
        assert f'href="#id_{field}"' in summary

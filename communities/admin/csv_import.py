"""Coordinators upload a communities CSV in admin (linked from the Community list): a preview of
what the file would change, made by the importer itself inside a rolled-back transaction
(importing.import_communities_preview), with the same per-line report as the command; then
"Import" applies it. The uploaded bytes wait in the cache between the two steps, under a random
key tied to the coordinator who uploaded them."""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from ..importing import ImportFileError, import_communities, import_communities_preview

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
PENDING_SECONDS = 60 * 60


class ImportUploadForm(forms.Form):
    csv_file = forms.FileField(
        label="CSV file",
        help_text="The format of data/demo_communities.csv (README, “Importing a CSV”); at most "
        "5 MB. Nothing changes until you confirm the preview.",
    )

    def clean_csv_file(self) -> bytes:
        upload = self.cleaned_data["csv_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB.", code="too_large")
        return upload.read()


def _cache_key(request, key: str) -> str:
    return f"admin-import:{request.user.pk}:{key}"


def community_import_view(model_admin, request):
    """GET: the upload form. POST with a file: the preview (nothing saved) and a confirm button.
    POST ``confirm``: import the previewed file and show the report. Needs the add and change
    permissions on communities (the Coordinators group has both)."""
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    context = {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta}
    if request.method == "POST" and "confirm" in request.POST:
        raw = cache.get(_cache_key(request, request.POST.get("key", "")[:64]))
        if raw is None:
            messages.error(
                request, "That preview is too old or was already imported: upload again."
            )
            return redirect("admin:communities_community_import")
        cache.delete(_cache_key(request, request.POST["key"][:64]))
        report = import_communities(raw)
        return TemplateResponse(
            request,
            "admin/communities/community/import.html",
            {**context, "title": "CSV imported", "report": report, "done": True},
        )
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["csv_file"]
        try:
            report = import_communities_preview(raw)
        except ImportFileError as error:
            form.add_error("csv_file", str(error))
        else:
            key = secrets.token_urlsafe(16)
            cache.set(_cache_key(request, key), raw, PENDING_SECONDS)
            return TemplateResponse(
                request,
                "admin/communities/community/import.html",
                {**context, "title": "Preview of the CSV import", "report": report, "key": key},
            )
    return TemplateResponse(
        request,
        "admin/communities/community/import.html",
        {**context, "title": "Import communities from a CSV file", "form": form},
    )

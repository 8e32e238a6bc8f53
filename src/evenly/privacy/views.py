"""Account → Download my data. Both pages only read."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from evenly.accounts.models import User
from evenly.privacy.export import person_export


@require_http_methods(["GET"])
def data_page(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/data.html")


@require_http_methods(["GET"])
def data_download(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    document = person_export(user=user)
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False), content_type="application/json"
    )
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="evenly-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response

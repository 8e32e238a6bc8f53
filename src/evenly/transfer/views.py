"""Household → Export (two pages that only read) and a new household from a file."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from evenly.accounts.http import AuthenticatedHttpRequest
from evenly.accounts.ratelimit import rate_check, too_many
from evenly.core.bounds import MAX_HOUSEHOLD_DOCUMENT_BYTES
from evenly.core.household_document import DocumentError, parse_document, too_big
from evenly.households.access import member_for
from evenly.pages import household_page
from evenly.pages.words import problem_sentence
from evenly.transfer.selectors import household_export
from evenly.transfer.services import household_import


@require_http_methods(["GET"])
def export_page(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    return household_page(request, member, "transfer/export.html", tab="members")


@require_http_methods(["GET"])
def export_download(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    document = household_export(member=member)
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False), content_type="application/json"
    )
    name = slugify(member.household.name) or "household"
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="evenly-{name}-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


class FromFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Household file"),
        help_text=gettext_lazy("The JSON file another Evenly exported (Household → Export)."),
    )


@require_http_methods(["GET", "POST"])
def from_file(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new household from an exported file: every problem listed, nothing written on any."""
    form = FromFileForm(request.POST or None, request.FILES or None)
    problems: list[tuple[str, str]] = []
    if request.method == "POST":
        # Each try reads and checks a file of up to 20 MB: a person gets a few an hour.
        blocked = rate_check(hits=[("import_per_user", str(request.user.pk))])
        if blocked is not None:
            return too_many(request, blocked)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_HOUSEHOLD_DOCUMENT_BYTES:  # refused before it is read
                raise too_big()
            data = parse_document(upload.read(MAX_HOUSEHOLD_DOCUMENT_BYTES + 1))
            household = household_import(user=request.user, data=data)
        except DocumentError as err:
            problems = [(p.path, problem_sentence(p.message)) for p in err.problems]
        else:
            messages.success(
                request,
                _("%(name)s is here. Invite the others to take their places.")
                % {"name": household.name},
            )
            return redirect(reverse("members", args=[household.pk]))
    status = 400 if problems or form.errors else 200
    return render(
        request, "transfer/from_file.html", {"form": form, "problems": problems}, status=status
    )

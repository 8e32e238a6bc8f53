from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from evenly.households.selectors import households_of


@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    """A person's start page: their household's week, or the way to create or join one."""
    households = households_of(user=request.user)
    if len(households) == 1:
        return redirect("week", households[0].pk)
    return render(request, "home.html", {"households": households})

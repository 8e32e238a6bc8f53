from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from evenly.accounts.http import safe_next
from evenly.accounts.models import User

if TYPE_CHECKING:
    _UserAdmin = UserAdmin[User]  # generic in django-stubs only, not at run time
else:
    _UserAdmin = UserAdmin


@admin.register(User)
class EvenlyUserAdmin(_UserAdmin):
    ordering = ("email",)
    list_display = ("email", "is_staff", "date_joined")
    search_fields = ("email",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@login_not_required
def _admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The admin's own log-in form knows nothing of two-step sign-in, so a password alone
    would open it (and with it every page). Everyone logs in through Evenly's log-in instead;
    the admin then opens for staff."""
    return redirect_to_login(safe_next(request, request.GET.get("next")) or reverse("admin:index"))


# Django reads the login view from the site object, so replacing it on this one instance is
# enough; mypy refuses any assignment to a method.
admin.site.login = _admin_login  # type: ignore[method-assign]

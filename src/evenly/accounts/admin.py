from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from evenly.accounts.models import User


@admin.register(User)
class EvenlyUserAdmin(UserAdmin):
    ordering = ("email",)
    list_display = ("email", "is_staff", "date_joined")
    search_fields = ("email",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

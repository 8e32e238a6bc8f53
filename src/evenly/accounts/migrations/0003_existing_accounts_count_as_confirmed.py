"""Accounts made before addresses were confirmed by link keep working as they did: their
owners could already reset passwords by mail, so they count as confirmed (at sign-up time)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import F


def confirm_existing(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    User = apps.get_model("accounts", "User")
    User.objects.filter(email_verified_at__isnull=True).update(email_verified_at=F("date_joined"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_email_verification_and_rate_counters")]

    operations = [migrations.RunPython(confirm_existing, migrations.RunPython.noop)]

"""What the API keeps of its own: the answers to POSTs sent with an Idempotency-Key."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from evenly.core.bounds import MAX_IDEMPOTENCY_KEY_CHARS


class IdempotentReply(models.Model):
    """The answer to a POST a client may send again (its Idempotency-Key): the retry gets this
    answer, and nothing is written twice. Kept for ``bounds.IDEMPOTENCY_HOURS``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=MAX_IDEMPOTENCY_KEY_CHARS)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once")
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"

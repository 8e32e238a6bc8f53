"""The one place that says which address a request comes from.

Login lockouts (django-axes) and the rate limits both key on it. Behind a reverse proxy every
request arrives from the proxy, so ``REMOTE_ADDR`` alone would put everyone in one bucket and
let anyone lock a partner out. ``TRUSTED_PROXY_COUNT`` says how many proxies of our own stand in
front of Evenly: 0 (the default) means ``REMOTE_ADDR`` is the client and ``X-Forwarded-For`` is
ignored (anyone can send it); N means the client is the address N hops from the right of
``X-Forwarded-For``, the last one our own outermost proxy appended.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR") or "")
    hops = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if hops <= 0:
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    parts = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not parts:
        return remote
    # Fewer entries than proxies: the leftmost was written by one of ours.
    candidate = parts[-hops] if len(parts) >= hops else parts[0]
    return candidate if _valid(candidate) else remote

"""Reminders that respect people: each member's daily digest, the weekly check-in reminder and
nudges for what is overdue, by email and web push, at times they choose in their own time zone,
never in their quiet hours, never more than their cap a day, and never twice.

What a reminder says comes from the page kit's Needs-you registry (``evenly.pages.needs_for``),
which each app fills with what waits on a member in household words, never private text. The
timing rules are pure and live in ``evenly.core.reminder_times``."""

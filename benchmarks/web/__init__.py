"""Benchmark of the web app: three household pages under load, served as in production.

Run by ``make bench`` (never by the tests) as ``python benchmarks/web`` (or
``python benchmarks/web.py``). ``--quick`` (issue 17) is another measure: every main page's server
CPU per request, in process, over 100 households x 3 years (``quick`` and ``quick_data``; it
ends with ``worst_page=NAME cpu_ms=X``). See benchmarks/README.md.

Modules: ``config`` (constants, command line, environment), ``data`` and ``insight_data`` (the
households built), ``pages`` (what is measured), ``in_process`` (queries, CPU split and profiles
through the test client), ``server`` (gunicorn and the load run), ``load`` (the load generator,
its own process), ``figures``, ``report`` (Markdown) and ``cli`` (the run from end to end).

Stages:

1. a fresh database (SQLite in a temporary folder, or with ``--database-url`` a scratch
   PostgreSQL database that is created and dropped), migrated, with one household built through
   the app's services: 2 members, 100 cards (catalog and custom) rated by both, an accepted deal,
   and a year of history (about 90 % of due occurrences done, plus noticing, planning and
   unplanned work) written with ``bulk_create``;
2. the number of SQL queries of each page, once, in this process (test client);
3. gunicorn serving ``evenly.web.wsgi`` with production settings (``DEBUG=0``, a random secret
   key, ``ALLOWED_HOSTS=127.0.0.1``; only ``SECURE_SSL_REDIRECT=0``, as behind a TLS proxy, and
   ``STATIC_ROOT`` in the temporary folder) on a free loopback port;
4. once the machine is quiet, ``load.py`` in its own process: 20 clients log in through
   the login form, warm up, then each page is timed from one client alone and at 20 concurrent
   clients; every response must be a 200 with the page's expected content;
5. the slowest page profiled in this process with cProfile; results written as Markdown and
   JSON. The last line printed is ``p95_ms=<the worst page's p95 under load>``.

Scenarios (``--scenario``):

- ``pages`` (the default, issue 3): the household above; this week, the deal and rating pages;
  writes ``results/web.md`` and ``web.json``.
- ``insight`` (issue 4): 100 households (``--households``), each of 2 members with 60 catalog
  cards rated by both and an accepted deal, and 3 years of history at about 15 entries a day
  each (about 1.6 million log entries, ``bulk_create`` a household at a time). The balance page
  (4 weeks and a year), this week and the ledger, with each client logged in as a member of a
  different household; every page profiled, the SQL of the log queries explained; writes
  ``results/web_insight.md`` and ``web_insight.json``. ``--quick``: 5 households, 3 months.
"""

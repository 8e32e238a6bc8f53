"""The pure core of Evenly: domain dataclasses, catalog, deal engine and figures.

Nothing under this package imports Django; the web app, the API, the command line and the
benchmarks all call the same functions.
"""

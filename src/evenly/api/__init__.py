"""The JSON API at /api/v1/ (django-ninja): the frame (auth, problems, pagination) and the
routers of each resource. It calls the same services, selectors and forms as the pages and
reaches households through ``evenly.households.access``: no rule lives here."""

"""One module per resource, each with a ``router``; ``evenly.api.main.ROUTERS`` lists them."""

"""Moving a whole household: export it as one JSON document, import it as a new household."""

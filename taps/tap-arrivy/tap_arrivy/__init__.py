"""Singer tap for the Arrivy REST API."""

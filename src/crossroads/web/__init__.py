"""The presentation layer: the REST API (and, later, the dashboard) over the library."""

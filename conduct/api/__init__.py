"""The REST API under /api/v1/: authentication, errors, pagination, rate
limits, concurrency control and the OpenAPI schema (docs/api.md)."""

"""Running it unattended: structured logs, health and readiness, the operators' HTTP server."""

"""Persistence: models, migrations and the queries each stage needs."""

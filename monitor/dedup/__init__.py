"""Dedup stage: per-feed keys, canonical URLs across feeds, near-duplicate stories (MinHash)."""

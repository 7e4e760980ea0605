"""Bring your own data: read files, map columns and words, validate, store as a new snapshot."""

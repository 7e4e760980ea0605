"""The state store: what people write (commentary and its history; later reviews, feedback,
target proposals). SQLAlchemy Core on SQLite by default, PostgreSQL by URL; kept apart from the
warehouse, so replacing data never touches what people wrote."""

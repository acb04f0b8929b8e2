"""Extraction of entities and facts from news articles with spaCy and domain knowledge."""

"""Space-media knowledge graph: extract entities and facts from news, store them as RDF, query them."""

__version__ = "0.1.0"

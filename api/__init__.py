"""The HTTP service over the knowledge graph (FastAPI); built by `api.main.create_app`."""

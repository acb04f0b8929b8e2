"""Runtime settings read from the environment (prefix KG_); only entry points build them."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting of the CLI and the API, with defaults that work without a `.env`."""

    model_config = SettingsConfigDict(
        env_prefix="KG_", env_file=".env", frozen=True, extra="ignore"
    )

    store: Path = Path("data/store")
    model: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    # One log line per request (uvicorn's access log); off saves about a tenth of a small query's
    # server time.
    access_log: bool = True
    # SPARQL Update and article deletion need this bearer token; unset means the API is read-only
    # for them (articles can still be added with POST /articles).
    update_token: SecretStr | None = None
    # Accept SPARQL Update without a token: only for throw-away stores (the W3C protocol suite).
    allow_anonymous_update: bool = False
    query_timeout: float = 10.0
    max_rows: int = 100_000
    max_body_bytes: int = 2 * 1024 * 1024
    query_workers: int = 2
    # Remote store: a SPARQL 1.1 query endpoint; when set, it replaces `store` everywhere.
    store_url: str | None = None
    # Its update endpoint; unset means the query endpoint takes updates too (Virtuoso's /sparql).
    store_update_url: str | None = None
    # Credentials for the remote store, sent as HTTP Basic or Digest, as the server asks.
    store_user: str | None = None
    store_password: SecretStr | None = None

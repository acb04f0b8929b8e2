"""Runtime settings read from the environment (prefix KG_); only entry points build them."""

from __future__ import annotations

from pathlib import Path

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

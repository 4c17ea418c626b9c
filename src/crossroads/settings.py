"""Settings: defaults, overridden by environment variables, overridden by command-line options.

| setting            | environment variable       | default              |
| ------------------ | -------------------------- | -------------------- |
| db_path            | CROSSROADS_DB              | ./crossroads.duckdb  |
| max_input_bytes    | CROSSROADS_MAX_INPUT_BYTES | 20000000 (20 MB)     |
| sources_path       | CROSSROADS_SOURCES         | none (shipped list)  |
| user_agent         | CROSSROADS_USER_AGENT      | none (crossroads/V)  |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import ConfigError

__all__ = ["Settings", "load_settings", "DEFAULT_DB", "DEFAULT_MAX_INPUT_BYTES"]

DEFAULT_DB = "crossroads.duckdb"
DEFAULT_MAX_INPUT_BYTES = 20_000_000

ENVIRONMENT = {
    "db_path": "CROSSROADS_DB",
    "max_input_bytes": "CROSSROADS_MAX_INPUT_BYTES",
    "sources_path": "CROSSROADS_SOURCES",
    "user_agent": "CROSSROADS_USER_AGENT",
}


@dataclass(frozen=True)
class Settings:
    db_path: Path = Path(DEFAULT_DB)
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    sources_path: Path | None = None
    user_agent: str | None = None

    def with_overrides(self, **values: object) -> Settings:
        """Return a copy with the given non-None values replaced."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def _int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a whole number of bytes") from exc
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} must be positive")
    return value


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Defaults with the environment's overrides applied."""
    env = os.environ if environ is None else environ
    settings = Settings()
    if raw := env.get(ENVIRONMENT["db_path"]):
        settings = replace(settings, db_path=Path(raw))
    if raw := env.get(ENVIRONMENT["max_input_bytes"]):
        settings = replace(settings, max_input_bytes=_int(ENVIRONMENT["max_input_bytes"], raw))
    if raw := env.get(ENVIRONMENT["sources_path"]):
        settings = replace(settings, sources_path=Path(raw))
    if raw := env.get(ENVIRONMENT["user_agent"], "").strip():
        settings = replace(settings, user_agent=raw)
    return settings

"""Zhiku's settings: `zhiku.yml` beside `mkdocs.yml`, overridden by command-line flags.

Everything has a default, so a project without `zhiku.yml` works. Paths in the file are
relative to the file's folder.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = "zhiku.yml"
SCRIPTS = ("hans", "hant", "hant-tw", "hant-hk")   # site_script.py says what each means
IMAGE_MODES = ("link", "mirror")
MAX_SOURCE_BYTES = 20 * 2**20   # 20 MB: a long report is a few MB; a larger "text" is a dump


class ConfigError(ValueError):
    """A setting in zhiku.yml (or a flag) has a wrong value; the message names it."""


@dataclass(frozen=True)
class Config:
    source: Path = Path("seeds")               # folder of collected documents
    work_dir: Path = Path(".zhiku")            # generated Markdown, report and caches
    script: str = "hans"                       # the site's script: hans | hant | hant-tw | hant-hk
    timezone: str = "Asia/Shanghai"            # dates without a zone are read in this zone
    images: str = "link"                       # link: keep remote URLs | mirror: download
    mirror_private_addresses: bool = False     # mirror also from loopback/private/link-local hosts
    mirror_max_images_per_document: int = 100  # a document's further images stay links
    mirror_max_total_bytes: int = 1024 ** 3    # the build's images past this many bytes stay links
    taxonomy: Path | None = None               # replaces the built-in taxonomy when set
    taxonomy_extra: Path | None = None         # adds to / overrides the built-in taxonomy
    title: str = ""                            # home-page title (default: mkdocs site_name)
    description: str = ""                      # home-page description
    strict: bool = False                       # warnings make the build fail
    strict_tags: bool = False                  # a front-matter tag outside the taxonomy is a warning
    jobs: int = 0                              # worker processes for conversion and pages (0: one per core)
    max_source_bytes: int = MAX_SOURCE_BYTES   # a larger source file is skipped, never read
    speedups: bool = True                      # generator/site/speedups/: the same site, sooner
    duplicates: bool = True                    # near-duplicate detection (collection/duplicates.py)
    extra: dict[str, Any] = field(default_factory=dict)  # settings for later features

    @property
    def pages_dir(self) -> Path:
        return self.work_dir / "docs"

    @property
    def report_path(self) -> Path:
        return self.work_dir / "report.json"

    def fingerprint(self) -> str:
        """A hash of the settings that change conversion output (part of the cache key)."""
        keys = ("script", "timezone", "images", "taxonomy", "taxonomy_extra", "strict_tags", "extra")
        data = {k: str(getattr(self, k)) for k in keys}
        for key in ("taxonomy", "taxonomy_extra"):
            path = getattr(self, key)
            if path is not None and Path(path).is_file():
                data[key + "_sha"] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def validate(self) -> "Config":
        if isinstance(self.jobs, bool) or not isinstance(self.jobs, int) or self.jobs < 0:
            raise ConfigError(f"jobs: expected a whole number of 0 or more (0: one per core), got {self.jobs!r}")
        if self.script not in SCRIPTS:
            raise ConfigError(f"script: expected one of {SCRIPTS}, got {self.script!r}")
        from .site_script import ScriptSettingError, site_script

        try:
            site_script(self)   # extra.script_variant must fit the script
        except ScriptSettingError as exc:
            raise ConfigError(str(exc)) from exc
        if self.images not in IMAGE_MODES:
            raise ConfigError(f"images: expected one of {IMAGE_MODES}, got {self.images!r}")
        if not isinstance(self.mirror_private_addresses, bool):
            raise ConfigError("mirror_private_addresses: expected true or false, "
                              f"got {self.mirror_private_addresses!r}")
        for key in ("mirror_max_images_per_document", "mirror_max_total_bytes"):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{key}: expected a whole number of at least 1, got {value!r}")
        if (isinstance(self.max_source_bytes, bool) or not isinstance(self.max_source_bytes, int)
                or self.max_source_bytes < 1):
            raise ConfigError("max_source_bytes: expected a whole number of bytes above 0, "
                              f"got {self.max_source_bytes!r}")
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(self.timezone)
        except Exception as exc:  # ZoneInfoNotFoundError, ValueError
            raise ConfigError(f"timezone: unknown time zone {self.timezone!r}") from exc
        return self


_PATH_FIELDS = {"source", "work_dir", "taxonomy", "taxonomy_extra"}


def load_config(path: Path | None = None, base: Path | None = None, required: bool = False,
                **overrides: Any) -> Config:
    """Read `zhiku.yml` (when present; `required`: it must be) and apply `overrides`
    (None values are ignored). Every value in the file is type-checked (check_type).

    Relative paths written in the file are resolved against the file's folder; relative
    paths in `overrides` (command-line flags) and the defaults against `base` (default:
    the file's folder, else the current folder).
    """
    base = Path(base) if base else (Path(path).parent if path else Path.cwd())
    path = Path(path) if path else base / CONFIG_FILE
    if required and not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    data = _read_file(path)
    known = {f.name for f in fields(Config)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s): {', '.join(unknown)}")
    for key, value in data.items():
        check_type(key, value, where=f"{path}: ")
    _resolve_paths(data, path.resolve().parent)
    flags = {k: v for k, v in overrides.items() if v is not None}
    _resolve_paths(flags, base)
    data.update(flags)
    for key in _PATH_FIELDS - set(data):
        default = getattr(Config, key, None)
        if isinstance(default, Path):
            data[key] = base / default
    return replace(Config(), **data).validate()


def _kind(key: str) -> str:
    """What a setting holds, from its default: the name used in messages."""
    default = {f.name: f for f in fields(Config)}[key]
    value = default.default_factory() if callable(default.default_factory) else default.default
    if key in _PATH_FIELDS:
        return "a path" if value is not None else "a path or nothing (null)"
    return {bool: "true or false", int: "a whole number", str: "text",
            dict: "a mapping of settings"}[type(value)]


def check_type(key: str, value: Any, where: str = "") -> None:
    """Refuse a value of the wrong type, naming the setting and the expected type
    (`jobs: expected a whole number, got 'many'`); ranges are Config.validate's."""
    kind = _kind(key)
    ok = {"a path": lambda v: isinstance(v, str) and v.strip() != "",
          "a path or nothing (null)": lambda v: v is None or (isinstance(v, str) and v.strip() != ""),
          "true or false": lambda v: isinstance(v, bool),
          "a whole number": lambda v: isinstance(v, int) and not isinstance(v, bool),
          "text": lambda v: isinstance(v, str),
          "a mapping of settings": lambda v: isinstance(v, dict)}[kind](value)
    if not ok:
        raise ConfigError(f"{where}{key}: expected {kind}, got {value!r} ({_yaml_type(value)})")


def _yaml_type(value: Any) -> str:
    if value is None:
        return "nothing"
    return {bool: "true/false", int: "a number", float: "a number", str: "text",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def _read_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(loaded, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    return loaded


def _resolve_paths(data: dict[str, Any], base: Path) -> None:
    for key in _PATH_FIELDS & set(data):
        if data[key] is not None:
            p = Path(data[key])
            data[key] = p if p.is_absolute() else (base / p)


def config_summary(config: Config) -> dict[str, Any]:
    """The settings as plain JSON-able data (for the report)."""
    return {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()}

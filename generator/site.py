"""The MkDocs side, kept thin: load mkdocs.yml with Zhiku's settings, build, serve."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from .config import Config

EXTRA_KEY = "zhiku_cli"  # where the CLI hands its overrides to the hook (config.extra)


def load_mkdocs_config(config_file: Path, site_dir: Path | None = None, **zhiku: Any):
    """mkdocs.yml as MkDocs loads it, with Zhiku overrides for the hook."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config

    kwargs: dict[str, Any] = {"config_file": str(config_file)}
    if site_dir is not None:
        kwargs["site_dir"] = str(Path(site_dir).resolve())
    cfg = load_config(**kwargs)
    cfg["extra"][EXTRA_KEY] = {k: (str(v) if isinstance(v, Path) else v)
                               for k, v in zhiku.items() if v is not None}
    return cfg


def build_site(config_file: Path, site_dir: Path | None = None, strict: bool = False,
               offline: bool = False, **zhiku: Any):
    """Build the site; returns the loaded MkDocs config (site_name, site_dir ...)."""
    from mkdocs.commands.build import build

    cfg = load_mkdocs_config(config_file, site_dir, strict=strict, **zhiku)
    if strict:
        cfg["strict"] = True
    if offline:
        enable_offline(cfg)
    build(cfg)
    return cfg


OFFLINE_SHIM = "assets/vendor/iframe-worker/shim.js"  # shipped in site_theme/


def enable_offline(cfg) -> None:
    """The file:// variant: Material's offline plugin (no directory URLs, the search index
    inlined as a script), its Web Worker shim served from the site instead of unpkg.com,
    and no site_url (absolute links would leave the bundle)."""
    from material.plugins.offline.plugin import OfflinePlugin

    polyfills = [p for p in cfg["extra"].get("polyfills") or [] if "iframe-worker" not in str(p)]
    cfg["extra"]["polyfills"] = [*polyfills, OFFLINE_SHIM]
    cfg["site_url"] = None
    plugin = cfg["plugins"].get("material/offline") or cfg["plugins"].get("offline")
    if plugin is None:
        plugin = OfflinePlugin()
        plugin.load_config({"enabled": True})
        cfg["plugins"]["material/offline"] = plugin
    plugin.config.enabled = True


def zhiku_config_for(mkdocs_config) -> Config:
    """The Zhiku settings for a loaded mkdocs.yml: zhiku.yml beside it + CLI overrides."""
    from .config import load_config

    base = Path(mkdocs_config["config_file_path"]).resolve().parent
    overrides = cli_overrides(mkdocs_config)
    overrides.pop("report", None)
    config_path = overrides.pop("config", None)
    cfg = load_config(Path(config_path) if config_path else base / "zhiku.yml", base=base, **overrides)
    if not cfg.title:
        from dataclasses import replace

        cfg = replace(cfg, title=mkdocs_config["site_name"],
                      description=cfg.description or mkdocs_config.get("site_description") or "")
    return cfg


def cli_overrides(mkdocs_config) -> dict[str, Any]:
    """Overrides from `zhiku build` (config.extra) or `zhiku serve` (environment)."""
    overrides = json.loads(os.environ.get("ZHIKU_CLI") or "{}")
    overrides.update(mkdocs_config["extra"].get(EXTRA_KEY) or {})
    return overrides


log = logging.getLogger("mkdocs.plugins.zhiku")

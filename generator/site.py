"""The MkDocs side, kept thin: load mkdocs.yml with Zhiku's settings, build, serve."""

from __future__ import annotations

import glob
import gzip
import json
import logging
import os
import posixpath
import re
from pathlib import Path, PurePosixPath
from typing import Any

from .config import Config
from .convert import ProjectPath
from .staging import staged_site_dir

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

    cfg = load_mkdocs_config(config_file, site_dir, strict=strict or None, **zhiku)  # False: zhiku.yml decides
    if _plugin_present(cfg):
        from .mkdocs_setup import check_theme

        check_theme(cfg)   # a configuration error (exit 2), not a failed build
    settings = zhiku_config_for(cfg)   # a wrong setting: exit 2 before MkDocs starts
    if strict or settings.strict:      # --strict, or `strict: true` in zhiku.yml
        cfg["strict"] = True
    if not Path(settings.source).exists():   # bad usage (exit 2), not a failed build
        raise FileNotFoundError(f"source folder not found: {settings.source} "
                                f"(`source:` in {zhiku_config_path(cfg)}, or --source)")
    if offline:
        enable_offline(cfg)
    final = Path(cfg["site_dir"])
    cfg["extra"][EXTRA_KEY]["site_dir"] = str(final)   # the hook sees only the staging folder
    with staged_site_dir(final) as staging:
        cfg["site_dir"] = str(staging)
        build(cfg)
    cfg["site_dir"] = str(final)
    return cfg


# The only things MkDocs/Material stamp with the build time: every <lastmod> in
# sitemap.xml (MkDocs sets each page's update_date to the build day) and the mtime field
# of the sitemap.xml.gz gzip header. Unless SOURCE_DATE_EPOCH pins that time, both are
# normalised after the build so that the same input gives byte-identical sites:
# <lastmod> is optional in the sitemap protocol and the build day says nothing about when
# a document changed, so it is dropped; the gzip mtime becomes 0 ("no time stored").
_LASTMOD = re.compile(r"\s*<lastmod>[^<]*</lastmod>")


def normalise_sitemap(site_dir: Path) -> None:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return
    xml = Path(site_dir) / "sitemap.xml"
    if not xml.is_file():
        return
    data = _LASTMOD.sub("", xml.read_text(encoding="utf-8")).encode("utf-8")
    xml.write_bytes(data)
    with open(xml.with_name("sitemap.xml.gz"), "wb") as raw:
        with gzip.GzipFile(fileobj=raw, filename="sitemap.xml", mode="wb", mtime=0) as gz:
            gz.write(data)


def remove_scripted_svgs(site_dir: Path, folder: str = "images") -> list[tuple[str, list[str]]]:
    """Delete SVG images under `folder` that are not exactly what svg_safety.clean_svg makes
    of them (every mirrored SVG is stored cleaned, so such a file came in another way and
    could run script when opened by its own URL); return (path, reasons) for the warning."""
    from .svg_safety import clean_svg

    removed = []
    for svg in sorted((Path(site_dir) / folder).rglob("*.svg")):
        data = svg.read_bytes()
        result = clean_svg(data)
        if result.data != data:
            svg.unlink()
            removed.append((svg.relative_to(site_dir).as_posix(),
                            list(result.reasons) or ["not a cleaned copy"]))
    return removed


# The second wall for mirrored images, where a server can send headers (`zhiku serve` does;
# README names it for other servers): an SVG opened by its own URL may neither run script
# nor fetch anything, even if one that is not a cleaned copy got there.
IMAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


def with_image_policy(app, folder: str = "images"):
    """The WSGI `app` sending IMAGE_POLICY with every response from under `folder`."""

    def policed(environ, start_response):
        parts = PurePosixPath(posixpath.normpath("/" + environ.get("PATH_INFO", ""))).parts
        if folder not in parts:
            return app(environ, start_response)

        def start(status, headers, exc_info=None):
            return start_response(status, [*headers, ("Content-Security-Policy", IMAGE_POLICY)], exc_info)

        return app(environ, start)

    return policed


OFFLINE_SHIM = "assets/vendor/iframe-worker/shim.js"  # shipped in generator/theme/


def enable_offline(cfg) -> None:
    """The file:// variant: Material's offline plugin (no directory URLs, the search index
    inlined as a script), its Web Worker shim served from the site instead of unpkg.com,
    and no site_url (absolute links would leave the bundle)."""
    from material.plugins.offline.plugin import OfflinePlugin

    polyfills = [p for p in cfg["extra"].get("polyfills") or [] if "iframe-worker" not in str(p)]
    cfg["extra"]["polyfills"] = [*polyfills, OFFLINE_SHIM]
    cfg["site_url"] = None
    cfg["use_directory_urls"] = False   # already now, so the hook's on_config sees it too
    # Instant navigation fetches pages with XHR, which file:// refuses (Material's docs).
    features = cfg["theme"]["features"] or []
    cfg["theme"]["features"] = [f for f in features if not f.startswith("navigation.instant")]
    plugin = cfg["plugins"].get("material/offline") or cfg["plugins"].get("offline")
    if plugin is None:
        plugin = OfflinePlugin()
        plugin.load_config({"enabled": True})
        cfg["plugins"]["material/offline"] = plugin
    plugin.config.enabled = True


def zhiku_config_for(mkdocs_config) -> Config:
    """The Zhiku settings for a loaded mkdocs.yml: zhiku.yml beside it + CLI overrides."""
    from .config import load_config

    overrides = cli_overrides(mkdocs_config)
    for not_zhiku in ("report", "site_dir", "bundle", "config"):
        overrides.pop(not_zhiku, None)
    path, given = _zhiku_config_path(mkdocs_config)
    # relative defaults (source, work_dir) from the folder of a zhiku.yml the plugin names
    # (the MkDocs config `zhiku build` writes for a folder without one), else of mkdocs.yml
    base = path.parent if _plugin_option(mkdocs_config) else Path(mkdocs_config["config_file_path"]).resolve().parent
    cfg = load_config(path, base=base, required=given, **overrides)
    if not cfg.title:
        from dataclasses import replace

        cfg = replace(cfg, title=mkdocs_config["site_name"],
                      description=cfg.description or mkdocs_config.get("site_description") or "")
    return cfg


def zhiku_config_path(mkdocs_config) -> Path:
    return _zhiku_config_path(mkdocs_config)[0]


def _zhiku_config_path(mkdocs_config) -> tuple[Path, bool]:
    """zhiku.yml: `--config`, else the plugin's `config` option (relative to mkdocs.yml),
    else beside mkdocs.yml; and whether it was named (then it must exist)."""
    base = Path(mkdocs_config["config_file_path"]).resolve().parent
    given = cli_overrides(mkdocs_config).get("config") or _plugin_option(mkdocs_config)
    return (base / given if given else base / "zhiku.yml"), bool(given)


def _plugin_present(mkdocs_config) -> bool:
    """The zhiku plugin, or the hook file that runs it (mkdocs_hook.py)."""
    return any(type(p).__name__ == "ZhikuPlugin" or Path(getattr(p, "__file__", None) or "").name == "mkdocs_hook.py"
               for p in mkdocs_config["plugins"].values())


def _plugin_option(mkdocs_config) -> str | None:
    for plugin in mkdocs_config["plugins"].values():
        if type(plugin).__name__ == "ZhikuPlugin":
            return plugin.config.config
    return None


def project_paths(mkdocs_config) -> list[ProjectPath]:
    """The project's own files and folders, never sources even inside the source folder
    (generator/convert.py, ProjectPath): the site it writes (which would otherwise come
    back as documents and grow with every build), the report and bundle it writes, and
    what it reads as configuration: mkdocs.yml, zhiku.yml, docs_dir, the theme's
    custom_dir, the hooks, Zhiku's own code."""
    overrides = cli_overrides(mkdocs_config)
    site_dir = Path(overrides.get("site_dir") or mkdocs_config["site_dir"])
    building = [ProjectPath(path, "a build's temporary folder", True, listed=False)   # this build's, others'
                for path in {Path(mkdocs_config["site_dir"]), *site_dir.parent.glob(f".{glob.escape(site_dir.name)}.*-*")}]
    paths = [ProjectPath(site_dir, "the site folder", True), *building,
             ProjectPath(Path(mkdocs_config["docs_dir"]), "MkDocs' docs_dir"),
             ProjectPath(Path(mkdocs_config["config_file_path"]), "MkDocs' configuration"),
             ProjectPath(zhiku_config_path(mkdocs_config), "Zhiku's configuration"),
             ProjectPath(Path(__file__).resolve().parent, "Zhiku's own code")]
    if getattr(mkdocs_config["theme"], "custom_dir", None):
        paths.append(ProjectPath(Path(mkdocs_config["theme"].custom_dir), "the theme's custom_dir"))
    paths += [ProjectPath(Path(module.__file__), "an MkDocs hook")
              for module in (mkdocs_config["hooks"] or {}).values() if getattr(module, "__file__", None)]
    for key, what in (("report", "the report file"), ("bundle", "the offline bundle")):
        if overrides.get(key):
            paths.append(ProjectPath(Path(overrides[key]), what))
    return paths


def cli_overrides(mkdocs_config) -> dict[str, Any]:
    """Overrides from `zhiku build` (config.extra) or `zhiku serve` (environment)."""
    overrides = json.loads(os.environ.get("ZHIKU_CLI") or "{}")
    overrides.update(mkdocs_config["extra"].get(EXTRA_KEY) or {})
    return overrides


log = logging.getLogger("mkdocs.plugins.zhiku")

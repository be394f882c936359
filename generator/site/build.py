"""The MkDocs side, kept thin: load mkdocs.yml with Zhiku's settings, build, serve."""

from __future__ import annotations

import glob
import gzip
import logging
import os
import posixpath
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from ..config import Config
from ..convert import ProjectPath
from .staging import staged_site_dir



@dataclass(frozen=True)
class CliPaths:
    """What `zhiku build`, `bundle` and `serve` hand the plugin beside the settings: the
    zhiku.yml named by --config, and the files written outside the site (never sources,
    see project_paths)."""
    settings_file: Path | None = None   # --config
    site_dir: Path | None = None        # the final site folder (MkDocs writes a staging one)
    report: Path | None = None
    bundle: Path | None = None


def load_mkdocs_config(config_file: Path, site_dir: Path | None = None, **options: Any):
    """mkdocs.yml as MkDocs loads it (`options`: MkDocs settings to override)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config

    kwargs: dict[str, Any] = {"config_file": str(config_file), **options}
    if site_dir is not None:
        kwargs["site_dir"] = str(Path(site_dir).resolve())
    return load_config(**kwargs)


def prepare(config_file: Path, site_dir: Path | None = None, paths: CliPaths = CliPaths(),
            mkdocs_options: dict | None = None, **overrides: Any):
    """mkdocs.yml loaded, Zhiku's settings made from zhiku.yml and the flags (`overrides`),
    and handed to the plugin: the one way settings travel from the command line to the
    conversion and the builder. Returns (MkDocs config, Config)."""
    cfg = load_mkdocs_config(config_file, site_dir, **(mkdocs_options or {}))
    if _plugin_present(cfg):
        from .mkdocs_setup import check_theme

        check_theme(cfg)   # a configuration error (exit 2), not a failed build
    paths = replace(paths, site_dir=paths.site_dir or Path(cfg["site_dir"]))
    settings = zhiku_config_for(cfg, paths, **overrides)   # a wrong setting: exit 2 before MkDocs starts
    if not Path(settings.source).exists():   # bad usage (exit 2), not a failed build
        raise FileNotFoundError(f"source folder not found: {settings.source} "
                                f"(`source:` in {zhiku_config_path(cfg, paths)}, or --source)")
    hand_over(cfg, settings, paths)
    return cfg, settings


def hand_over(mkdocs_config, settings: Config, paths: CliPaths) -> None:
    """Give the settings to the zhiku plugin (or the hook file's) of this MkDocs config."""
    for plugin in mkdocs_config["plugins"].values():
        plugin = getattr(plugin, "zhiku_plugin", plugin)   # the hook module's plugin
        if type(plugin).__name__ == "ZhikuPlugin":
            plugin.given = (mkdocs_config, settings, paths)


def build_site(config_file: Path, site_dir: Path | None = None, strict: bool = False,
               offline: bool = False, config: Path | None = None, report: Path | None = None,
               bundle: Path | None = None, **overrides: Any):
    """Build the site; returns the loaded MkDocs config (site_name, site_dir ...)."""
    from mkdocs.commands.build import build

    paths = CliPaths(settings_file=config, report=report, bundle=bundle)
    # strict=False: zhiku.yml decides
    cfg, settings = prepare(config_file, site_dir, paths, strict=strict or None, **overrides)
    if strict or settings.strict:      # --strict, or `strict: true` in zhiku.yml
        cfg["strict"] = True
    if offline:
        enable_offline(cfg)
    final = Path(cfg["site_dir"])
    with staged_site_dir(final) as staging:
        cfg["site_dir"] = str(staging)
        build(cfg)
    cfg["site_dir"] = str(final)
    return cfg


def serve_site(config_file: Path, dev_addr: str, config: Path | None = None, **overrides: Any) -> None:
    """`mkdocs serve` for Zhiku: MkDocs' live-reload server and build, with the settings
    handed to the plugin before every rebuild (as `build_site` does) rather than through
    MkDocs' configuration or the environment."""
    import shutil
    import tempfile
    from urllib.parse import urlsplit

    from mkdocs.commands.build import build
    from mkdocs.livereload import LiveReloadServer

    site_dir = tempfile.mkdtemp(prefix="zhiku-serve-")
    paths = CliPaths(settings_file=config)

    def get_config():
        return prepare(config_file, Path(site_dir), paths, {"dev_addr": dev_addr}, **overrides)[0]

    cfg = get_config()
    cfg.plugins.on_startup(command="serve", dirty=False)
    host, port = cfg["dev_addr"]
    mount_path = urlsplit(cfg["site_url"] or "/").path
    serve_url = f"http://{f'[{host}]' if ':' in host else host}:{port}{mount_path}"

    def builder(cfg=None):
        log.info("Building documentation...")
        cfg = cfg if cfg is not None else get_config()
        cfg["site_url"] = serve_url
        build(cfg, serve_url=serve_url)

    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)
    try:
        builder(cfg)
        server.watch(cfg["docs_dir"])
        server.watch(cfg["config_file_path"])
        server = cfg.plugins.on_serve(server, config=cfg, builder=builder)
        for item in cfg["watch"]:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        cfg.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


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


def zhiku_config_for(mkdocs_config, paths: CliPaths = CliPaths(), **overrides: Any) -> Config:
    """The Zhiku settings for a loaded mkdocs.yml: zhiku.yml beside it (or named by
    --config or the plugin's `config` option) + the command line's `overrides`."""
    from ..config import load_config

    path, given = _zhiku_config_path(mkdocs_config, paths)
    # relative defaults (source, work_dir) from the folder of a zhiku.yml the plugin names
    # (the MkDocs config `zhiku build` writes for a folder without one), else of mkdocs.yml
    base = path.parent if _plugin_option(mkdocs_config) else Path(mkdocs_config["config_file_path"]).resolve().parent
    cfg = load_config(path, base=base, required=given, **overrides)
    if not cfg.title:
        cfg = replace(cfg, title=mkdocs_config["site_name"],
                      description=cfg.description or mkdocs_config.get("site_description") or "")
    return cfg


def zhiku_config_path(mkdocs_config, paths: CliPaths = CliPaths()) -> Path:
    return _zhiku_config_path(mkdocs_config, paths)[0]


def _zhiku_config_path(mkdocs_config, paths: CliPaths) -> tuple[Path, bool]:
    """zhiku.yml: `--config`, else the plugin's `config` option (relative to mkdocs.yml),
    else beside mkdocs.yml; and whether it was named (then it must exist)."""
    base = Path(mkdocs_config["config_file_path"]).resolve().parent
    given = paths.settings_file or _plugin_option(mkdocs_config)
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


def project_paths(mkdocs_config, paths: CliPaths = CliPaths()) -> list[ProjectPath]:
    """The project's own files and folders, never sources even inside the source folder
    (generator/convert.py, ProjectPath): the site it writes (which would otherwise come
    back as documents and grow with every build), the report and bundle it writes, and
    what it reads as configuration: mkdocs.yml, zhiku.yml, docs_dir, the theme's
    custom_dir, the hooks, Zhiku's own code."""
    site_dir = Path(paths.site_dir or mkdocs_config["site_dir"])
    building = [ProjectPath(path, "a build's temporary folder", True, listed=False)   # this build's, others'
                for path in {Path(mkdocs_config["site_dir"]), *site_dir.parent.glob(f".{glob.escape(site_dir.name)}.*-*")}]
    found = [ProjectPath(site_dir, "the site folder", True), *building,
             ProjectPath(Path(mkdocs_config["docs_dir"]), "MkDocs' docs_dir"),
             ProjectPath(Path(mkdocs_config["config_file_path"]), "MkDocs' configuration"),
             ProjectPath(zhiku_config_path(mkdocs_config, paths), "Zhiku's configuration"),
             ProjectPath(Path(__file__).resolve().parents[1], "Zhiku's own code")]
    if getattr(mkdocs_config["theme"], "custom_dir", None):
        found.append(ProjectPath(Path(mkdocs_config["theme"].custom_dir), "the theme's custom_dir"))
    found += [ProjectPath(Path(module.__file__), "an MkDocs hook")
              for module in (mkdocs_config["hooks"] or {}).values() if getattr(module, "__file__", None)]
    for path, what in ((paths.report, "the report file"), (paths.bundle, "the offline bundle")):
        if path:
            found.append(ProjectPath(Path(path), what))
    return found


log = logging.getLogger("mkdocs.plugins.zhiku")

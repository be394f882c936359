"""`zhiku export DIR`: the site as a static MkDocs project that needs no Zhiku plugin.

What the plugin does while MkDocs builds (generator/site/plugin.py) is done here once, into
files: the converted and generated pages go into `DIR/docs/` beside the project's own
pages, the home page's markers are expanded, the navigation the plugin arranges in
`on_nav` is written out as `nav:`, the theme overrides (generator/theme/) become the
theme's `custom_dir` (`DIR/overrides/`), and `DIR/mkdocs.yml` is the project's own less the
`zhiku` plugin, with what mkdocs_setup.py would have added. `mkdocs build`,
`properdocs build` (a MkDocs 1.6 fork) or `zensical build` then make the site; what the
plugin does after the build (search index, compact pages, sitemap, SVG check) is
`zhiku index SITE_DIR` (generator/site/finish.py), run after any of them.

Left out, because they change no page (README, "Builders"): the speed-ups (prerender,
parallel pages, nav written in Python, fast inline, raw blocks) and the plugin's
`mkdocs serve` watch list.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..convert import ConversionResult, ProjectPath, convert_folder, write_output
from ..pages.home import HOME_PAGE, expand_markers, home_sections
from .images import IMAGES_FOLDER
from ..site_script import in_site_script, markdown_in_site_script, site_labels, site_script, strings_in_site_script
from .mkdocs_setup import (DEFAULT_PAGES, EXTRA_CSS, EXTRA_JAVASCRIPT, MARKDOWN_EXTENSIONS,
                           THEME_DIR, check_theme)
from .navigation import arrange_nav, article_order
from .build import CliPaths, load_mkdocs_config, project_paths, zhiku_config_for
from ..pages.views import recent_documents, site_taxonomy
from ..pages.write import link_or_copy

MARKER = ".zhiku-export"   # an export folder has it; export rewrites only such a folder
DOCS, OVERRIDES, HOOKS = "docs", "overrides", "hooks"
PLUGIN_NAMES = ("zhiku",)
HOOK_FILE = "mkdocs_hook.py"   # generator/site/mkdocs_hook.py: the plugin as a hook
_DEFAULT_FONT = {"text": "Roboto", "code": "Roboto Mono"}   # Material's, from Google Fonts

log = logging.getLogger("mkdocs.plugins.zhiku")


class ExportError(Exception):
    """The export folder cannot be written (it is not empty and not an earlier export)."""


@dataclass(frozen=True)
class Export:
    folder: Path
    result: ConversionResult
    strict: bool    # `strict: true` in zhiku.yml: warnings fail the export


def export_project(mkdocs_config: Path, folder: Path, config: Path | None = None,
                   report: Path | None = None, **overrides: Any) -> Export:
    """Convert the sources of the project `mkdocs_config` names and write the static
    project into `folder` (created; an earlier export there is replaced). `config`: a
    zhiku.yml other than the one beside mkdocs.yml; `overrides`: the command line's
    settings (as site.prepare takes them)."""
    folder = Path(folder).resolve()
    paths = CliPaths(settings_file=config, report=report)
    cfg = load_mkdocs_config(Path(mkdocs_config))
    check_theme(cfg)
    zcfg = zhiku_config_for(cfg, paths, **overrides)
    if not Path(zcfg.source).exists():
        raise FileNotFoundError(f"source folder not found: {zcfg.source} (`source:` in zhiku.yml, or --source)")
    for read, what in ((Path(cfg["docs_dir"]), "docs_dir"), (zcfg.work_dir, "the work dir")):
        read = Path(read).resolve()
        if folder == read or read in folder.parents:
            raise ExportError(f"{folder}: inside {what} ({read}), which the export reads; choose another folder")
    _claim(folder)
    project = [*project_paths(cfg, paths), ProjectPath(folder, "the export folder", True)]
    result = convert_folder(zcfg, project)
    write_output(result, zcfg.pages_dir, Path(report or zcfg.report_path), zcfg)
    write_docs(Path(cfg["docs_dir"]), Path(zcfg.pages_dir), folder / DOCS, zcfg)
    home = home_sections(result.collection, site_taxonomy(zcfg), zcfg.title, zcfg.description)
    index = folder / DOCS / HOME_PAGE
    index.write_text(home_out_of_search(expand_markers(
        index.read_text(encoding="utf-8"), {name: in_site_script(text, zcfg) for name, text in home.items()})),
        encoding="utf-8")
    _copy_tree(THEME_DIR, folder / OVERRIDES)
    custom_dir = getattr(cfg["theme"], "custom_dir", None)
    if custom_dir:   # the project's own overrides win over Zhiku's, as theme.dirs has them
        _copy_tree(Path(custom_dir), folder / OVERRIDES)
    settings = project_settings(Path(cfg["config_file_path"]), folder, zcfg)
    settings["extra"]["zhiku_recent"] = recent_documents(result.collection)   # the 404 page's list
    config_file = folder / "mkdocs.yml"
    _write_yaml(config_file, settings)
    settings["nav"] = arranged_nav(config_file, result, zcfg, settings.get("nav"))
    _write_yaml(config_file, settings)
    return Export(folder, result, zcfg.strict)


def home_out_of_search(markdown: str) -> str:
    """The home page left out of the search index, as the plugin's on_page_markdown has it,
    unless its front matter says something about search itself."""
    from mkdocs.utils.meta import get_data

    _, meta = get_data(markdown)
    if "search" in meta:
        return markdown
    if markdown.startswith("---\n") and meta:
        return "---\nsearch:\n  exclude: true\n" + markdown[len("---\n"):]
    return "---\nsearch:\n  exclude: true\n---\n\n" + markdown


def write_docs(docs_dir: Path, pages_dir: Path, docs: Path, zcfg) -> None:
    """The pages MkDocs reads, as the plugin's on_files gathers them: docs_dir's (their
    Markdown in the site's script, as on_page_markdown has it), then the generated ones
    (which win), then the default home page if there is none."""
    _copy_tree(docs_dir, docs)
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        converted = markdown_in_site_script(text, zcfg)
        if converted != text:
            page.write_text(converted, encoding="utf-8")
    for path in sorted(p for p in pages_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(pages_dir)
        if (docs / rel).exists():
            log.warning("%s in docs_dir is replaced by the generated page of the same name", rel.as_posix())
        if rel.parts[0] == IMAGES_FOLDER:
            link_or_copy(path, docs / rel)       # a mirrored image stays one file on disk
        else:
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, docs / rel)
    if not (docs / HOME_PAGE).exists():
        home = (DEFAULT_PAGES / HOME_PAGE).read_text(encoding="utf-8")
        (docs / HOME_PAGE).write_text(markdown_in_site_script(home, zcfg), encoding="utf-8")


def _claim(folder: Path) -> None:
    """An empty or new folder, or an earlier export (its docs/ and overrides/ are rewritten
    whole, so a page whose source went goes too); anything else is refused, not emptied."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).is_file():
        raise ExportError(f"{folder}: not empty and not a Zhiku export (no {MARKER}); "
                          "choose an empty or new folder")
    folder.mkdir(parents=True, exist_ok=True)
    for sub in (DOCS, OVERRIDES, HOOKS):
        if (folder / sub).is_symlink() or (folder / sub).is_file():
            (folder / sub).unlink()
        elif (folder / sub).is_dir():
            shutil.rmtree(folder / sub)
    (folder / MARKER).write_text("written by `zhiku export`; the next export rewrites docs/, overrides/, "
                                 "hooks/ and mkdocs.yml\n", encoding="utf-8")


def _copy_tree(src: Path, dest: Path) -> None:
    """Files of `src` into `dest`, hidden entries left out (MkDocs leaves them out too)."""
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest / rel)


def project_settings(config_file: Path, folder: Path, zcfg) -> dict:
    """The project's mkdocs.yml as data (MkDocs' own YAML loader: `!ENV` resolved,
    `INHERIT` merged), made static: no `zhiku` plugin or hook, the folders of the export,
    and what mkdocs_setup.check_and_complete adds at build time."""
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    with open(config_file, encoding="utf-8") as stream:
        data = yaml_load(stream, get_yaml_loader()) or {}
    data.pop("INHERIT", None)
    data["docs_dir"], data["site_dir"] = DOCS, "site"
    data["plugins"] = [p for p in data.get("plugins") or [] if _plugin_name(p) not in PLUGIN_NAMES]
    data["hooks"] = _copy_hooks(data.get("hooks") or [], config_file.parent, folder)
    if not data["hooks"]:
        del data["hooks"]
    theme = data.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    theme["custom_dir"] = OVERRIDES
    if theme.get("font", _DEFAULT_FONT) == _DEFAULT_FONT:
        theme["font"] = False   # as mkdocs_setup does: the CSS uses local CJK fonts
    data["theme"] = theme
    strings_in_site_script(data, zcfg)   # as the plugin's on_config: names, theme.language
    for key, wanted in (("extra_css", EXTRA_CSS), ("extra_javascript", EXTRA_JAVASCRIPT)):
        present = list(data.get(key) or [])
        names = {item if isinstance(item, str) else (item or {}).get("path") for item in present}
        data[key] = present + [path for path in wanted if path not in names]
    extensions = list(data.get("markdown_extensions") or [])
    names = {_plugin_name(e).removeprefix("markdown.extensions.") for e in extensions}
    extensions += [{name: options} if options else name
                   for name, options in MARKDOWN_EXTENSIONS.items() if name not in names]
    data["markdown_extensions"] = extensions
    extra = dict(data.get("extra") or {})
    extra["zhiku_script"] = site_script(zcfg).script
    extra["zhiku_labels"] = site_labels(zcfg)   # the article template's labels (plugin.on_env)
    extra["zhiku_export"] = True     # main.html marks the article content for `zhiku index`
    data["extra"] = extra
    return data


def _plugin_name(entry) -> str:
    if isinstance(entry, dict) and len(entry) == 1:
        return str(next(iter(entry)))
    return str(entry)


def _copy_hooks(hooks: list, base: Path, folder: Path) -> list[str]:
    """The project's other hooks, copied beside the export; Zhiku's own hook is dropped."""
    kept = []
    for hook in hooks:
        path = (base / hook).resolve()
        if path.name == HOOK_FILE:
            continue
        dest = folder / HOOKS / path.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
        kept.append(f"{HOOKS}/{path.name}")
    return kept


def arranged_nav(config_file: Path, result: ConversionResult, zcfg, user_nav) -> list:
    """The navigation the plugin's on_nav makes (generator/site/navigation.py), as `nav:` data:
    MkDocs' own navigation of the exported pages, arranged, written out."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    cfg = load_config(str(config_file))
    nav = get_navigation(get_files(cfg), cfg)
    nav = arrange_nav(nav, article_order(result.collection), zcfg)
    return [_nav_entry(item, _nav_titles(user_nav)) for item in nav.items]


def _nav_entry(item, titles: dict[str, str]):
    if getattr(item, "is_page", False):
        uri = item.file.src_uri
        return {titles[uri]: uri} if uri in titles else uri
    if getattr(item, "is_section", False):
        return {item.title: [_nav_entry(child, titles) for child in item.children]}
    return {item.title: item.url}


def _nav_titles(user_nav) -> dict[str, str]:
    """Page path -> the title the project's own `nav:` gives it."""
    titles: dict[str, str] = {}
    for entry in user_nav or []:
        if isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, str):
                    titles[value] = str(title)
                elif isinstance(value, list):
                    titles.update(_nav_titles(value))
    return titles


class _Dumper(yaml.SafeDumper):
    pass


def _python_name(dumper, value):   # a `!!python/name:` value (pymdownx.emoji's functions)
    return dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{value.__module__}.{value.__qualname__}", "")


_Dumper.add_multi_representer(type(len), _python_name)
_Dumper.add_multi_representer(type(_python_name), _python_name)
_Dumper.add_multi_representer(type, _python_name)


def _write_yaml(path: Path, data: dict) -> None:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text("# Written by `zhiku export`: a static MkDocs project, no Zhiku plugin needed.\n"
                    "# Build it with `mkdocs build`, `properdocs build` or `zensical build`, then\n"
                    "# run `zhiku index site` for Zhiku's search index (README: Builders).\n" + text,
                    encoding="utf-8")

"""Convert a source folder: read every source, run the pipeline, write pages and report.

This is the whole converter as plain Python; the MkDocs hook and the CLI both call
`convert_folder`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .collection.assemble import Collection, build_collection
from .config import Config, ConfigError
from .document import Document, Problem
from .site.images import mirror_images
from .conversion.runner import convert_files
from .pages.raw_text import write_raw
from .readers import read_source
from .pages.views import write_views
from .pages.write import build_report, link_or_copy, render_page, write_json, write_text_if_changed

SIDECAR_SUFFIX = ".meta.yml"


@dataclass(frozen=True)
class ConversionResult:
    documents: tuple[Document, ...]    # every source, converted or skipped
    collection: Collection
    report: dict
    problems: tuple[Problem, ...]      # folder-level problems (unreadable files ...)
    images: dict[str, Path] = field(default_factory=dict)  # "images/<name>" -> cached file
    excluded: tuple[str, ...] = ()     # the project's own files and folders found among the sources
    raw_dir: Path | None = None        # where the documents' raw texts are kept (raw_text.py)

    @property
    def warnings(self) -> list[Problem]:
        return [p for d in self.documents for p in d.problems] + list(self.problems)


class ProjectPath(NamedTuple):
    """A file or folder of the project that is not a document: what the build writes
    (the site, the work dir) or reads as its own (mkdocs.yml, the theme ...)."""
    path: Path
    what: str               # "the site folder", shown in messages and the report
    written: bool = False   # replaced or pruned by a build: a source folder inside it is refused
    listed: bool = True     # named in the report's `ignored` (not a build's temporary folder)


def project_exclusions(root: Path, project: Iterable[ProjectPath]) -> dict[Path, ProjectPath]:
    """The project's paths that lie inside the source folder `root` (resolved), which
    discover_sources then passes over, so that a build never reads its own output (a site
    that grows with every build) or configuration. Raises ConfigError when `root` lies
    inside, or is, a folder the build replaces: the sources would be deleted."""
    root = root.resolve()
    inside: dict[Path, ProjectPath] = {}
    for entry in project:
        path = Path(entry.path).resolve()
        if entry.written and root.is_relative_to(path):
            where = "is" if root == path else "lies inside"
            raise ConfigError(f"source: the source folder {root} {where} {entry.what} {path}, "
                              "which every build rewrites: choose folders apart")
        if path != root and path.is_relative_to(root):
            inside.setdefault(path, entry)
    return inside


def discover_sources(root: Path, excluded: Mapping[Path, ProjectPath] | None = None) -> tuple[list[Path], list[Problem]]:
    """Every regular file under `root`, sorted; hidden files, sidecars, the project's own
    paths (`excluded`, resolved: see project_exclusions) and links that leave `root` are
    not sources (links leaving `root` are reported)."""
    root = root.resolve()
    excluded = excluded or {}
    found: list[Path] = []
    problems: list[Problem] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and Path(dirpath, d) not in excluded)
        problems += outside_links(root, Path(dirpath), dirnames)
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if name.startswith(".") or name.endswith(SIDECAR_SUFFIX) or path in excluded:
                continue
            if not is_utf8(rel):
                problems.append(Problem("file-name", readable_name(rel),
                                        "file name is not valid UTF-8: not read (rename the file)"))
                continue
            if path.is_symlink() and (refused := refused_link(root, path)):
                problems.append(Problem(refused[0], rel, refused[1]))
                continue
            if not path.is_file() or (excluded and path.is_symlink() and links_into(path, excluded)):
                continue
            found.append(path)
    return found, problems


def links_into(link: Path, excluded: Mapping[Path, ProjectPath]) -> bool:
    target = link.resolve()
    return any(target.is_relative_to(path) for path in excluded)


def excluded_entries(root: Path, excluded: Mapping[Path, ProjectPath]) -> list[tuple[str, str]]:
    """(relative path, what it is) for each listed excluded path that exists where the
    listing would have gone (not inside a hidden or another excluded folder)."""
    root = root.resolve()
    found = []
    for path, entry in sorted(excluded.items()):
        rel = path.relative_to(root)
        parents = [root.joinpath(*rel.parts[:n]) for n in range(1, len(rel.parts))]
        if entry.listed and (path.exists() or path.is_symlink()) and not any(
                p.name.startswith(".") or p in excluded for p in parents):
            found.append((rel.as_posix(), entry.what))
    return found


def is_utf8(name: str) -> bool:
    """False for names with bytes that are not UTF-8 (Python keeps them as surrogates,
    which no page, report or URL can carry)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def readable_name(name: str) -> str:
    """A non-UTF-8 file name as a person can read it: Chinese archives unpacked on Linux
    often have GBK names; anything else shows U+FFFD for its bad bytes."""
    raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")


def hidden_entries(root: Path, excluded: Mapping[Path, ProjectPath] | None = None) -> list[str]:
    """The hidden files and folders discover_sources passes over (a hidden folder is
    listed once, not its contents), so the report can say that they were not read.
    The project's own paths (`excluded`) are neither listed nor entered."""
    excluded = excluded or {}
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        hidden = sorted(n for n in dirnames + filenames if n.startswith(".") and Path(dirpath, n) not in excluded)
        found += [(Path(dirpath) / n).relative_to(root).as_posix() for n in hidden]
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and Path(dirpath, d) not in excluded]
    return sorted(n for n in found if is_utf8(n))


def outside_links(root: Path, folder: Path, dirnames: list[str]) -> list[Problem]:
    """Problems for the folder links in `dirnames` that leave `root` or are broken
    (os.walk does not descend into folder links; these are worth saying)."""
    found = []
    for name in dirnames:
        path = folder / name
        if path.is_symlink() and (refused := refused_link(root, path)):
            found.append(Problem(refused[0], path.relative_to(root).as_posix(), refused[1]))
    return found


def refused_link(root: Path, link: Path) -> tuple[str, str] | None:
    """(code, reason) when the symbolic link `link` must not be followed, else None."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling, or a loop (RuntimeError before Python 3.13)
        return "symlink-broken", "symbolic link is broken or loops: not followed"
    if not target.is_relative_to(root):
        return "symlink-outside", "symbolic link points outside the source folder: not followed"
    return None


def convert_folder(config: Config, project: Iterable[ProjectPath] = ()) -> ConversionResult:
    """Convert every source of config.source. `project`: the paths of the project (the
    site folder, mkdocs.yml ...) besides the work dir, which are never sources."""
    root = Path(config.source)
    if root.is_file():
        raise ConfigError(f"source: {root} is a file, not a folder")
    if not root.is_dir():
        raise FileNotFoundError(f"source folder not found: {root}")
    excluded = project_exclusions(root, [ProjectPath(Path(config.work_dir), "the work folder", True), *project])
    paths, problems = discover_sources(root, excluded)
    if not paths:
        problems.append(Problem("empty-source", str(root), "the source folder holds no documents: "
                                                           "the site has no articles"))
    raw_dir = Path(config.work_dir) / "raw-text"
    docs = convert_files(paths, root.resolve(), config, Path(config.work_dir) / "cache", read_one, raw_dir)
    collection = build_collection(docs, config.duplicates)
    images: dict[str, Path] = {}
    if config.images == "mirror":   # I/O, so after the pure pipeline (see images.py)
        pages = {d.source: collection.page_path(d) for d in collection.documents}
        # images fetched with mirror_private_addresses are kept apart: never reused without it
        # (nor is `image-cache`, filled before any host was refused)
        cache = "image-cache-private" if config.mirror_private_addresses else "image-cache-public"
        docs, images = mirror_images(docs, Path(config.work_dir) / cache, pages,
                                     config.script, allow_private=config.mirror_private_addresses,
                                     max_images=config.mirror_max_images_per_document,
                                     max_total=config.mirror_max_total_bytes)
        collection = build_collection(docs, config.duplicates)
    report = build_report(docs, collection)
    if problems:
        report["problems"] = [{"code": p.code, "source": p.source, "detail": p.detail} for p in problems]
    own = excluded_entries(root, excluded)
    ignored = [{"source": rel, "reason": f"{what}: the project's own, not a source"} for rel, what in own]
    ignored += [{"source": rel, "reason": "hidden file or folder: not a source"}
                for rel in hidden_entries(root.resolve(), excluded)]
    if ignored:  # listed, not warned about: .git/ or .DS_Store must not fail --strict
        report["ignored"] = sorted(ignored, key=lambda entry: entry["source"])
    return ConversionResult(tuple(docs), collection, report, tuple(problems), images,
                            tuple(rel for rel, _ in own), raw_dir)


def read_one(path: Path, root: Path, max_bytes: int | None = None) -> Document:
    try:
        return read_source(path, root, max_bytes)
    except OSError as exc:
        rel = path.relative_to(root).as_posix()
        return Document(source=rel).with_problem("unreadable", f"cannot read file: {exc}", "error")


def remove_stale(out_dir: Path, wanted: set[Path], folders: tuple[str, ...]) -> None:
    """Delete generated files not written by this run (at any depth: articles are
    grouped in year folders), then the folders left empty."""
    for sub in folders:
        folder = out_dir / sub
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*"), reverse=True):  # children before parents
            if path.is_dir() and not path.is_symlink():
                if not any(path.iterdir()):
                    path.rmdir()
            elif path not in wanted:
                path.unlink()


def write_output(result: ConversionResult, out_dir: Path, report_path: Path | None,
                 config: Config | None = None) -> None:
    """Write `out_dir/articles/<slug>.md`, raw copies, the cross-document pages (in the
    site's script, with the taxonomy of `config`) and the report. Stale pages from an
    earlier run are removed so that deleted sources disappear from the site."""
    out_dir = Path(out_dir)
    wanted: set[Path] = set()
    coll = result.collection
    for doc in coll.documents:
        page = out_dir / coll.page_path(doc)
        write_text_if_changed(page, render_page(doc, coll, config))
        raw = out_dir / "raw" / f"{coll.slugs[doc.source]}.txt"
        write_raw(raw, doc, result.raw_dir)
        wanted.update({page, raw})
    for rel, cached in result.images.items():
        link_or_copy(cached, out_dir / rel)   # a hard link: the image stays one file on disk
        wanted.add(out_dir / rel)
    wanted |= write_views(result.documents, coll, out_dir, config)
    remove_stale(out_dir, wanted, ("articles", "raw", "images", "tags", "timeline", "documents", "report"))
    if report_path:
        write_json(Path(report_path), result.report)

"""The offline bundle: the site built for file:// and packed as one deterministic zip.

Unzipped anywhere, `index.html` opens from the file system and makes no request to any
other host: Material's offline plugin turns off directory URLs and inlines the search index,
`site.enable_offline` serves the Web Worker shim from the site, and remote images are
mirrored into the site (`images: mirror`, the bundle's default).
"""

from __future__ import annotations

import os
import posixpath
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from ..collection.assemble import slugify
from .linkcheck import NOT_CHECKED_SCHEMES, is_external
from .build import build_site

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold: same input, same bytes
# Useless offline: sitemaps are for search engines; 404.html links to the site root ("/"),
# which on file:// is the disk's root; source maps are for debugging Material's scripts.
NOT_BUNDLED = {"sitemap.xml", "sitemap.xml.gz", "404.html"}
NOT_BUNDLED_SUFFIXES = (".map",)


def bundle_name(site_name: str) -> str:
    """`<site-name-slug>-offline`: the zip's file name (without .zip) and its top folder."""
    return f"{slugify(site_name) or 'site'}-offline"


def build_bundle(config_file: Path, out: Path | None = None, dist: Path = Path("dist"),
                 **zhiku: Any) -> Path:
    """Build the offline variant into a temporary folder and zip it to `out`
    (default `dist/<site-name-slug>-offline.zip`). Returns the zip's path."""
    zhiku["images"] = zhiku.get("images") or "mirror"  # offline readers cannot fetch images
    with tempfile.TemporaryDirectory(prefix="zhiku-bundle-") as tmp:
        site_dir = Path(tmp) / "site"
        # the zip (or dist/) is the project's own: never a source, were it inside the source folder
        written = Path(out).resolve() if out else Path(dist).resolve()
        cfg = build_site(config_file, site_dir=site_dir, offline=True, bundle=written, **zhiku)
        relink_for_files(site_dir)
        name = bundle_name(cfg["site_name"])
        out = Path(out) if out else Path(dist) / f"{name}.zip"
        write_zip(site_dir, out, root=name)
    return out


def bundled_files(site_dir: Path) -> list[str]:
    """The site's files that go into the bundle, as sorted POSIX paths."""
    return sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*")
        if p.is_file() and p.relative_to(site_dir).as_posix() not in NOT_BUNDLED
        and not p.name.endswith(NOT_BUNDLED_SUFFIXES)
    )


def write_zip(site_dir: Path, out: Path, root: str) -> None:
    """Zip `site_dir` under the folder `root/`: sorted entries, fixed timestamps and modes,
    so the same site gives a byte-identical zip. Written to a temporary file, then renamed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for rel in bundled_files(site_dir):
            info = zipfile.ZipInfo(f"{root}/{rel}", date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3                 # Unix, so the mode below is honoured
            info.external_attr = 0o644 << 16
            zf.writestr(info, (site_dir / rel).read_bytes(), compresslevel=9)
    os.replace(partial, out)


_URL_ATTR = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"]*)"')


def relink_for_files(site_dir: Path) -> int:
    """Make folder-style links work from file://; returns how many were rewritten.

    MkDocs rewrites Markdown links for `use_directory_urls: false`, but not links in raw
    HTML (hand-written pages, generated views), which are often written for the online
    site's folder URLs: `tags/x/` or, from the page `tags/y/`, `../../timeline/?tag=x`.
    Only a link that does not resolve to a file is touched, and only when the page it
    means exists (`x.html` or `x/index.html`, reading the link from the page's file or
    from its folder URL); everything else is left exactly as it was."""
    count = 0
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        text = page.read_text(encoding="utf-8")

        def fix(match: re.Match) -> str:
            nonlocal count
            fixed = file_link(site_dir, rel, match["url"])
            if fixed is None:
                return match[0]
            count += 1
            return f'{match["attr"]}="{fixed}"'

        new = _URL_ATTR.sub(fix, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    return count


def file_link(site_dir: Path, page: str, url: str) -> str | None:
    """`url` (written in `page`) rewritten to point at an existing file, or None when it
    already does, is not a local link, or no page fits."""
    if not url or url.startswith(("#", "/", *NOT_CHECKED_SCHEMES)) or is_external(url):
        return None
    path, tail = re.match(r"([^?#]*)(.*)", url).groups()
    here = posixpath.dirname(page)
    resolved = posixpath.normpath(posixpath.join(here, path))
    if path and (site_dir / resolved).is_file() and not path.endswith("/"):
        return None
    folder_url = page[: -len(".html")] if not page.endswith("index.html") else here
    for base in (here, folder_url):
        target = posixpath.normpath(posixpath.join(base, path)) if path else base
        for candidate in (target, target + ".html", posixpath.join(target, "index.html")):
            if not candidate.startswith("..") and (site_dir / candidate).is_file():
                return posixpath.relpath(candidate, here or ".") + tail
    return None

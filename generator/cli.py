"""Command line: argument parsing only; the work is in convert.py and site.py.

Exit codes: 0 success (warnings allowed unless --strict), 1 warnings under --strict or a
failed build, 2 bad usage or configuration.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections import Counter
from pathlib import Path

from .config import SCRIPTS

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    from .config import ConfigError
    from .site.mkdocs_setup import SetupError

    if getattr(args, "quiet", False):
        os.environ["ZHIKU_QUIET"] = "1"   # progress.py; `zhiku serve` rebuilds in this process
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"zhiku: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SetupError as exc:   # mkdocs.yml lacks what the plugin needs
        print(f"zhiku: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FileNotFoundError as exc:
        print(f"zhiku: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    from .site.scaffold import version

    p = argparse.ArgumentParser(prog="zhiku", description="Collected Chinese documents -> a knowledge-base site.")
    p.add_argument("--version", action="version", version=f"zhiku {version()}",
                   help="print Zhiku's version and exit")
    sub = p.add_subparsers(metavar="COMMAND", help="what to do (`zhiku COMMAND --help` for its options)")

    n = sub.add_parser("new", help="start a knowledge base: write a ready project into DIR")
    n.add_argument("dir", type=Path, help="the project folder (created if needed; no file is overwritten)")
    n.add_argument("--name", help="the site's name (default: 知库)")
    n.add_argument("--description", help="one sentence saying what the collection is about")
    n.set_defaults(func=cmd_new)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--config", type=Path, default=None,
                        help="zhiku.yml (default: the one beside mkdocs.yml, if any)")
        sp.add_argument("--strict", action="store_true", help="treat warnings as failure (exit 1)")
        sp.add_argument("--script", choices=SCRIPTS,
                            help="the site's script: hans (Simplified), hant (Traditional, Taiwan forms), "
                                 "hant-tw (Taiwan), hant-hk (Hong Kong)")
        sp.add_argument("--work-dir", type=Path, default=None,
                        help="generated Markdown, report and caches (default: .zhiku/)")
        sp.add_argument("--quiet", action="store_true",
                        help="no progress bars (they show only on a terminal anyway)")
        sp.add_argument("--no-speedups", dest="speedups", action="store_false", default=None,
                        help="build without the speed-ups (generator/site/speedups/: same site, slower)")
        sp.add_argument("--no-duplicates", dest="duplicates", action="store_false", default=None,
                        help="no near-duplicate detection: every document is its own story")

    def project(sp, images_default, images_help):
        """The options of the commands that convert a project: build, bundle, export."""
        sp.add_argument("--source", type=Path, help="folder of documents (default: zhiku.yml's source)")
        sp.add_argument("--report", type=Path, default=None, help="also write the report JSON here")
        sp.add_argument("--mkdocs-config", type=Path, default=None,
                        help="mkdocs.yml (default: ./mkdocs.yml; without one, a default configuration "
                             "is written to the work dir)")
        sp.add_argument("--images", choices=("link", "mirror"), default=images_default, help=images_help)
        common(sp)

    b = sub.add_parser("build", help="convert the sources and build the site")
    b.add_argument("--site-dir", type=Path, default=None, help="output folder (default: site/)")
    project(b, None, "remote images: keep the links, or download them into the site")
    b.set_defaults(func=cmd_build)

    z = sub.add_parser("bundle", help="build the offline variant (opens from file://) as a zip")
    z.add_argument("--out", type=Path, default=None,
                   help="the zip (default: dist/<site-name>-offline.zip)")
    project(z, "mirror", "remote images (default: mirror, so they show offline)")
    z.set_defaults(func=cmd_bundle)

    k = sub.add_parser("check", help="check a built site: every internal link and #anchor resolves")
    k.add_argument("site_dir", type=Path, nargs="?", default=Path("site"),
                   help="the built site (default: site/)")
    k.add_argument("--file", action="store_true",
                   help="check it as opened from file:// (the offline bundle, unzipped)")
    k.add_argument("--base-path", default="/", help="where it is served, e.g. /repo/ (default: /)")
    k.set_defaults(func=cmd_check)

    e = sub.add_parser("export", help="write a static MkDocs project that builds without the Zhiku plugin")
    e.add_argument("dir", type=Path, help="the project folder to write (new, empty, or an earlier export)")
    project(e, None, "remote images: keep the links, or download them into the project")
    e.set_defaults(func=cmd_export)

    i = sub.add_parser("index", help="after `mkdocs build` (or properdocs, zensical) of an export: "
                                     "Zhiku's search index and what the plugin does after a build")
    i.add_argument("site_dir", type=Path, help="the built site (the export's site/)")
    i.set_defaults(func=cmd_index)

    c = sub.add_parser("convert", help="convert the sources to Markdown pages only")
    c.add_argument("source", type=Path, help="folder of documents")
    c.add_argument("--out", type=Path, required=True, help="folder for the Markdown pages")
    c.add_argument("--report", type=Path, default=None, help="report JSON (default: OUT/report.json)")
    common(c)
    c.set_defaults(func=cmd_convert)

    s = sub.add_parser("serve", help="live preview (mkdocs serve), rebuilt when a source changes")
    s.add_argument("--source", type=Path, help="folder of documents (default: zhiku.yml's source)")
    s.add_argument("--mkdocs-config", type=Path, default=None,
                   help="mkdocs.yml (default: ./mkdocs.yml; without one, a default configuration is written to the work dir)")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    common(s)
    s.set_defaults(func=cmd_serve)
    return p


def cmd_convert(args: argparse.Namespace) -> int:
    from .config import CONFIG_FILE, load_config
    from .convert import ProjectPath, convert_folder, write_output

    config = load_config(args.config, base=Path.cwd(), **_overrides(args))
    report = args.report or (args.out / "report.json")
    project = [ProjectPath(args.out, "the output folder", True), ProjectPath(report, "the report file"),
               ProjectPath(args.config or Path.cwd() / CONFIG_FILE, "Zhiku's configuration")]
    result = convert_folder(config, project)
    write_output(result, args.out, report, config)
    _print_summary(result.report, result.warnings)
    return EXIT_FAILED if (args.strict or config.strict) and result.warnings else EXIT_OK


def _overrides(args: argparse.Namespace) -> dict:
    """The flags that override zhiku.yml's settings, for every command alike (None: not
    given). config.load_config turns them and the file into one Config."""
    return {"source": _abs(getattr(args, "source", None)), "script": args.script,
            "work_dir": _abs(args.work_dir), "images": getattr(args, "images", None),
            "taxonomy": getattr(args, "taxonomy", None), "speedups": getattr(args, "speedups", None),
            "duplicates": getattr(args, "duplicates", None)}


def cmd_build(args: argparse.Namespace) -> int:
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    from .site.mkdocs_setup import SetupError
    from .site.build import build_site

    _console_logging()
    _check_project(args)
    try:
        build_site(args.mkdocs_config, site_dir=args.site_dir, strict=args.strict,
                   report=_abs(args.report), config=_abs(args.config), **_overrides(args))
    except (Abort, BuildError, ConfigurationError) as exc:
        if isinstance(exc, SetupError):
            raise   # mkdocs.yml lacks what the plugin needs: a configuration error (main)
        print(f"zhiku: build failed: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except FileNotFoundError:
        raise  # a missing source folder or config: bad usage (main says so, exit 2)
    except OSError as exc:  # site folder not writable, disk full ...: the old site is kept
        print(f"zhiku: build failed: {exc}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def cmd_bundle(args: argparse.Namespace) -> int:
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    from .site.bundle import build_bundle
    from .site.mkdocs_setup import SetupError

    _console_logging()
    _check_project(args)
    try:
        out = build_bundle(args.mkdocs_config, out=args.out, strict=args.strict,
                           report=_abs(args.report), config=_abs(args.config), **_overrides(args))
    except (Abort, BuildError, ConfigurationError) as exc:
        if isinstance(exc, SetupError):
            raise   # mkdocs.yml lacks what the plugin needs: a configuration error (main)
        print(f"zhiku: bundle failed: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"zhiku: offline bundle written to {out}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .site.export import ExportError, export_project

    _console_logging()
    _check_project(args)
    try:
        done = export_project(args.mkdocs_config, args.dir, config=_abs(args.config),
                              report=_abs(args.report), **_overrides(args))
    except ExportError as exc:
        print(f"zhiku: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _print_summary(done.result.report, done.result.warnings)
    print(f"zhiku: static MkDocs project written to {done.folder}: build it there with "
          "`mkdocs build` (or `properdocs build`, `zensical build`), then run `zhiku index site`")
    return EXIT_FAILED if (args.strict or done.strict) and done.result.warnings else EXIT_OK


def cmd_index(args: argparse.Namespace) -> int:
    from .site.finish import finish_site
    from .pages.sanitize import visible_name

    if not args.site_dir.is_dir():
        raise FileNotFoundError(f"site folder not found: {args.site_dir}")
    done = finish_site(args.site_dir)
    for page, found in done.unsafe:
        print(f"zhiku: {visible_name(page)}: unsafe HTML removed by the sanitiser: {', '.join(found)}",
              file=sys.stderr)
    for path, reasons in done.svgs_removed:
        print(f"zhiku: {visible_name(path)}: SVG image that is not a cleaned copy "
              f"({', '.join(reasons)}): removed", file=sys.stderr)
    if done.note:
        print(f"zhiku: {done.note}", file=sys.stderr)
    print(f"zhiku: {done.pages} pages compacted; search index "
          f"{'written' if done.indexed else 'unchanged'}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from .site.linkcheck import check_site
    from .pages.sanitize import visible_name

    if not args.site_dir.is_dir():
        raise FileNotFoundError(f"site folder not found: {args.site_dir}")
    broken = check_site(args.site_dir, mode="file" if args.file else "http",
                        base_path=args.base_path)
    for link in broken:
        print(visible_name(f"{link.page}: {link.target}: {link.reason}"))
    print(f"zhiku: {len(broken)} broken links", file=sys.stderr)
    return EXIT_FAILED if broken else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .site.build import serve_site

    _console_logging()
    _check_project(args)
    serve_site(args.mkdocs_config, args.dev_addr, config=_abs(args.config), **_overrides(args))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from .site.scaffold import new_project

    written = new_project(args.dir, args.name, args.description)
    for path in written:
        print(f"  {path}")
    print(f"zhiku: new knowledge base in {args.dir}: add documents to {args.dir / 'sources'}, "
          f"then run `zhiku build` (or `zhiku serve`) there")
    return EXIT_OK


def _check_project(args: argparse.Namespace) -> None:
    """Bad usage found before MkDocs starts: a named --config or --mkdocs-config that is
    missing. Without mkdocs.yml here, the package's default MkDocs configuration is written
    to the work dir (scaffold.generated_mkdocs_config) and the documents are read from
    zhiku.yml's source, else from this folder."""
    from .config import CONFIG_FILE, ConfigError, load_config
    from .site.scaffold import NO_TOPICS, generated_mkdocs_config

    if args.config is not None and not args.config.is_file():
        raise ConfigError(f"--config {args.config}: no such file")
    if args.mkdocs_config is not None:
        if not args.mkdocs_config.is_file():
            raise ConfigError(f"--mkdocs-config {args.mkdocs_config}: no such file")
        return
    here = Path.cwd()
    if (here / "mkdocs.yml").is_file():
        args.mkdocs_config = Path("mkdocs.yml")
        return
    zhiku_yml = args.config or here / CONFIG_FILE
    settings = load_config(zhiku_yml if zhiku_yml.is_file() else None, base=here)
    if not zhiku_yml.is_file():   # documents only: read here, no demo topics
        args.source = args.source or here
        args.taxonomy = NO_TOPICS
    args.work_dir = args.work_dir or settings.work_dir
    args.config = args.config or (zhiku_yml if zhiku_yml.is_file() else None)
    name = settings.title or here.resolve().name or "知库"
    args.mkdocs_config = generated_mkdocs_config(here.resolve(), Path(args.work_dir).resolve(), name)
    print(f"zhiku: no mkdocs.yml here: using the default configuration ({args.mkdocs_config}); "
          "`zhiku new .` writes one to edit", file=sys.stderr)


def _abs(path: Path | None) -> Path | None:
    return path.resolve() if path is not None else None


def _console_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    root = logging.getLogger("mkdocs")
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def _print_summary(report: dict, warnings: list) -> None:
    from .pages.sanitize import visible_name

    docs = report["documents"]
    print(f"zhiku: {len(docs)} documents converted, {len(report['skipped'])} skipped, "
          f"{len(warnings)} warnings")
    for code, n in sorted(Counter(w.code for w in warnings).items()):
        print(f"  {code}: {n}", file=sys.stderr)
        for w in [w for w in warnings if w.code == code][:20]:
            detail = w.detail.splitlines()[0] if w.detail else ""
            print(f"    {visible_name(w.source)}: {visible_name(detail)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())

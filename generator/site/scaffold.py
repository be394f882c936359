"""`zhiku new DIR`: a ready project from generator/defaults/project/; and, for `zhiku build`
in a folder without mkdocs.yml, the MkDocs configuration written into the work dir."""

from __future__ import annotations

import json
from pathlib import Path

from ..config import ConfigError

PROJECT_TEMPLATE = Path(__file__).resolve().parents[1] / "defaults" / "project"
DEFAULT_HOME = Path(__file__).resolve().parents[1] / "defaults" / "docs" / "index.md"
NO_TOPICS = Path(__file__).resolve().parents[1] / "defaults" / "no-topics.yml"   # documents-only builds
DEFAULT_NAME = "知库"
DEFAULT_DESCRIPTION = "收集的资料，整理成可浏览、可搜索的知识库"


def version() -> str:
    from importlib.metadata import PackageNotFoundError, version as dist_version

    try:
        return dist_version("zhiku")
    except PackageNotFoundError:   # run from a checkout that is not installed
        return "0+unknown"


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def new_project(folder: Path, name: str | None = None, description: str | None = None) -> list[Path]:
    """Write the project files into `folder` (created if needed); never overwrite a file.
    Returns the files written, sorted."""
    name = (name or DEFAULT_NAME).strip() or DEFAULT_NAME
    description = (description if description is not None else DEFAULT_DESCRIPTION).strip()
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{folder}: is a file, not a folder")
    plan = {path.relative_to(PROJECT_TEMPLATE): path
            for path in sorted(PROJECT_TEMPLATE.rglob("*")) if path.is_file()}
    plan[Path("docs/index.md")] = DEFAULT_HOME
    taken = sorted(str(rel) for rel in plan if (folder / rel).exists())
    if taken:
        raise ConfigError(f"{folder}: already holds {', '.join(taken)}; `zhiku new` never overwrites a file")
    yaml_values = {"site_name": json.dumps(name, ensure_ascii=False),
                   "site_description": json.dumps(description, ensure_ascii=False),
                   "zhiku_version": version()}
    plain_values = {**yaml_values, "site_name": name, "site_description": description}
    written = []
    for rel, template in sorted(plan.items()):
        values = yaml_values if rel.suffix in (".yml", ".yaml") else plain_values
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_fill(template.read_text(encoding="utf-8"), values), encoding="utf-8")
        written.append(target)
    return written


def generated_mkdocs_config(project: Path, work_dir: Path, site_name: str) -> Path:
    """For a folder of documents without mkdocs.yml: the project template's mkdocs.yml,
    written to `work_dir/mkdocs.yml` with absolute paths (docs_dir: the project's docs/ if it
    has one, else an empty folder, which the plugin's default home page fills), naming the
    project's zhiku.yml."""
    work_dir.mkdir(parents=True, exist_ok=True)
    docs = project / "docs"
    if not docs.is_dir():
        docs = work_dir / "home"
        docs.mkdir(exist_ok=True)
    text = _fill((PROJECT_TEMPLATE / "mkdocs.yml").read_text(encoding="utf-8"),
                 {"site_name": json.dumps(site_name, ensure_ascii=False), "site_description": '""'})
    text = text.replace("docs_dir: docs ", f"docs_dir: {json.dumps(str(docs))} ")
    text = text.replace("site_dir: site", f"site_dir: {json.dumps(str(project / 'site'))}")
    if (project / "zhiku.yml").is_file():
        text = text.replace("  - zhiku ", f"  - zhiku:\n      config: {json.dumps(str(project / 'zhiku.yml'))} ")
    path = work_dir / "mkdocs.yml"
    path.write_text("# Written by `zhiku build` for a folder without mkdocs.yml (`zhiku new .` writes one to edit).\n"
                    + text, encoding="utf-8")
    return path

"""The `zhiku` MkDocs plugin (generator/site/plugin.py, mkdocs_setup.py): registered as an entry
point, completes mkdocs.yml, watches what `serve` must watch, and the old hook file stands
aside when the plugin is listed too."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

from conftest import ROOT
from generator.site.mkdocs_setup import THEME_DIR
from generator.site.plugin import ZhikuPlugin
from generator.site.build import load_mkdocs_config


def project(tmp_path: Path, extra: str = "") -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text("一篇笔记\n\n2022年3月1日，写下了这篇笔记。\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "tax.yml").write_text("tags:\n  - id: notes\n    name: 笔记\n    aliases: [笔记]\n", encoding="utf-8")
    (tmp_path / "zhiku.yml").write_text(f"source: src\ntaxonomy: tax.yml\nwork_dir: {tmp_path / 'work'}\n",
                                        encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: 试验\ntheme:\n  name: material\n"
                                         f"plugins:\n  - zhiku\n{extra}", encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def test_the_plugin_is_the_zhiku_entry_point():
    (point,) = [p for p in entry_points(group="mkdocs.plugins") if p.name == "zhiku"]
    assert point.load() is ZhikuPlugin


def test_on_config_completes_mkdocs_yml_and_serve_watches_settings_taxonomy_and_theme(tmp_path):
    config = load_mkdocs_config(project(tmp_path))
    plugin = config["plugins"]["zhiku"]
    plugin.on_config(config)
    assert config["theme"].dirs[0] == str(THEME_DIR) and config["theme"]["font"] is False
    assert {"attr_list", "md_in_html", "toc"} <= set(config["markdown_extensions"])
    assert "assets/stylesheets/zhiku.css" in config["extra_css"]

    class Server:
        watched: list[str] = []

        def watch(self, path):
            self.watched.append(path)

        def get_app(self):
            return None

        def set_app(self, app):
            pass

    server = Server()
    plugin.on_serve(server, config=config, builder=None)
    expected = {tmp_path / "src", tmp_path / "zhiku.yml", tmp_path / "tax.yml", THEME_DIR}
    assert {str(p.resolve()) for p in expected} <= set(server.watched)


def test_the_hook_file_stands_aside_when_the_plugin_is_listed(tmp_path):
    config = load_mkdocs_config(project(tmp_path, f"hooks:\n  - {ROOT / 'generator' / 'site' / 'mkdocs_hook.py'}\n"))
    hook = next(p for name, p in config["plugins"].items() if name.endswith("mkdocs_hook.py"))
    assert hook.on_config(config) is config
    assert hook.zhiku_plugin.inactive is True
    assert not (tmp_path / "work").exists()   # no conversion ran in the hook

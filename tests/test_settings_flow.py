"""Settings travel one way (issue 16): the command's flags and zhiku.yml become one Config
(generator/config.py), handed to the conversion (`zhiku convert`) or to the plugin object
before MkDocs starts (`zhiku build`, `bundle`, `serve`: site.prepare); never through
MkDocs' `extra` or an environment variable."""

from __future__ import annotations

import json
from pathlib import Path

from generator.cli import _overrides, _parser
from generator.site.build import load_mkdocs_config, prepare, zhiku_config_for

from test_plugin import project


def test_flags_reach_the_plugin_as_one_config_not_through_mkdocs_extra_or_the_environment(tmp_path, monkeypatch):
    mkdocs_yml = project(tmp_path)
    monkeypatch.setenv("ZHIKU_CLI", json.dumps({"script": "hant", "images": "mirror"}))  # the old way
    cfg, settings = prepare(mkdocs_yml, images="mirror", speedups=False)
    plugin = cfg["plugins"]["zhiku"]
    assert plugin.given[0] is cfg and plugin.given[1] is settings
    assert (settings.images, settings.speedups, settings.script) == ("mirror", False, "hans")
    assert settings.source == tmp_path / "src"   # zhiku.yml beside mkdocs.yml, read once
    assert not any("zhiku" in str(key) for key in cfg["extra"])
    # plain `mkdocs build`: the plugin reads zhiku.yml, and the environment is not read
    assert zhiku_config_for(load_mkdocs_config(mkdocs_yml)).script == "hans"


def test_convert_build_bundle_and_serve_read_the_same_flags_alike(tmp_path):
    flags = ["--script", "hant", "--work-dir", str(tmp_path / "w"), "--no-speedups"]
    parse = _parser().parse_args
    commands = {
        "convert": parse(["convert", str(tmp_path / "src"), "--out", str(tmp_path / "o"), *flags]),
        "build": parse(["build", "--source", str(tmp_path / "src"), *flags]),
        "bundle": parse(["bundle", "--source", str(tmp_path / "src"), "--images", "link", *flags]),
        "serve": parse(["serve", "--source", str(tmp_path / "src"), *flags]),
    }
    made = {name: _overrides(args) for name, args in commands.items()}
    assert made["convert"] == made["build"] == {**made["bundle"], "images": None} == made["serve"]
    assert made["build"]["script"] == "hant" and made["build"]["speedups"] is False
    assert made["build"]["source"] == Path(tmp_path / "src").resolve()

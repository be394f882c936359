"""Settings: zhiku.yml paths resolve against the file's folder, flags against the
current folder; wrong values are refused with a message naming the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import ConfigError, load_config


def test_file_paths_resolve_against_the_files_folder_and_flags_against_base(tmp_path):
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "zhiku.yml").write_text("source: docs\ntaxonomy: tax.yml\n", encoding="utf-8")
    config = load_config(tmp_path / "cfg" / "zhiku.yml", base=tmp_path, work_dir=Path("w"))
    assert config.source == tmp_path / "cfg" / "docs"
    assert config.taxonomy == tmp_path / "cfg" / "tax.yml"
    assert config.work_dir == tmp_path / "w"
    flagged = load_config(tmp_path / "cfg" / "zhiku.yml", base=tmp_path, source=Path("other"))
    assert flagged.source == tmp_path / "other"


def test_missing_file_gives_defaults(tmp_path):
    config = load_config(None, base=tmp_path)
    assert (config.script, config.timezone, config.images) == ("hans", "Asia/Shanghai", "link")
    assert config.source == tmp_path / "seeds"


@pytest.mark.parametrize("text, word", [
    ("script: latin\n", "script"),
    ("images: always\n", "images"),
    ("timezone: Mars/Base\n", "timezone"),
    ("colour: red\n", "colour"),
    ("- a\n- b\n", "mapping"),
    ("source: [unclosed\n", "YAML"),
])
def test_wrong_settings_are_refused_by_name(tmp_path, text, word):
    (tmp_path / "zhiku.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=word):
        load_config(tmp_path / "zhiku.yml")

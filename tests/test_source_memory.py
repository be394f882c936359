"""Memory stays flat in the size and number of sources: a file over `max_source_bytes` is
skipped without being read, workers read their own files, and the converted documents
keep neither their body nor their raw text (that waits on disk for its raw/ copy)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.config import Config, ConfigError, load_config
from generator.convert import convert_folder, write_output
from generator.readers import read_source

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SMALL = "淘宝直播在二〇一六年上线。\n主播在直播间里介绍商品，观众可以一边看一边下单。\n"


def _folder(tmp_path: Path, huge_mb: int = 0) -> Path:
    src = tmp_path / "src"
    src.mkdir(parents=True)
    (src / "small.txt").write_text(SMALL, encoding="utf-8")
    if huge_mb:
        with (src / "huge.txt").open("wb") as f:   # sparse: costs no disk, reads as NULs
            f.truncate(huge_mb * 2**20)
    return src


def test_a_file_over_the_limit_is_skipped_with_its_size_and_the_reason(tmp_path):
    src = _folder(tmp_path, huge_mb=300)
    result = convert_folder(Config(source=src, work_dir=tmp_path / "work", jobs=1))
    skipped = {s["source"]: s["reason"] for s in result.report["skipped"]}
    assert list(skipped) == ["huge.txt"]
    assert skipped["huge.txt"].startswith("too-large: 300.0 MB (314572800 bytes), larger than "
                                          "max_source_bytes (20.0 MB): not read")
    warned = [p for p in result.warnings if p.code == "too-large"]   # what the console shows
    assert [(p.source, p.severity) for p in warned] == [("huge.txt", "error")]
    assert [d["source"] for d in result.report["documents"]] == ["small.txt"]


# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent (pytest,
# which may be large by now), while VmHWM belongs to the new process's own memory.
_PEAK = textwrap.dedent("""
    import re, sys
    from pathlib import Path
    from generator.config import Config
    from generator.convert import convert_folder
    convert_folder(Config(source=Path(sys.argv[1]), work_dir=Path(sys.argv[2]), jobs=1))
    status = Path("/proc/self/status").read_text()
    print(int(re.search(r"VmHWM:\\s*(\\d+) kB", status).group(1)) // 1024)
""")


def _peak_mb(src: Path, work: Path) -> int:
    proc = subprocess.run([sys.executable, "-c", _PEAK, str(src), str(work)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return int(proc.stdout.split()[-1])


def test_a_file_over_the_limit_is_never_read_into_memory(tmp_path):   # Linux: reads /proc
    """The converter's peak memory with a 300 MB source beside a small one is that of the
    small one alone (give or take): the large file is neither hashed nor read whole."""
    alone = _peak_mb(_folder(tmp_path / "a"), tmp_path / "a" / "work")
    with_huge = _peak_mb(_folder(tmp_path / "b", huge_mb=300), tmp_path / "b" / "work")
    assert with_huge - alone < 100, (alone, with_huge)


def test_read_source_reads_no_more_than_the_limit(tmp_path):
    (tmp_path / "long.txt").write_text("长文。" * 2000, encoding="utf-8")   # 18,000 bytes
    doc = read_source(tmp_path / "long.txt", tmp_path, 10_000)
    assert doc.skipped and [p.code for p in doc.problems] == ["too-large"]
    assert "18000 bytes" in doc.problems[0].detail and doc.raw == ""
    assert read_source(tmp_path / "long.txt", tmp_path, 18_000).raw == "长文。" * 2000


def test_max_source_bytes_is_a_setting(tmp_path):
    (tmp_path / "zhiku.yml").write_text("max_source_bytes: 1000000\n", encoding="utf-8")
    assert load_config(tmp_path / "zhiku.yml").max_source_bytes == 1_000_000
    assert load_config(None, base=tmp_path / "none").max_source_bytes == 20 * 2**20


@pytest.mark.parametrize("value", ["0", "-5", "20MB", "true", "1.5"])
def test_a_wrong_max_source_bytes_is_refused_by_name(tmp_path, value):
    (tmp_path / "zhiku.yml").write_text(f"max_source_bytes: {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="max_source_bytes: expected a whole number"):
        load_config(tmp_path / "zhiku.yml")


def test_converted_documents_hold_no_raw_text_and_the_raw_copies_are_exact(tmp_path):
    """On the seeds: every raw/ copy is the text as read, written from the store on disk,
    also when the store was deleted under a warm cache (the source is then read again)."""
    config = Config(source=SEEDS, work_dir=tmp_path / "work", jobs=1)
    expected = {p.name: read_source(p, SEEDS).raw for p in sorted(SEEDS.iterdir())}
    for run in ("cold", "warm", "store deleted"):
        if run == "store deleted":
            for stored in (tmp_path / "work" / "raw-text").rglob("*.txt"):
                stored.unlink()
        result = convert_folder(config)
        assert all(d.raw == "" and d.body == "" and d.raw_digest for d in result.documents), run
        out = tmp_path / f"out-{run}"
        write_output(result, out, None, config)
        coll = result.collection
        written = {d.source: (out / "raw" / f"{coll.slugs[d.source]}.txt").read_text(encoding="utf-8-sig")
                   for d in result.documents}
        assert written == expected, run


def test_unchanged_raw_copies_are_not_rewritten(tmp_path):
    config = Config(source=SEEDS, work_dir=tmp_path / "work", jobs=1)
    out = tmp_path / "out"
    write_output(convert_folder(config), out, None, config)
    raws = sorted((out / "raw").glob("*.txt"))
    stamps = [p.stat().st_mtime_ns for p in raws]
    write_output(convert_folder(config), out, None, config)
    assert [p.stat().st_mtime_ns for p in raws] == stamps and len(raws) == 5


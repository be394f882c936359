"""Bytes to text: detect the encoding and say which one it was."""

from __future__ import annotations

import codecs


def decode_bytes(data: bytes) -> tuple[str, str, tuple[str, str] | None]:
    """Return (text, encoding name, problem or None). Never raises."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", None
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    for enc in ("gb18030", "big5"):
        try:
            return data.decode(enc), enc, None
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace"), "utf-8", ("encoding", "invalid bytes replaced")

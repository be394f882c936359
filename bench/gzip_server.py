"""A local static server that gzips text as a real host does and logs the bytes on the wire.

Used by the search-traffic measurement (bench/search_traffic.py): every response's bytes as
written to the socket (status line, headers and the gzipped body) are logged with the path
and when the request began and ended, so a measurement can sum what one page view or one
query downloaded and wait until the network has been quiet for a while. HTTP/1.1 with
keep-alive, as a browser meets it on a real host; one thread per connection.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# What a host compresses: text, and WebAssembly (CDNs do; it helps Pagefind's figures).
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml", "application/wasm")
TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
         ".wasm": "application/wasm", ".svg": "image/svg+xml", ".xml": "application/xml"}


@dataclass(frozen=True)
class Hit:
    """One response: path, bytes on the wire, status, and its start and end (monotonic s)."""
    path: str
    wire_bytes: int
    status: int
    started: float
    ended: float


class TrafficLog:
    """Every response so far, and whether one is still being answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.hits: list[Hit] = []
        self._open = 0
        self._last = time.monotonic()

    def begin(self) -> float:
        with self._lock:
            self._open += 1
            self._last = time.monotonic()
            return self._last

    def end(self, hit: Hit) -> None:
        with self._lock:
            self._open -= 1
            self._last = time.monotonic()
            self.hits.append(hit)

    def mark(self) -> int:
        with self._lock:
            return len(self.hits)

    def since(self, mark: int) -> list[Hit]:
        with self._lock:
            return list(self.hits[mark:])

    def quiet_for(self) -> float:
        """Seconds since the last response ended; 0 while one is open."""
        with self._lock:
            return 0.0 if self._open else time.monotonic() - self._last


class _CountingWriter:
    def __init__(self, raw) -> None:
        self.raw, self.count = raw, 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self.raw.write(data)

    def __getattr__(self, name: str):   # flush, close, closed: the socket file's own
        return getattr(self.raw, name)


class _GzipHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root: Path
    mounts: dict[str, Path]
    log: TrafficLog
    cache: dict
    cache_lock: threading.Lock

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile)

    def log_message(self, *args) -> None:  # quiet: the log is the TrafficLog
        pass

    def do_GET(self) -> None:
        started = self.log.begin()
        before, status = self.wfile.count, 500
        try:
            status = self._respond()
        finally:
            self.log.end(Hit(urlsplit(self.path).path, self.wfile.count - before, status,
                             started, time.monotonic()))

    def _respond(self) -> int:
        path = unquote(urlsplit(self.path).path)
        file = self._file(path)
        if file is not None and file.is_dir():
            if not path.endswith("/"):
                return self._send(301, b"", "text/plain", location=path + "/")
            file = file / "index.html"
        if file is None or not file.is_file():
            return self._send(404, b"not found\n", "text/plain")
        kind = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        body, encoded = self._body(file, kind)
        return self._send(200, body, kind, gzipped=encoded)

    def _file(self, path: str) -> Path | None:
        """The file under the root or a mount for a URL path; None outside them."""
        base, rest = self.root, path
        for prefix, folder in self.mounts.items():
            if path.startswith(prefix):
                base, rest = folder, path[len(prefix):]
                break
        file = (base / rest.lstrip("/")).resolve()
        return file if file.is_relative_to(base.resolve()) else None

    def _body(self, file: Path, kind: str) -> tuple[bytes, bool]:
        data = file.read_bytes()
        if not kind.startswith(COMPRESSIBLE) or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return data, False
        stat = file.stat()
        key = (str(file), stat.st_mtime_ns, stat.st_size)
        with self.cache_lock:
            packed = self.cache.get(key)
        if packed is None:
            packed = gzip.compress(data, compresslevel=6, mtime=0)
            with self.cache_lock:
                self.cache[key] = packed
        return packed, True

    def _send(self, status: int, body: bytes, kind: str, gzipped: bool = False,
              location: str | None = None) -> int:
        self.send_response(status)
        text = kind.startswith(("text/", "application/javascript", "application/json"))
        self.send_header("Content-Type", kind + ("; charset=utf-8" if text else ""))
        self.send_header("Content-Length", str(len(body)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)
        return status


def serve_gzipped(root: Path, mounts: dict[str, Path] | None = None):
    """Serve `root` on 127.0.0.1 (random port) in a thread; `mounts` maps a URL prefix
    ("/pagefind/") to another folder. Returns (server, base URL, TrafficLog)."""
    log = TrafficLog()
    handler = type("Handler", (_GzipHandler,), {
        "root": Path(root), "mounts": {k: Path(v) for k, v in (mounts or {}).items()},
        "log": log, "cache": {}, "cache_lock": threading.Lock()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/", log

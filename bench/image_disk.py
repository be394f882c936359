"""`python -m bench.image_disk [--count 40] [--size 10000000]`: the disk a mirror build uses
for one small page naming `count` images of `size` bytes each (issue 18: 40 x 10 MB wrote
1.2 GB, each image stored in the cache, the pages and the site).

The images come from a stand-in server on 127.0.0.1 (so the build opts in with
`mirror_private_addresses: true`); disk use is `du` over the work dir and the site together,
which counts a hard-linked file once.
"""

from __future__ import annotations

import argparse
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def image_server(size: int) -> tuple[http.server.ThreadingHTTPServer, int]:
    """`/<k>.png`: `size` bytes starting like a PNG, different for each k."""
    body = b"\x89PNG\r\n\x1a\n" + bytes(size - 12)

    class Images(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            data = body + int(self.path.strip("/").split(".")[0]).to_bytes(4, "big")
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Images)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def measure(count: int, size: int, folder: Path) -> dict:
    server, port = image_server(size)
    source = folder / "src"
    source.mkdir()
    images = "".join(f'<p><img src="http://127.0.0.1:{port}/{k}.png" alt="图{k}"></p>'
                     for k in range(count))
    page = source / "page.html"
    page.write_text("<html><head><title>图片很多的页面</title></head><body><h1>图片很多的页面</h1>"
                    f"<p>2023年5月1日，正文。</p>{images}</body></html>", encoding="utf-8")
    config = folder / "zhiku.yml"
    config.write_text("mirror_private_addresses: true\n", encoding="utf-8")
    exe = Path(sys.executable).with_name("zhiku")
    started = time.monotonic()
    subprocess.run([str(exe), "build", "--source", str(source), "--site-dir", str(folder / "site"),
                    "--work-dir", str(folder / "work"), "--images", "mirror", "--config", str(config)],
                   cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    seconds = time.monotonic() - started
    server.shutdown()
    du = subprocess.run(["du", "-sc", "--block-size=1", str(folder / "work"), str(folder / "site")],
                        check=True, capture_output=True, text=True).stdout
    return {"page_bytes": page.stat().st_size, "images": count, "image_bytes": size,
            "build_seconds": round(seconds, 1),
            "disk_bytes": int(du.splitlines()[-1].split()[0]),
            "images_in_site": len(list((folder / "site" / "images").iterdir()))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--size", type=int, default=10_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zhiku-image-disk-") as tmp:
        print(measure(args.count, args.size, Path(tmp)))


if __name__ == "__main__":
    main()

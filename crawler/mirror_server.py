"""Serve the offline mirror: one static HTTP server per site directory, on 127.0.0.1.

Conventions (shared with whoever builds mirror/):
- a directory URL serves its index.html; the query string is ignored for file lookup;
- Content-Type comes from the file extension (XML is sniffed for unknown extensions,
  e.g. the war.gov feed ``RSS.ashx``);
- a sidecar ``<file>.meta.json`` = ``{"status": 403, "headers": {...}}`` overrides the status
  and headers (challenge pages, redirects, Shift_JIS content types); the sidecar may exist
  without the file, e.g. for a bare redirect;
- a missing file answers 404;
- a 200 file carries an ``ETag`` (hash of its bytes) and ``Last-Modified`` (its mtime), and a
  request with a matching ``If-None-Match`` gets ``304 Not Modified`` without a body, as a
  real web server would: a scheduled run re-checks stored articles for the cost of a 304.

    python -m crawler.mirror_server [MIRROR_DIR]   # serve until Ctrl-C, print the base URLs
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import mimetypes
import sys
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: The mirror shipped with the repository.
DEFAULT_MIRROR = Path(__file__).resolve().parents[1] / "mirror"

_XML_TYPES = {".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml"}


def resolve(root: Path, url_path: str) -> Path | None:
    """File for `url_path` under `root`, or None when it would escape `root`."""
    rel = unquote(urlsplit(url_path).path).lstrip("/")
    target = (root / rel).resolve()
    if target != root and root not in target.parents:
        return None
    if target.is_dir() or url_path.split("?", 1)[0].endswith("/"):
        target = target / "index.html"
    return target


def guess_type(path: Path, body: bytes) -> str:
    """Content-Type from the extension; unknown extensions are sniffed for XML/HTML."""
    if path.suffix.lower() in _XML_TYPES:
        return _XML_TYPES[path.suffix.lower()]
    ctype, _ = mimetypes.guess_type(path.name)
    if ctype:
        return ctype
    head = body[:200].lstrip().lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<urlset")):
        return "application/xml"
    return "text/html" if head.startswith((b"<!doctype html", b"<html")) else "application/octet-stream"


def load_meta(path: Path) -> dict:
    sidecar = path.with_name(path.name + ".meta.json")
    return json.loads(sidecar.read_text("utf-8")) if sidecar.is_file() else {}


class MirrorHandler(BaseHTTPRequestHandler):
    """Static file handler honouring the mirror conventions above."""

    def __init__(self, *args: object, root: Path, **kwargs: object) -> None:
        self.root = root
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        status, headers, body = self.lookup()
        etag = headers.get("ETag")
        if status == 200 and etag and etag in self.headers.get("If-None-Match", ""):
            self.reply(304, {"ETag": etag}, b"")
            return
        self.reply(status, headers, body)

    def do_HEAD(self) -> None:
        status, headers, _ = self.lookup()
        self.reply(status, headers, b"")

    def lookup(self) -> tuple[int, dict[str, str], bytes]:
        path = resolve(self.root, self.path)
        meta = load_meta(path) if path else {}
        if path is None or (not path.is_file() and not meta):
            return 404, {"Content-Type": "text/plain"}, b"not found"
        body = path.read_bytes() if path.is_file() else b""
        headers = {"Content-Type": guess_type(path, body), **meta.get("headers", {})}
        status = int(meta.get("status", 200))
        if status == 200 and path.is_file():
            headers.setdefault("ETag", '"' + hashlib.sha256(body).hexdigest()[:20] + '"')
            headers.setdefault("Last-Modified", formatdate(path.stat().st_mtime, usegmt=True))
        return status, headers, body

    def reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: a crawl of the mirror should not flood the terminal."""


def site_dirs(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


class MirrorServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog (5) drops connections when a crawler opens many at once.
    request_queue_size = 128


def start_server(site_root: Path) -> ThreadingHTTPServer:
    handler = partial(MirrorHandler, root=site_root.resolve())
    server = MirrorServer(("127.0.0.1", 0), handler)
    # A short poll interval makes shutdown() return quickly (it waits for one poll).
    serve = partial(server.serve_forever, poll_interval=0.05)
    threading.Thread(target=serve, name=f"mirror-{site_root.name}", daemon=True).start()
    return server


def base_url(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@contextlib.contextmanager
def serve_mirror(root: Path | str = DEFAULT_MIRROR) -> Iterator[dict[str, str]]:
    """Serve every site directory of `root` on its own port; yield ``{site: base_url}``."""
    servers = {d.name: start_server(d) for d in site_dirs(Path(root))}
    try:
        yield {name: base_url(server) for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.shutdown()
            server.server_close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    with serve_mirror(Path(args[0]) if args else DEFAULT_MIRROR) as urls:
        for site, url in urls.items():
            print(f"{site}\t{url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

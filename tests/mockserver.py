"""A local HTTP server with one route per failure the crawler must survive.

Started by fixtures on 127.0.0.1 and a free port; never reached from outside. Two sites share
it: a generic one (``/feed.xml``, ``/sitemap.xml``, ``/a/...``) and a mod.go.jp look-alike
(``/j/rss/news.xml``, ``/j/press/...``) for the mod_ja spider's feed and PDF handling.
"""
from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Reply = tuple[int, dict[str, str], bytes]

SLOW_SECONDS = 4.0  # tests run with DOWNLOAD_TIMEOUT = 2
BIG_BYTES = 300_000  # tests run with DOWNLOAD_MAXSIZE = 100_000

PARAGRAPH = (
    "The ministry announced today that the annual exercise will take place next month "
    "with the participation of several partner nations. Officials said the exercise aims "
    "to improve interoperability and readiness across the region."
)
# Distinct paragraphs: repeated ones would be (rightly) collapsed by the cleaner.
PARAGRAPHS = [
    PARAGRAPH,
    "Around 3,000 personnel, 20 ships and 40 aircraft will take part in the drills, which "
    "include search and rescue, maritime security and humanitarian assistance scenarios.",
    "The minister will observe the final day of the exercise and meet the commanders of "
    "the participating units to discuss lessons learned.",
]
JA_PARAGRAPH = (
    "防衛省は本日、来月実施される年次演習について発表した。演習には複数の友好国が参加し、"
    "相互運用性と即応性の向上を図る。関係者によると、地域の平和と安定に資するものである。"
)
JA_PARAGRAPHS = [
    JA_PARAGRAPH,
    "演習には隊員約3,000名、艦艇20隻及び航空機40機が参加し、捜索救難や海上警備の訓練を行う。",
    "防衛大臣は演習の最終日に視察を行い、参加部隊の指揮官と意見交換を行う予定である。",
]
CF_CHALLENGE_HEADERS = {"Content-Type": "text/html", "cf-mitigated": "challenge"}


def article_html(title: str, paragraphs: list[str], *, charset: str = "utf-8",
                 canonical: str | None = None, head_extra: str = "") -> str:
    """An OpenGraph/JSON-LD article page of the shape the generic extractor handles."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}">'
        f'<title>{title}</title><meta property="og:title" content="{title}">'
        f'<meta property="article:published_time" content="2026-08-26T09:00:00+09:00">'
        f"{link}{head_extra}</head><body><header><nav>Home | News</nav></header>"
        f"<main><article><h1>{title}</h1>{body}</article></main>"
        f"<footer>Copyright</footer></body></html>"
    )


def minimal_pdf(text: str) -> bytes:
    """A valid one-page PDF showing `text` (ASCII) in Helvetica."""
    return pdf_bytes(f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("ascii"))


def pdf_bytes(stream: bytes, info: str | None = None) -> bytes:
    """A valid one-page PDF whose page content is `stream` (font /F1: Helvetica, WinAnsi), with
    the /Info dictionary `info` (``<< /CreationDate (D:…) >>``) when given; offsets computed exactly."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ] + ([info.encode("latin-1")] if info else [])
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"/Size %d /Root 1 0 R" % (len(objects) + 1) + (b" /Info %d 0 R" % len(objects) if info else b"")
    out += b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


CHALLENGE_BODY = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    b"<script>window._cf_chl_opt={cvId: '3', cType: 'managed'};</script>"
    b"<noscript>Enable JavaScript and cookies to continue</noscript></body></html>"
)
# Ordinary pages on Cloudflare sites carry this script: it must NOT count as a challenge.
JSD_SCRIPT = (
    "<script>(function(){var a=document.createElement('script');"
    "a.src='/cdn-cgi/challenge-platform/scripts/jsd/main.js';document.head.appendChild(a)})();</script>"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def html(text: str, status: int = 200, encoding: str = "utf-8", ctype: str = "text/html") -> Reply:
    return status, {"Content-Type": ctype}, text.encode(encoding)


class Routes:
    """Route table for one server; `base` is its own origin, `refused` a closed port."""

    def __init__(self, base: str, refused_port: int) -> None:
        self.base = base
        self.offsite_base = base.replace("127.0.0.1", "localhost")
        self.refused = f"http://127.0.0.1:{refused_port}/a/refused.html"
        self.table: dict[str, Callable[[], Reply]] = {
            "/robots.txt": lambda: (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
            "/feed.xml": self.feed,
            "/atom.xml": self.atom,
            "/sitemap.xml": self.sitemap_index,
            "/sitemap-news.xml": self.sitemap,
            "/a/ok.html": lambda: html(article_html("Exercise announced", PARAGRAPHS,
                                                     canonical=f"{self.base}/a/ok.html")),
            "/a/ok-copy.html": lambda: html(article_html("Exercise announced", PARAGRAPHS,
                                                          canonical=f"{self.base}/a/ok.html")),
            "/a/jsd.html": lambda: html(article_html("Budget request", PARAGRAPHS[1:], head_extra=JSD_SCRIPT)),
            "/a/broken.html": self.broken,
            "/a/empty.html": lambda: html("<html><head><title>Nothing</title></head><body><main></main></body>"),
            "/a/sjis.html": lambda: html(article_html("年次演習の実施について", JA_PARAGRAPHS, charset="shift_jis"),
                                         encoding="shift_jis", ctype="text/html; charset=Shift_JIS"),
            "/a/eucjp.html": lambda: html(article_html("日米防衛相会談について", JA_PARAGRAPHS, charset="EUC-JP"),
                                          encoding="euc_jp"),
            "/a/challenge-403.html": lambda: (403, CF_CHALLENGE_HEADERS, CHALLENGE_BODY),
            "/a/challenge-200.html": lambda: (200, {"Content-Type": "text/html"}, CHALLENGE_BODY),
            "/a/missing.html": lambda: html("not found", status=404),
            "/a/error500.html": lambda: html("server error", status=500),
            "/a/slow.html": self.slow,
            "/a/big.html": lambda: html(article_html("Big", ["x" * BIG_BYTES])),
            "/a/offsite-redirect.html": lambda: (301, {"Location": "https://evil.example/landing"}, b""),
            "/a/corrupt.pdf": lambda: (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\nthis is not a pdf"),
            "/private/secret.html": lambda: html(article_html("Secret", PARAGRAPHS)),
            # the mod.go.jp look-alike
            "/j/rss/news.xml": self.mod_feed,
            "/j/press/news/2026/08/25a.pdf": lambda: (200, {"Content-Type": "application/pdf"},
                                                      minimal_pdf("The Joint Committee reached an agreement today.")),
            "/j/press/news/2026/08/24a.pdf": lambda: (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7\ngarbage"),
            "/j/press/news/2026/08/24b.html": lambda: (403, CF_CHALLENGE_HEADERS, CHALLENGE_BODY),
        }

    # --- feeds and sitemaps
    def feed_links(self) -> list[str]:
        paths = ["ok", "ok-copy", "jsd", "broken", "empty", "sjis", "eucjp", "challenge-403",
                 "challenge-200", "missing", "error500", "slow", "reset", "big", "big-stream",
                 "offsite-redirect"]
        links = [f"{self.base}/a/{p}.html" for p in paths]
        return [*links, f"{self.base}/a/corrupt.pdf", f"{self.base}/private/secret.html",
                f"{self.offsite_base}/a/ok.html", self.refused]

    def feed(self) -> Reply:
        items = "".join(
            f"<item><title>Item {i}</title><link>{link}</link>"
            f"<pubDate>Wed, 26 Aug 2026 18:06:48 +0900</pubDate></item>"
            for i, link in enumerate(self.feed_links())
        )
        body = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{items}</channel></rss>'
        return 200, {"Content-Type": "application/rss+xml"}, body.encode()

    def atom(self) -> Reply:
        entry = (f'<entry><title>Exercise announced</title><link rel="alternate" href="{self.base}/a/ok.html"/>'
                 f"<published>2026-08-26T09:00:00Z</published></entry>")
        body = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">{entry}</feed>'
        return 200, {"Content-Type": "application/atom+xml"}, body.encode()

    def sitemap_index(self) -> Reply:
        body = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{self.base}/sitemap-news.xml</loc></sitemap></sitemapindex>")
        return 200, {"Content-Type": "application/xml"}, body.encode()

    def sitemap(self) -> Reply:
        urls = "".join(f"<url><loc>{self.base}/a/{p}.html</loc></url>" for p in ("ok", "jsd", "sjis"))
        body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        return 200, {"Content-Type": "application/xml"}, body.encode()

    def mod_feed(self) -> Reply:
        items = [("日米合同委員会合意について", "/j/press/news/2026/08/25a.pdf", "Tue, 25 Aug 2026 18:03:42 +0900"),
                 ("壊れたPDF", "/j/press/news/2026/08/24a.pdf", "Mon, 24 Aug 2026 18:06:02 +0900"),
                 ("防衛人事審議会について", "/j/press/news/2026/08/24b.html", "Mon, 24 Aug 2026 18:06:02 +0900")]
        body = "".join(f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate><description /></item>"
                       for t, link, d in items)
        xml = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{body}</channel></rss>'
        return 200, {"Content-Type": "application/xml"}, xml.encode()

    # --- pages
    def broken(self) -> Reply:
        # Unclosed <p> and <div>, a stray </span>: browsers and parsers cope, so must we.
        p1, p2, p3 = PARAGRAPHS
        text = ("<html><head><title>Broken page</title><meta property='og:title' content='Broken page'>"
                "<meta property='article:published_time' content='2026-08-26'>"
                f"<body><main><article><h1>Broken page<p>{p1}<p>{p2}</span><div><p>{p3}")
        return html(text)

    def slow(self) -> Reply:
        time.sleep(SLOW_SECONDS)
        return html(article_html("Slow", [PARAGRAPH]))


class MockHandler(BaseHTTPRequestHandler):
    routes: Routes

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/a/reset.html":
            return self.reset()
        if path == "/a/big-stream.html":
            return self.stream_big()
        route = self.routes.table.get(path)
        status, headers, body = route() if route else html("not found", status=404)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client may have timed out meanwhile
            self.wfile.write(body)

    def stream_big(self) -> None:
        """An oversize body with no Content-Length: only counting bytes can catch it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        with contextlib.suppress(OSError):
            for _ in range(BIG_BYTES // 10_000):
                self.wfile.write(b"x" * 10_000)
                self.wfile.flush()

    def reset(self) -> None:
        """Abort with a TCP RST: SO_LINGER with a zero timeout, then close."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet."""


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 drops SYNs when Scrapy opens many connections at
    # once; the client then retries after 1 s, which a 1 s DOWNLOAD_TIMEOUT reports as a timeout.
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up mid-response are expected here."""


@contextlib.contextmanager
def mock_server() -> Iterator[Routes]:
    """Serve the routes on a free 127.0.0.1 port; yield them (``.base`` is the origin)."""
    handler: type[MockHandler] = type("Handler", (MockHandler,), {})  # routes are per server
    server = QuietServer(("127.0.0.1", 0), handler)
    routes = Routes(f"http://127.0.0.1:{server.server_address[1]}", free_port())
    handler.routes = routes
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield routes
    finally:
        server.shutdown()
        server.server_close()


# --- a small news site whose pages a test can change between runs -----------------------------


class NewsSite:
    """State of :func:`news_site`: edit ``pages`` / ``feed_status`` / ``delay`` between runs.

    Article pages answer with an ``ETag`` (hash of the body) and honour ``If-None-Match``
    with a 304, like a real server; ``hits`` counts requests per path and ``bodies`` counts
    the 200 answers that carried an article body (what a re-check should avoid).
    """

    def __init__(self, base: str) -> None:
        self.base = base
        self.feed_status = 200
        self.delay = 0.0  # seconds before each article answers (to interrupt a crawl mid-way)
        self.pages: dict[str, str] = {}
        #: Canned answers per path, used in order (the last one repeats) before ``pages``.
        self.replies: dict[str, list[Reply]] = {}
        self.hit_times: dict[str, list[float]] = {}
        #: Served, but not listed in the feed (e.g. the target of a redirect).
        self.unlisted: set[str] = set()
        self.hits: dict[str, int] = {}
        self.bodies: dict[str, int] = {}
        self.lock = threading.Lock()

    def add_articles(self, n: int, footer: str = "Copyright") -> None:
        for i in range(n):
            self.pages[f"/news/{i}.html"] = self.article(i, footer=footer)

    def article(self, i: int, extra: str = "", footer: str = "Copyright") -> str:
        paragraphs = [f"Release {i}. {PARAGRAPHS[0]}", PARAGRAPHS[1] + extra, PARAGRAPHS[2]]
        return article_html(f"Release {i}", paragraphs).replace("<footer>Copyright</footer>",
                                                                  f"<footer>{footer}</footer>")

    def feed(self) -> bytes:
        paths = sorted({*self.pages, *self.replies} - self.unlisted)
        items = "".join(f"<item><title>{p}</title><link>{self.base}{p}</link></item>" for p in paths)
        return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()

    def reset_counts(self) -> None:
        with self.lock:
            self.hits.clear()
            self.bodies.clear()


class NewsHandler(BaseHTTPRequestHandler):
    site: NewsSite

    def do_GET(self) -> None:
        import hashlib

        site = self.site
        path = urlsplit(self.path).path
        with site.lock:
            site.hits[path] = site.hits.get(path, 0) + 1
            site.hit_times.setdefault(path, []).append(time.monotonic())
            canned = site.replies.get(path)
            reply = (canned.pop(0) if len(canned) > 1 else canned[0]) if canned else None
        if reply is not None:
            return self.reply(*reply)
        if path == "/robots.txt":
            return self.reply(200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
        if path == "/feed.xml":
            if site.feed_status != 200:
                return self.reply(site.feed_status, {"Content-Type": "text/plain"}, b"gone")
            return self.reply(200, {"Content-Type": "application/rss+xml"}, site.feed())
        page = site.pages.get(path)
        if page is None:
            return self.reply(404, {"Content-Type": "text/plain"}, b"not found")
        if site.delay:
            time.sleep(site.delay)
        body = page.encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            return self.reply(304, {"ETag": etag}, b"")
        with site.lock:
            site.bodies[path] = site.bodies.get(path, 0) + 1
        return self.reply(200, {"Content-Type": "text/html; charset=utf-8", "ETag": etag}, body)

    def reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet."""


@contextlib.contextmanager
def news_site(articles: int = 3) -> Iterator[NewsSite]:
    """A feed at ``/feed.xml`` listing ``/news/<i>.html`` articles, on a free 127.0.0.1 port."""
    handler: type[NewsHandler] = type("Handler", (NewsHandler,), {})
    server = QuietServer(("127.0.0.1", 0), handler)
    site = NewsSite(f"http://127.0.0.1:{server.server_address[1]}")
    site.add_articles(articles)
    handler.site = site
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()

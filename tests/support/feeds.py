"""A local web server for feed tests: tests/data/feeds served on 127.0.0.1 at a free port, with
`http://feeds.invalid` in each file replaced by its own address, plus /status/<code> (that
status), /slow (answers after SLOW_SECONDS, past the tests' client timeout), any route a test
sets in `routes` and any redirect in `redirects`. `requests` lists the paths asked, to prove
what was (not) fetched."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "feeds"
PLACEHOLDER = b"http://feeds.invalid"
FEEDS_TIMEOUT = 1.5  # the client timeout the feed tests set
SLOW_SECONDS = 4.0  # /slow answers this late: past FEEDS_TIMEOUT, whatever the machine's load
TYPES = {".rss": "application/rss+xml", ".atom": "application/atom+xml", ".html": "text/html"}


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.redirects: dict[str, tuple[int, str]] = {}  # path -> (3xx status, Location)
        self.requests: list[str] = []
        self.agents: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                server.agents.append(self.headers.get("User-Agent", ""))
                if self.path in server.redirects:
                    status, location = server.redirects[self.path]
                    self.send_response(status)
                    self.send_header("Location", location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status, ctype, body = server.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:  # quiet test output
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def answer(self, path: str) -> tuple[int, str, bytes]:
        if path in self.routes:
            return self.routes[path]
        if path.startswith("/status/"):
            return int(path.rsplit("/", 1)[1]), "text/plain", b"no"
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            return 200, "text/html", b"<html><body><p>late</p></body></html>"
        file = DATA / path.lstrip("/")
        if file.parent != DATA or not file.is_file():
            return 404, "text/plain", b"not found"
        body = file.read_bytes().replace(PLACEHOLDER, self.base.encode())
        return 200, TYPES.get(file.suffix, "application/octet-stream"), body

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

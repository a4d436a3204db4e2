"""HTTP to a server a test started, as a browser speaks it: from one source address (all of
127/8 is this machine), keeping cookies, one connection per request, over TLS when given the
certificate to trust."""

from __future__ import annotations

import http.client
import ssl
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

Answer = tuple[http.client.HTTPResponse, bytes]


class Client:
    """A browser on `source` speaking to 127.0.0.1:`port`. `headers` go with every request (a
    proxy's, say); `scheme` is the one the server should see (https behind a TLS-terminating
    proxy), by default the connection's own."""

    def __init__(
        self,
        port: int,
        source: str = "127.0.0.1",
        *,
        cert: Path | None = None,
        headers: dict[str, str] | None = None,
        scheme: str | None = None,
    ):
        self.port, self.source, self.cert = port, source, cert
        self.headers = headers or {}
        self.scheme = scheme or ("https" if cert else "http")
        self.cookies: dict[str, str] = {}

    @property
    def origin(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def connection(self, timeout: float) -> http.client.HTTPConnection:
        address = {"source_address": (self.source, 0), "timeout": timeout}
        if self.cert is None:
            return http.client.HTTPConnection("127.0.0.1", self.port, **address)
        context = ssl.create_default_context(cafile=str(self.cert))
        return http.client.HTTPSConnection("127.0.0.1", self.port, context=context, **address)

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        body: str | None = None,
        timeout: float = 30,
    ) -> Answer:
        conn = self.connection(timeout)
        sent = {"Host": f"127.0.0.1:{self.port}", **self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, data

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def login_answer(self, username: str, password: str, **headers: str) -> Answer:
        """The admin's login form, as a browser fills it in and posts it."""
        self.get("/admin/login/", headers=headers)
        form = {
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            "username": username,
            "password": password,
            "next": "/admin/",
        }
        return self.request(
            "POST",
            "/admin/login/",
            body=urlencode(form),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + "/admin/login/",
                **headers,
            },
        )

    def login(self, username: str, password: str, **headers: str) -> int:
        """The login form's answer's status."""
        return self.login_answer(username, password, **headers)[0].status

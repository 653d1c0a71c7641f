"""Who may use `coach serve`: the token in the URL, and the Host and Origin a browser sends.

textual-serve on its own answers any page and any WebSocket: a web page open in the same browser,
or another user of this machine, could read the log and press keys. Here every request is checked
before textual-serve sees it:

- the **Host** header must name the address coach listens on (``127.0.0.1:PORT``,
  ``localhost:PORT``, or the ``--host`` one), which also stops DNS rebinding;
- the **Origin** header, when a browser sends one (always for a WebSocket), must be that same
  address over ``http``;
- the **token**, random for each `coach serve`, must be given: as ``?token=`` on the page, and as
  the WebSocket path ``/ws/TOKEN``, which is how the page opens it.

Anything else gets 403 and one line. Only ``/static/`` (textual-serve's own scripts, fonts and
styles) is served without the token. The checks are plain functions over strings; the aiohttp
middleware and the textual-serve subclass that use them are made by :func:`guarded_server`,
which imports textual-serve only when called (it is an optional extra).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from aiohttp import web
    from textual_serve.server import Server

LOOPBACK = ("127.0.0.1", "localhost")
"""The names a browser on this machine uses for a server bound to 127.0.0.1."""

WILDCARDS = ("", "0.0.0.0", "::", "*")
"""Addresses that mean "every interface": refused, as no Host header could be checked."""

WEBSOCKET_PATH = "/ws"
STATIC_PREFIX = "/static/"


def new_token() -> str:
    """A fresh secret for the URL."""
    return secrets.token_urlsafe(24)


def netloc(host: str, port: int) -> str:
    """``host:port`` as it appears in a Host header (an IPv6 address in brackets)."""
    name = f"[{host}]" if ":" in host else host
    return f"{name}:{port}"


def allowed_netlocs(host: str, port: int) -> frozenset[str]:
    """Every ``host:port`` a browser may say it reached: the bound one, and on 127.0.0.1 the
    loopback names. Port 80 may also be left out, as browsers do."""
    hosts = {host, *LOOPBACK} if host in LOOPBACK else {host}
    names = {netloc(h, port).lower() for h in hosts}
    if port == 80:
        names |= {(f"[{h}]" if ":" in h else h).lower() for h in hosts}
    return frozenset(names)


def host_ok(header: str | None, host: str, port: int) -> bool:
    """Whether a Host header names the address coach listens on."""
    return header is not None and header.strip().lower() in allowed_netlocs(host, port)


def origin_ok(header: str | None, host: str, port: int, *, required: bool) -> bool:
    """Whether an Origin header is coach's own page (``http://`` and an allowed ``host:port``).
    A missing Origin passes only when not ``required``."""
    if header is None:
        return not required
    scheme, sep, rest = header.strip().lower().partition("://")
    return bool(sep) and scheme == "http" and rest in allowed_netlocs(host, port)


def token_ok(given: str | None, token: str) -> bool:
    """Whether the token given matches, compared in constant time."""
    return given is not None and secrets.compare_digest(given.encode(), token.encode())


@dataclass(frozen=True)
class Guard:
    """The checks for one `coach serve`: its address and its token."""

    host: str
    port: int
    token: str

    @property
    def websocket_path(self) -> str:
        """The WebSocket path the page opens, with the token in it."""
        return f"{WEBSOCKET_PATH}/{self.token}"

    def url(self) -> str:
        """The address to open, token included."""
        return f"http://{netloc(self.host, self.port)}/?token={self.token}"

    def refusal(
        self, path: str, host: str | None, origin: str | None, query_token: str | None
    ) -> str | None:
        """Why a request is refused (one line), or None when it may pass."""
        if not host_ok(host, self.host, self.port):
            return "coach serve: refused: wrong Host header"
        websocket = path == WEBSOCKET_PATH or path.startswith(WEBSOCKET_PATH + "/")
        if not origin_ok(origin, self.host, self.port, required=websocket):
            return "coach serve: refused: the request comes from another site"
        if path.startswith(STATIC_PREFIX):
            return None
        if websocket:
            given = path.removeprefix(WEBSOCKET_PATH + "/") if path != WEBSOCKET_PATH else None
        else:
            given = query_token
        if not token_ok(given, self.token):
            return "coach serve: refused: open the URL coach serve printed, with its token"
        return None


def guarded_server(command: str, guard: Guard, title: str = "coach") -> Server:
    """A textual-serve ``Server`` that runs ``command`` for each browser tab, behind ``guard``.

    Raises ImportError when textual-serve is not installed."""
    from aiohttp import web
    from textual_serve.server import Server

    @web.middleware
    async def check(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        why = guard.refusal(
            request.path,
            request.headers.get("Host"),
            request.headers.get("Origin"),
            request.query.get("token"),
        )
        if why is not None:
            return web.Response(status=403, text=why + "\n")
        return await handler(request)

    class GuardedServer(Server):
        """textual-serve with the guard in front and the token in the WebSocket path."""

        async def _make_app(self) -> web.Application:
            # textual-serve's routes, with the WebSocket at /ws/TOKEN: the page builds its
            # WebSocket URL from the route named "websocket", then adds "?width=…&height=…".
            import aiohttp_jinja2
            import jinja2

            app = web.Application(middlewares=[check])
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
            app.add_routes(
                [
                    web.get("/", self.handle_index, name="index"),
                    web.get(guard.websocket_path, self.handle_websocket, name="websocket"),
                    web.get("/download/{key}", self.handle_download, name="download"),
                    web.static("/static", self.statics_path, name="static"),
                ]
            )
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        async def on_startup(self, app: web.Application) -> None:
            """Quiet: coach prints its own line, with the token."""

    public_url = f"http://{netloc(guard.host, guard.port)}"
    return GuardedServer(
        command, host=guard.host, port=guard.port, title=title, public_url=public_url
    )

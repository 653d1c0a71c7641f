"""`coach serve` answers only its own page: the token, the Host and the Origin are checked.

The checks are unit-tested as plain functions; then a real guarded textual-serve app listens on a
free port of 127.0.0.1 and a real WebSocket client (aiohttp's) knocks: a foreign Origin, no
token, a wrong Host are each refused with 403; the right token and Origin complete the handshake
(the session's handler is replaced by one that stops there, so no coach is started).
"""

from __future__ import annotations

import shlex
import socket
import sys

import aiohttp
import aiohttp.web
import pytest
from aiohttp.test_utils import TestServer

from coach.system.serve_guard import (
    Guard,
    allowed_netlocs,
    guarded_server,
    host_ok,
    netloc,
    new_token,
    origin_ok,
    token_ok,
)

TOKEN = "s3cret-Token_123"
GUARD = Guard(host="127.0.0.1", port=8000, token=TOKEN)


# --- the checks, as plain functions ---------------------------------------------------------


def test_new_tokens_are_long_and_different():
    first, second = new_token(), new_token()
    assert first != second
    assert len(first) >= 32
    assert GUARD.url() == f"http://127.0.0.1:8000/?token={TOKEN}"


def test_loopback_accepts_both_names_and_nothing_else():
    assert allowed_netlocs("127.0.0.1", 8000) == {"127.0.0.1:8000", "localhost:8000"}
    assert allowed_netlocs("192.168.1.20", 8000) == {"192.168.1.20:8000"}
    assert netloc("::1", 8000) == "[::1]:8000"
    assert "127.0.0.1" in allowed_netlocs("127.0.0.1", 80)


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("LOCALHOST:8000", True),
        ("127.0.0.1:8001", False),
        ("evil.example:8000", False),
        ("127.0.0.1", False),
        ("", False),
        (None, False),
    ],
)
def test_host_header(header, ok):
    assert host_ok(header, "127.0.0.1", 8000) is ok


@pytest.mark.parametrize(
    ("header", "required", "ok"),
    [
        ("http://127.0.0.1:8000", True, True),
        ("http://localhost:8000", False, True),
        ("https://127.0.0.1:8000", True, False),
        ("http://evil.example", True, False),
        ("http://127.0.0.1:8000.evil.example", True, False),
        ("null", False, False),
        (None, False, True),
        (None, True, False),
    ],
)
def test_origin_header(header, required, ok):
    assert origin_ok(header, "127.0.0.1", 8000, required=required) is ok


def test_token_compare():
    assert token_ok(TOKEN, TOKEN)
    assert not token_ok(TOKEN + "x", TOKEN)
    assert not token_ok("", TOKEN)
    assert not token_ok(None, TOKEN)


def test_the_page_needs_the_token_and_static_files_do_not():
    host = "127.0.0.1:8000"
    assert GUARD.refusal("/", host, None, TOKEN) is None
    assert "token" in GUARD.refusal("/", host, None, None)
    assert "token" in GUARD.refusal("/", host, None, "wrong")
    assert GUARD.refusal("/static/js/textual.js", host, None, None) is None
    assert "token" in GUARD.refusal("/download/abc", host, None, None)


def test_the_websocket_needs_the_token_in_its_path_and_an_origin():
    host, origin = "127.0.0.1:8000", "http://127.0.0.1:8000"
    assert GUARD.websocket_path == f"/ws/{TOKEN}"
    assert GUARD.refusal(f"/ws/{TOKEN}", host, origin, None) is None
    assert "token" in GUARD.refusal("/ws", host, origin, None)
    assert "token" in GUARD.refusal("/ws/wrong", host, origin, None)
    assert "another site" in GUARD.refusal(f"/ws/{TOKEN}", host, None, None)
    assert "another site" in GUARD.refusal(f"/ws/{TOKEN}", host, "http://evil.example", None)
    assert "Host" in GUARD.refusal(f"/ws/{TOKEN}", "evil.example", origin, None)


def test_every_refusal_is_one_line():
    reasons = [
        GUARD.refusal("/", "evil.example", None, TOKEN),
        GUARD.refusal("/", "127.0.0.1:8000", "http://evil.example", TOKEN),
        GUARD.refusal("/", "127.0.0.1:8000", None, None),
    ]
    assert all(r and "\n" not in r for r in reasons)


# --- a real server, a real WebSocket client -------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
async def served():
    """A guarded textual-serve app listening on 127.0.0.1; yields (guard, base URL)."""
    guard = Guard(host="127.0.0.1", port=free_port(), token=new_token())
    server = guarded_server(shlex.join([sys.executable, "-c", "pass"]), guard)

    async def handshake_only(request):
        # Stop at the handshake: textual-serve would start the command and leave its pipes open.
        ws = aiohttp.web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str("handshake done")
        await ws.close()
        return ws

    server.handle_websocket = handshake_only
    test_server = TestServer(await server._make_app(), host="127.0.0.1", port=guard.port)
    await test_server.start_server()
    try:
        yield guard, f"127.0.0.1:{guard.port}"
    finally:
        await test_server.close()


async def refused(url: str, **kwargs) -> int:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
            await session.ws_connect(url, **kwargs)
    return caught.value.status


async def test_a_foreign_origin_is_refused(served):
    guard, address = served
    url = f"ws://{address}{guard.websocket_path}"
    assert await refused(url, origin="http://evil.example") == 403


async def test_a_websocket_without_the_token_is_refused(served):
    guard, address = served
    origin = f"http://{address}"
    assert await refused(f"ws://{address}/ws?width=80&height=24", origin=origin) == 403
    assert await refused(f"ws://{address}/ws/wrong?width=80", origin=origin) == 403


async def test_a_wrong_host_is_refused(served):
    guard, address = served
    url = f"ws://{address}{guard.websocket_path}"
    headers = {"Host": f"evil.example:{guard.port}"}
    assert await refused(url, origin=f"http://{address}", headers=headers) == 403


async def test_the_right_token_and_origin_open_the_websocket(served):
    guard, address = served
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(
            f"ws://{address}{guard.websocket_path}?width=80&height=24",
            origin=f"http://localhost:{guard.port}",
        )
        assert await ws.receive_str(timeout=10) == "handshake done"
        await ws.close()


async def test_the_page_needs_the_token_and_points_its_websocket_at_it(served):
    guard, address = served
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://{address}/") as response:
            assert response.status == 403
            body = await response.text()
            assert body.count("\n") == 1 and "token" in body
        async with session.get(f"http://{address}/?token={guard.token}") as response:
            assert response.status == 200
            page = await response.text()
        assert f'data-session-websocket-url="ws://{address}{guard.websocket_path}"' in page
        async with session.get(f"http://{address}/static/js/textual.js") as response:
            assert response.status == 200

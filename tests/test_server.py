"""nnlesson.server: the Jupyter server extension that turns Nagle's algorithm off on kernel
WebSockets, and the config (jupyter-config/, installed by requirements*.txt) that enables it."""

import asyncio
import json
import logging
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from nnlesson import server

REPO = Path(__file__).resolve().parent.parent


def run(make_coroutine):
    """Run a coroutine to its end on a fresh event loop in a thread of its own (this thread may
    already run a loop: the browser tests' Playwright leaves one)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


class FakeHandler:
    def __init__(self):
        self.calls = []

    def set_nodelay(self, value):
        self.calls.append(("nodelay", value))


class Connection:
    """Stands in for jupyter_server's ZMQChannelsWebsocketConnection (connect is a coroutine)."""

    def __init__(self, handler):
        self.websocket_handler = handler

    async def connect(self):
        self.websocket_handler.calls.append(("connect",))
        return "connected"


def test_the_wrapped_connection_sets_nodelay_before_connecting():
    wrapped = server.no_delay(Connection)
    assert issubclass(wrapped, Connection) and wrapped.__name__ == "NoDelayConnection"
    handler = FakeHandler()
    assert run(lambda: wrapped(handler).connect()) == "connected"
    assert handler.calls == [("nodelay", True), ("connect",)]
    assert server.no_delay(wrapped) is wrapped          # wrapping twice changes nothing


class FakeApp:
    def __init__(self, settings):
        self.web_app = type("WebApp", (), {"settings": settings})()
        self.log = logging.getLogger("fake-server")


def test_loading_the_extension_wraps_the_servers_connection_class():
    app = FakeApp({server.SETTING: Connection})
    server._load_jupyter_server_extension(app)
    assert app.web_app.settings[server.SETTING].nnlesson_no_delay
    assert issubclass(app.web_app.settings[server.SETTING], Connection)
    assert server._jupyter_server_extension_points() == [{"module": "nnlesson.server"}]


def test_without_the_setting_the_extension_says_so_and_changes_nothing(caplog):
    app = FakeApp({})
    with caplog.at_level(logging.WARNING, logger="fake-server"):
        server._load_jupyter_server_extension(app)
    assert app.web_app.settings == {} and "Nagle stays on" in caplog.text


def test_the_real_connection_class_can_be_wrapped():
    websocket = pytest.importorskip("jupyter_server.services.kernels.connection.channels")
    wrapped = server.no_delay(websocket.ZMQChannelsWebsocketConnection)
    assert issubclass(wrapped, websocket.ZMQChannelsWebsocketConnection)


def test_the_config_enables_it_and_the_requirements_install_it():
    config = json.loads((REPO / "jupyter-config" / "nnlesson.json").read_text())
    assert config == {"ServerApp": {"jpserver_extensions": {"nnlesson.server": True}}}
    for name in ("requirements.txt", "requirements-dev.txt"):
        assert "./jupyter-config" in (REPO / name).read_text().splitlines(), name


def test_this_environments_jupyter_has_it_enabled():
    """requirements-dev.txt installed jupyter-config/ here: the server lists the extension, enabled and OK."""
    result = subprocess.run([sys.executable, "-m", "jupyter", "server", "extension", "list"],
                            capture_output=True, text=True, timeout=120)
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)    # without colours
    assert re.search(r"nnlesson\.server\s+enabled", text) and re.search(r"nnlesson\.server\s+OK", text), text


class FutureConnection(Connection):
    """As jupyter_server's own: connect() is a plain method returning a Future (or None)."""

    def connect(self):
        self.websocket_handler.calls.append(("connect",))
        future = asyncio.get_running_loop().create_future()
        future.set_result("connected")
        return future


class NoneConnection(Connection):
    def connect(self):
        self.websocket_handler.calls.append(("connect",))


def test_a_connect_that_returns_a_future_or_none_is_awaited_as_upstream_does():
    for cls, result in ((FutureConnection, "connected"), (NoneConnection, None)):
        handler = FakeHandler()

        async def connect():
            return await server.no_delay(cls)(handler).connect()

        assert run(connect) == result
        assert handler.calls == [("nodelay", True), ("connect",)]

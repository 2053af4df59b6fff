"""A Jupyter server extension, on by default for this environment: kernel messages leave at once.

JupyterLab's server relays every message between the kernel and the browser over one WebSocket
per kernel, and leaves Nagle's algorithm on for it (tornado's default; jupyter_server never calls
`set_nodelay`). So a small message written while the previous one is not yet acknowledged waits
for the browser's delayed ACK, up to 40 ms on Linux: about half of an explorer's key presses
waited so, after the kernel's "busy" message. Tornado's advice for an application that sends
many small messages is `set_nodelay(True)`; this extension does that, on the kernel WebSockets
only, by wrapping the server's kernel WebSocket connection class. Measured in JupyterLab under
Chromium (benchmarks/bench_browser_latency.py, a bare slider → label): 36 → 22 ms median.

It is enabled by jupyter-config/nnlesson.json, which installing nnlesson puts in
<environment>/etc/jupyter/jupyter_server_config.d/ (pyproject.toml, data-files). Turn it off with
`jupyter server extension disable nnlesson.server`, or
`jupyter lab --ServerApp.jpserver_extensions="{'nnlesson.server': False}"`.
"""

from __future__ import annotations

import inspect

SETTING = "kernel_websocket_connection_class"


def no_delay(connection_class):
    """A subclass of jupyter_server's kernel WebSocket connection class `connection_class` that
    turns Nagle's algorithm off on its WebSocket when it connects."""
    if getattr(connection_class, "nnlesson_no_delay", False):
        return connection_class

    class NoDelayConnection(connection_class):
        nnlesson_no_delay = True

        async def connect(self):
            self.websocket_handler.set_nodelay(True)
            connected = super().connect()   # jupyter_server's returns a Future (or None), not a coroutine
            return await connected if inspect.isawaitable(connected) else connected

    NoDelayConnection.__name__ = NoDelayConnection.__qualname__ = f"NoDelay{connection_class.__name__}"
    return NoDelayConnection


def _jupyter_server_extension_points():
    return [{"module": "nnlesson.server"}]


def _load_jupyter_server_extension(serverapp):
    """Wrap the server's kernel WebSocket connection class (whatever it is configured to be)."""
    settings = serverapp.web_app.settings
    connection_class = settings.get(SETTING)
    if connection_class is None:
        serverapp.log.warning("nnlesson.server: no %s in the server's settings; Nagle stays on", SETTING)
        return
    settings[SETTING] = no_delay(connection_class)
    serverapp.log.info("nnlesson.server: kernel WebSockets send without delay (TCP_NODELAY)")

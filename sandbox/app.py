"""The sandbox ASGI application: one server, one prefix per platform."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.routing import Mount

from sandbox import control, graph, telegram, x
from sandbox.config import SandboxConfig
from sandbox.engine import Sandbox

# prefix -> router factory: a base URL per platform is all a client needs.
PREFIXES = {
    "/x": x.router,
    "/graph": graph.router,
    "/telegram": telegram.router,
    "/_sandbox": control.router,
}


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """Build the sandbox app; its engine is `app.state.sandbox`."""
    config = config or SandboxConfig()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        sandbox = app.state.sandbox
        sandbox.bind_loop()
        task = asyncio.create_task(sandbox.run())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await sandbox.close()

    app = Starlette(
        routes=[Mount(prefix, app=factory()) for prefix, factory in PREFIXES.items()],
        lifespan=lifespan,
    )
    app.state.sandbox = Sandbox(config)
    return app

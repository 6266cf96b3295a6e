"""Local emulators of the X API, the Meta Graph API and the Telegram Bot API.

The other side of the wire: it imports nothing of ours. One ASGI app serves
/x/ (X API v2), /graph/ (Graph API), /telegram/ (Bot API) and /_sandbox/ (control).
"""

from sandbox.agents import PROFILES
from sandbox.app import create_app
from sandbox.client import Client, SandboxError, graph_session, point_tweepy, rewrite_adapter
from sandbox.config import SandboxConfig
from sandbox.server import SandboxServer, free_port, sdk_urls
from sandbox.signing import meta_signature, x_crc_response, x_signature

__all__ = [
    "PROFILES",
    "Client",
    "SandboxConfig",
    "SandboxError",
    "SandboxServer",
    "create_app",
    "free_port",
    "graph_session",
    "meta_signature",
    "point_tweepy",
    "rewrite_adapter",
    "sdk_urls",
    "x_crc_response",
    "x_signature",
]

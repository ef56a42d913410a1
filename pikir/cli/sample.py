"""``pikir sample``: the bundled offline sample (a replay of t.me/s with synthetic posts)."""

from __future__ import annotations

import click


@click.group()
def sample() -> None:
    """Work with the bundled offline sample."""


@sample.command()
@click.option("--port", default=8765, show_default=True, help="Port to listen on (0 = any).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
def serve(port: int, host: str) -> None:
    """Serve the sample channels like https://t.me/s/<channel> until interrupted.

    Point a crawl at it: pikir crawl --base-url http://127.0.0.1:8765 --channels pikir_demo_ru
    """
    from pikir.sample.server import serve_forever

    serve_forever(port=port, host=host)

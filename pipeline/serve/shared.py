"""What the pages share with the HTML report: its stylesheet and its cell panel, not copies.

``/report.css`` is ``pipeline/render/assets/report.css`` with every step of the heatmap's
colour scale (:mod:`pipeline.render.heatmap`); ``/report.js`` is the report's script,
whose cell panel the matrix page uses (``window.plpbkReport``). Both are read from the
render package's data when the application is built.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from importlib import resources

from starlette.requests import Request
from starlette.responses import Response

from pipeline.render.heatmap import EMPTY, PALETTE, colour_scale
from pipeline.serve.cache import etags, revalidate


def report_stylesheet() -> str:
    """The HTML report's stylesheet, with every step of the heatmap's colour scale.

    The report appends the steps its matrix's largest count takes
    (``pipeline/render/html_report.py``); the pages' matrix may take any, so all are
    written, each with the ink that reads on it, from :mod:`pipeline.render.heatmap`.
    """
    steps = [f".s0 {{ background: {EMPTY}; }}"] + [
        f".s{shade.step} {{ background: {shade.colour}; color: {shade.ink}; }}"
        for shade in colour_scale(len(PALETTE))
    ]
    return (
        report_asset("report.css")
        + "\n/* The colour steps of pipeline/render/heatmap.py, all of them. */\n"
        + "\n".join(steps)
        + "\n"
    )


def report_asset(name: str) -> str:
    """A file of the HTML report's assets (package data of :mod:`pipeline.render`)."""
    return resources.files("pipeline.render").joinpath("assets", name).read_text(encoding="utf-8")


def fixed(body: bytes, media: str) -> Callable[[Request], Awaitable[Response]]:
    """A handler answering ``body``, with an ``ETag`` of its content (304 when unchanged)."""
    etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'

    async def answer(request: Request) -> Response:
        if etag in etags(request.headers.get("if-none-match", "")):
            return Response(status_code=HTTPStatus.NOT_MODIFIED, headers=revalidate(etag))
        return Response(body, media_type=media, headers=revalidate(etag))

    return answer

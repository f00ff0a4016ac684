"""The HTTP application of ``plpbk-kg serve``: the SPARQL endpoint, the named queries, the pages.

Routes:

* ``GET|POST /sparql`` -- the SPARQL 1.1 Protocol (query operation only): ``query=`` in
  the URL or a form, or an ``application/sparql-query`` body; ``default-graph-uri`` and
  ``named-graph-uri``; the answer's format by ``Accept`` (or ``format=``). Updates are
  refused (403), as are ``SERVICE`` clauses.
* ``GET /api/queries`` -- the named queries: name, question, parameters, columns, text.
* ``GET /api/queries/{name}?param=value`` -- one named query's rows as JSON records or
  CSV/TSV (``Accept`` or ``format=``); a parameter the store has no value for is a 400
  with the command line's did-you-mean.
* ``GET /api/matrix?family=…&doc=…&place=…&by=place&lang=id`` -- ``compare``'s matrix
  (:mod:`pipeline.serve.matrix`): the page's view by default, ``format=csv|md|json`` as
  ``compare --format`` writes it.
* ``GET /api/status`` -- the server's limits and the snapshot it reads.
* ``/`` -- the pages (``pipeline/serve/assets/``), under a content-security policy that
  lets them load nothing but their own files and call nothing but this server;
  ``/report.css`` and ``/report.js`` are the HTML report's own style and cell panel
  (``pipeline/render/assets/``; the style with the heatmap's colour steps), which the
  pages share rather than copy.

The named queries' and the matrix's answers are kept for the snapshot they were
computed on (:mod:`pipeline.serve.cache`): each carries an ``ETag`` naming it, and
``If-None-Match`` with the current one is answered ``304``; a newer snapshot is computed
afresh.

Every query runs in a worker process (:mod:`pipeline.serve.pool`) under the server's time
limit, memory limit and row cap; an answer is sent whole or not at all, so a stopped query
is an error status with a message, never a ``200`` with a cut body. Off loopback every
request needs the access token (``Authorization: Bearer``, ``?token=``, or the cookie a
page opened with ``?token=`` sets).
"""

from __future__ import annotations

import contextlib
import hmac
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from pipeline.errors import (
    CompareError,
    PipelineError,
    QueryError,
    QueryLimitError,
    QueryMemoryError,
    QueryParameterError,
    QuerySyntaxError,
    QueryTimeoutError,
    ServiceNotAllowedError,
    StoreError,
    UnknownQueryError,
    UpdateRefusedError,
)
from pipeline.query import DEFAULT_MEMORY, Limits, list_queries, selected_variables
from pipeline.serve.cache import AnswerCache, etags, revalidate
from pipeline.serve.jobs import NamedJob, Output, SparqlJob
from pipeline.serve.matrix import VIEW, MatrixJob
from pipeline.serve.pool import BusyError, WorkerPool
from pipeline.serve.results import Answer, NotAcceptableError, TooManyRowsError, parse_accept
from pipeline.serve.shared import fixed, report_asset, report_stylesheet

ASSETS = Path(__file__).parent / "assets"
"""The pages' files (HTML, script, style, strings), served at ``/``."""

DEFAULT_TIMEOUT = 30.0
"""Seconds a query may run before the server stops it and answers 504."""

DEFAULT_MAX_ROWS = 100_000
"""Rows (or triples) an answer may have."""

MAX_BODY = 1 << 20
"""Bytes a request body may have (a form or a query): more is refused with 413."""

MAX_QUERY = 256 * 1024
"""Characters a query's text may have."""

TOKEN_COOKIE = "plpbk_token"
"""The cookie a page opened with ``?token=`` gets, so that its own calls carry the token."""

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
"""The pages may load and call nothing but this server's own files and endpoints."""

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
"""``Host`` headers accepted on loopback: a page of another site that rebinds its name to
127.0.0.1 names its own host, and is refused."""


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """How the server runs.

    Attributes:
        store: The store's folder.
        timeout: Seconds a query may run.
        max_rows: Rows an answer may have.
        workers: Queries run at once (worker processes).
        memory: Bytes of memory a worker may use while it runs a query.
        token: The access token every request must carry (None: no token needed).
        cors: An origin allowed to call the server from its pages (None: no CORS).
        loopback: Whether the server listens on loopback only (``Host`` is then checked).
    """

    store: Path
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = 2
    memory: int = DEFAULT_MEMORY
    token: str | None = None
    cors: str | None = None
    loopback: bool = True


def build_app(settings: ServeSettings, *, pool: WorkerPool | None = None) -> Starlette:
    """Build the application.

    Args:
        settings: Limits, security and the store.
        pool: Workers already started (the command line starts them before it says where
            it listens); by default the application starts its own on first use.

    Returns:
        The ASGI application.
    """
    pool = pool or WorkerPool(
        settings.store,
        size=settings.workers,
        limits=Limits(timeout=settings.timeout, memory=settings.memory),
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            pool.close()

    endpoints = _Endpoints(settings, pool)
    routes: list[Route | Mount] = [
        Route("/sparql", endpoints.sparql, methods=["GET", "POST"]),
        Route("/api/queries", endpoints.queries, methods=["GET"]),
        Route("/api/queries/{name}", endpoints.named_query, methods=["GET"]),
        Route("/api/matrix", endpoints.matrix, methods=["GET"]),
        Route("/api/status", endpoints.status, methods=["GET"]),
    ]
    for name, media, text in (
        ("report.css", "text/css; charset=utf-8", report_stylesheet()),
        ("report.js", "text/javascript; charset=utf-8", report_asset("report.js")),
    ):
        routes.append(Route(f"/{name}", fixed(text.encode("utf-8"), media), methods=["GET"]))
    if ASSETS.is_dir():
        # StaticFiles resolves each path inside its folder and refuses what leaves it
        # (``..``, encoded or not, and links out of the folder).
        routes.append(Mount("/", StaticFiles(directory=ASSETS, html=True), name="pages"))
    middleware = [
        Middleware(_Guard, token=settings.token, max_rows=settings.max_rows),
    ]
    if settings.loopback:
        middleware.insert(0, Middleware(TrustedHostMiddleware, allowed_hosts=list(LOOPBACK_HOSTS)))
    if settings.cors:
        middleware.insert(
            0,
            Middleware(
                CORSMiddleware,
                allow_origins=[settings.cors],
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type", "Accept"],
                expose_headers=["X-PLPBK-Rows", "X-PLPBK-Truncated", "X-PLPBK-Max-Rows"],
            ),
        )
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.pool = pool
    app.state.cache = endpoints.cache
    app.state.settings = settings
    return app


class _Endpoints:
    """The request handlers, sharing the settings and the worker pool."""

    def __init__(self, settings: ServeSettings, pool: WorkerPool) -> None:
        self.settings = settings
        self.pool = pool
        self.cache = AnswerCache(settings.store)

    async def sparql(self, request: Request) -> Response:
        """The SPARQL 1.1 Protocol's query operation (GET, POST form, POST query)."""
        try:
            fields = list(request.query_params.multi_items())
            text: str | None = None
            if request.method == "POST":
                media = request.headers.get("content-type", "").split(";")[0].strip().lower()
                body = await _body(request)
                if media == "application/x-www-form-urlencoded":
                    fields += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
                elif media == "application/sparql-query":
                    text = body.decode("utf-8", "replace")
                elif media == "application/sparql-update":
                    raise UpdateRefusedError(_UPDATES_REFUSED)
                else:
                    return _error(
                        HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                        "POST a query as application/sparql-query, or as a form "
                        "(application/x-www-form-urlencoded) with query=",
                    )
            values = _multi(fields)
            if "update" in values:
                raise UpdateRefusedError(_UPDATES_REFUSED)
            if text is None:
                queries = values.get("query", [])
                if len(queries) != 1:
                    return _error(
                        HTTPStatus.BAD_REQUEST,
                        "give exactly one query: ?query=… (GET or a POSTed form), or POST it "
                        "as application/sparql-query",
                    )
                text = queries[0]
            if len(text) > MAX_QUERY:
                return _error(
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                    f"the query is longer than the server's limit of {MAX_QUERY:,} characters",
                )
            job = SparqlJob(
                text=text,
                default_graphs=tuple(values.get("default-graph-uri", [])),
                named_graphs=tuple(values.get("named-graph-uri", [])),
                output=self._output(request, values),
            )
            return _answered(await self.pool.run(job), self.settings)
        except _TooLarge as error:
            return _error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, str(error))
        except PipelineError as error:
            return _error(_status(error), str(error))

    async def queries(self, request: Request) -> Response:
        """The named queries, what each answers, its parameters and its columns."""
        listed = []
        for named in list_queries():
            columns = selected_variables(named.text)
            listed.append(
                {
                    "name": named.name,
                    "question": named.summary,
                    "description": named.description,
                    "text": named.text,
                    "parameters": _parameters(named.description, columns),
                    "columns": columns,
                }
            )
        return JSONResponse(listed)

    async def named_query(self, request: Request) -> Response:
        """One named query, its parameters from the URL, its rows as JSON records or CSV."""
        name = request.path_params["name"]
        values = _multi(list(request.query_params.multi_items()))
        params = tuple(
            f"{key}={value}"
            for key, many in values.items()
            if key not in _CONTROL_PARAMETERS
            for value in many
        )
        fmt = _first(values, "format")
        output = self._output(request, values)
        accept = output.accept
        key = _API_FORMATS.get(fmt or "") if fmt else _api_format(accept)
        if key is None:
            return _json_error(
                HTTPStatus.NOT_ACCEPTABLE,
                f"format {fmt or ', '.join(accept)!r}: the named queries answer as json, csv "
                "or tsv",
            )
        job = NamedJob(
            name=name,
            params=params,
            output=Output(accept=(), fmt=key, max_rows=output.max_rows, truncate=output.truncate),
        )
        try:
            return await self._kept(request, repr(job), job)
        except PipelineError as error:
            return _json_error(_status(error), str(error), error)

    async def matrix(self, request: Request) -> Response:
        """``compare``'s matrix with its filters, computed once per snapshot and filter."""
        values = _multi(list(request.query_params.multi_items()))
        place = (_first(values, "place") or "").strip()
        try:
            job = MatrixJob(
                lang=_first(values, "lang") or "en",
                by=_first(values, "by") or "document",
                families=tuple(sorted(set(values.get("family", [])))),
                documents=tuple(sorted(set(values.get("doc", [])))),
                place=place or None,
                fmt=_first(values, "format") or VIEW,
            ).checked()
            return await self._kept(request, job.key, job)
        except PipelineError as error:
            return _json_error(_status(error), str(error), error)

    async def _kept(self, request: Request, key: str, job: NamedJob | MatrixJob) -> Response:
        """The answer to ``job`` from the cache, or computed once for this snapshot.

        ``If-None-Match`` naming the current snapshot's answer is a ``304`` at once.
        """
        current = self.cache.etag(self.cache.snapshot(), key)
        if current in etags(request.headers.get("if-none-match", "")):
            return Response(status_code=HTTPStatus.NOT_MODIFIED, headers=revalidate(current))
        answer = await self.cache.answer(key, lambda: self.pool.run(job))
        response = _answered(answer, self.settings)
        response.headers.update(revalidate(self.cache.etag(answer.snapshot, key)))
        return response

    async def status(self, request: Request) -> Response:
        """The server's limits and the store it reads."""
        from pipeline.store import published_snapshot

        return JSONResponse(
            {
                "store": str(self.settings.store),
                "snapshot": published_snapshot(self.settings.store),
                "workers": self.settings.workers,
                "timeout": self.settings.timeout,
                "max_rows": self.settings.max_rows,
                "workers_replaced": self.pool.replaced,
                "answers_kept": self.cache.kept,
                "answers_computed": self.cache.computed,
                "answers_reused": self.cache.hits,
            }
        )

    def _output(self, request: Request, values: dict[str, list[str]]) -> Output:
        truncate = (values.get("truncate") or ["false"])[0].lower() in {"1", "true", "yes"}
        return Output(
            accept=tuple(parse_accept(request.headers.get("accept", ""))),
            fmt=_first(values, "format"),
            max_rows=self.settings.max_rows,
            truncate=truncate,
        )


class _TooLarge(Exception):
    """A request body over :data:`MAX_BODY`."""


async def _body(request: Request) -> bytes:
    """The request's body, refused past :data:`MAX_BODY` before it is all read."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        raise _TooLarge(f"the request body is larger than the server's limit of {MAX_BODY:,} bytes")
    chunks = bytearray()
    async for chunk in request.stream():
        chunks += chunk
        if len(chunks) > MAX_BODY:
            raise _TooLarge(
                f"the request body is larger than the server's limit of {MAX_BODY:,} bytes"
            )
    return bytes(chunks)


def _first(values: dict[str, list[str]], key: str) -> str | None:
    return values[key][0] if values.get(key) else None


def _multi(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for key, value in fields:
        values.setdefault(key, []).append(value)
    return values


def _answered(answer: Answer, settings: ServeSettings) -> Response:
    headers = {}
    if answer.rows is not None:
        headers["X-PLPBK-Rows"] = str(answer.rows)
    if answer.truncated:
        headers["X-PLPBK-Truncated"] = "true"
    return Response(answer.body, media_type=answer.media_type, headers=headers)


def _status(error: PipelineError) -> HTTPStatus:
    """The HTTP status that says what went wrong."""
    for kind, status in _STATUSES:
        if isinstance(error, kind):
            return status
    return HTTPStatus.INTERNAL_SERVER_ERROR


_STATUSES: list[tuple[type[PipelineError], HTTPStatus]] = [
    (UpdateRefusedError, HTTPStatus.FORBIDDEN),
    (ServiceNotAllowedError, HTTPStatus.FORBIDDEN),
    (UnknownQueryError, HTTPStatus.NOT_FOUND),
    (QuerySyntaxError, HTTPStatus.BAD_REQUEST),
    (QueryParameterError, HTTPStatus.BAD_REQUEST),
    (NotAcceptableError, HTTPStatus.NOT_ACCEPTABLE),
    (TooManyRowsError, HTTPStatus.UNPROCESSABLE_ENTITY),
    (QueryTimeoutError, HTTPStatus.GATEWAY_TIMEOUT),
    (QueryMemoryError, HTTPStatus.SERVICE_UNAVAILABLE),
    (QueryLimitError, HTTPStatus.SERVICE_UNAVAILABLE),
    (BusyError, HTTPStatus.SERVICE_UNAVAILABLE),
    (StoreError, HTTPStatus.SERVICE_UNAVAILABLE),
    (QueryError, HTTPStatus.BAD_REQUEST),
    (CompareError, HTTPStatus.BAD_REQUEST),
]


def _error(status: HTTPStatus, message: str) -> Response:
    """A SPARQL endpoint's error: the status and the message, as text."""
    return PlainTextResponse(f"{message}\n", status_code=status)


def _json_error(status: HTTPStatus, message: str, error: PipelineError | None = None) -> Response:
    """An API error: ``{"error": message, "status": …}`` and what the error names."""
    document: dict[str, object] = {"error": message, "status": int(status)}
    for attribute in ("parameter", "suggestions", "argument"):
        if error is not None and getattr(error, attribute, None) is not None:
            document[attribute] = getattr(error, attribute)
    return JSONResponse(document, status_code=status)


_UPDATES_REFUSED = (
    "the endpoint is read-only: SPARQL updates are refused; the store changes through "
    "plpbk-kg ingest and plpbk-kg remove"
)
_CONTROL_PARAMETERS = frozenset({"format", "truncate", "token"})
_API_FORMATS = {"json": "records", "csv": "csv", "tsv": "tsv"}
_API_TYPES = {
    "application/json": "records",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}


def _api_format(accept: tuple[str, ...]) -> str | None:
    if not accept:
        return "records"
    for media in accept:
        if media in _API_TYPES:
            return _API_TYPES[media]
        if media in {"*/*", "application/*"}:
            return "records"
        if media == "text/*":
            return "csv"
    return None


def _parameters(description: str, columns: list[str]) -> list[str]:
    """A named query's parameters: the selected variables its header's ``Parameters:`` names."""
    found = re.search(r"^Parameters?:(.*?)(?=^Columns?:|\Z)", description, re.M | re.S)
    if not found:
        return []
    text = found.group(1)
    named = [(m.start(), column) for column in columns if (m := re.search(rf"\b{column}\b", text))]
    return [column for _, column in sorted(named)]


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _Guard:
    """Every response's security headers, and the access token when one is set.

    The token is taken from ``Authorization: Bearer``, ``?token=`` or the cookie that a
    page opened with ``?token=`` is given (HttpOnly, SameSite=Strict), so that the page's
    own calls carry it without the token being written into any script.
    """

    def __init__(self, app: ASGIApp, *, token: str | None, max_rows: int) -> None:
        self.app = app
        self.token = token
        self.headers = [*_SECURITY_HEADERS, (b"x-plpbk-max-rows", str(max_rows).encode())]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        set_cookie = False
        if self.token is not None:
            given, from_query = _token_of(scope)
            if given is None or not hmac.compare_digest(given.encode(), self.token.encode()):
                await _refuse(scope, receive, send, given is None)
                return
            set_cookie = from_query

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += self.headers
                if set_cookie and self.token is not None:
                    cookie = (
                        f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
                    ).encode("latin-1")
                    headers.append((b"set-cookie", cookie))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _token_of(scope: Scope) -> tuple[str | None, bool]:
    """The token a request carries, and whether it came in the URL."""
    headers = {
        key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]
    }
    authorization = headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip(), False
    for key, value in parse_qsl(scope.get("query_string", b"").decode("latin-1")):
        if key == "token":
            return value, True
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == TOKEN_COOKIE:
            return value, False
    return None, False


async def _refuse(scope: Scope, receive: Receive, send: Send, missing: bool) -> None:
    message = (
        "this server needs its access token: send Authorization: Bearer TOKEN, or add "
        "?token=TOKEN to the address"
        if missing
        else "the access token is wrong"
    )
    body = json.dumps({"error": message, "status": 401}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"application/json"),
                (b"www-authenticate", b'Bearer realm="plpbk-kg"'),
                (b"content-length", str(len(body)).encode()),
                *_SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


_SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
]

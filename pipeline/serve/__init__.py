"""``plpbk-kg serve``: the store over HTTP, read-only — SPARQL, the named queries, the pages.

* :mod:`~pipeline.serve.app` -- the Starlette application (:func:`build_app`): routes,
  status codes, the access token, CORS, the pages' content-security policy;
* :mod:`~pipeline.serve.pool` -- the worker processes that hold the store open and run
  queries under the server's limits (a stopped query's worker is killed and replaced);
* :mod:`~pipeline.serve.jobs` -- what a worker runs: a SPARQL request or a named query,
  behind the command line's guard (no updates, no ``SERVICE``);
* :mod:`~pipeline.serve.results` -- answers in the format the client accepts, within the
  row cap;
* :mod:`~pipeline.serve.matrix` -- ``compare``'s matrix as the page draws it (``/api/matrix``);
* :mod:`~pipeline.serve.cache` -- answers kept per published snapshot, with an ``ETag``;
* :mod:`~pipeline.serve.shared` -- the HTML report's stylesheet and cell panel, served to
  the pages;
* ``assets/`` -- the pages (HTML, script, style, strings), static files.

The server reads the store's newest published snapshot (see :mod:`pipeline.store`), so
an ingest may write the store while it serves; a worker reopens the store when a newer
snapshot is published, so new documents are seen without a restart.
"""

from __future__ import annotations

from pipeline.serve.app import ServeSettings, build_app

__all__ = ["ServeSettings", "build_app"]

"""The query stage: named SPARQL queries over the store, parameters bound as RDF terms.

A query is named by a file of ``queries/`` (without ``.rq``), a path to a ``.rq``
file, or given inline. Parameters are bound by the store through substitutions
(SEP-0007), never pasted into the query's text, so a value cannot change the
query's meaning. Before the store sees a query, :mod:`pipeline.query_check` refuses an
update and a ``SERVICE`` clause unless allowed (the store would otherwise make network
requests on a query's behalf).

This module is the stage's one door: everything a caller needs is imported from here.
Behind it, one room a concern, each importing only the rooms listed before it:

* :mod:`pipeline.query_check`: the guard (updates, ``SERVICE``, syntax errors shown).
* :mod:`pipeline.query_inline`: parameters written into the WHERE group, so that the
  store plans with a bound value.
* :mod:`pipeline.query_terms`: parameters read as RDF terms, answers shown as strings.
* :mod:`pipeline.query_named`: named queries found, bound and run (:func:`run_query`).
* :mod:`pipeline.query_values`: a parameter value that nothing in the store has is
  answered with the closest values that are there (:func:`check_parameter_values`).
* :mod:`pipeline.query_limits`: a query the command line (or a server) runs goes through
  :func:`run_limited`, a worker process under a time and a memory limit, stopped at once
  on Ctrl-C, its rows streamed (:func:`query_stream`) or a bounded number collected
  (:func:`query_table`). The store evaluates queries in native code that nothing else
  can interrupt.

Importing this module costs little: the store's modules (``pipeline.stores``, which
bring the remote store's HTTP client) and the vocabulary (``pipeline.vocab``, which
brings rdflib's namespaces) are imported when a query is run or a term is shown, not
when a command starts and only needs :func:`run_limited` in its own process.
"""

from __future__ import annotations

from pipeline.query_check import CHECKED_FILE as CHECKED_FILE
from pipeline.query_check import check_query as check_query
from pipeline.query_check import describe_syntax_error as describe_syntax_error
from pipeline.query_check import queries_dir as queries_dir
from pipeline.query_check import query_hash as query_hash
from pipeline.query_check import trusted_query_hashes as trusted_query_hashes
from pipeline.query_limits import DEFAULT_MEMORY as DEFAULT_MEMORY
from pipeline.query_limits import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
from pipeline.query_limits import TABLE_ROWS as TABLE_ROWS
from pipeline.query_limits import Emit as Emit
from pipeline.query_limits import Limits as Limits
from pipeline.query_limits import TableRows as TableRows
from pipeline.query_limits import die_with_parent as die_with_parent
from pipeline.query_limits import query_stream as query_stream
from pipeline.query_limits import query_table as query_table
from pipeline.query_limits import rebuilt as rebuilt
from pipeline.query_limits import resident_bytes as resident_bytes
from pipeline.query_limits import run_limited as run_limited
from pipeline.query_named import NamedQuery as NamedQuery
from pipeline.query_named import list_queries as list_queries
from pipeline.query_named import resolve_query as resolve_query
from pipeline.query_named import run_query as run_query
from pipeline.query_named import selected_variables as selected_variables
from pipeline.query_named import variant_for as variant_for
from pipeline.query_named import variants_of as variants_of
from pipeline.query_terms import RESULT_FORMATS as RESULT_FORMATS
from pipeline.query_terms import Term as Term
from pipeline.query_terms import parse_params as parse_params
from pipeline.query_terms import rows as rows
from pipeline.query_terms import serialize_results as serialize_results
from pipeline.query_values import check_parameter_values as check_parameter_values

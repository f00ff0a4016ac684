"""Exchange: the graph out to QDA tools and open-data formats, human codings back in.

The modules of this package name their jobs:

* :mod:`~pipeline.exchange.guids` -- REFI-QDA GUIDs derived from the graph's IRIs
  (uuid5), shared by the export and the import;
* :mod:`~pipeline.exchange.qdpx` and :mod:`~pipeline.exchange.qdc` -- the REFI-QDA
  project (``.qdpx``) and codebook (``.qdc``) writers;
* :mod:`~pipeline.exchange.rdf`, :mod:`~pipeline.exchange.csvw` and
  :mod:`~pipeline.exchange.rocrate` -- open data: the graph (TriG, N-Quads, JSON-LD),
  the matrix as CSV with CSVW metadata, and an RO-Crate to deposit with a paper.

Importing this package imports none of them: each is imported when its format is
asked for.
"""

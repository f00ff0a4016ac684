"""``python -m pipeline.cli``: the ``plpbk-kg`` command line, run as a module."""

from __future__ import annotations

from pipeline.cli import main

if __name__ == "__main__":
    main()

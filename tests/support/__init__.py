"""Tools the tests use that are also run by hand: import them, or run them with ``python -m``.

- :mod:`tests.support.typo_quality`: the typesetting of a compiled PDF, measured on the page
  (``.venv/bin/python -m tests.support.typo_quality PDF [--json]``).
- :mod:`tests.support.seed_coverage`: how much of a published edition's text a PDF or DOCX holds
  (``.venv/bin/python -m tests.support.seed_coverage tests/reference/report-2021.txt OUTPUT``);
  a verbatim copy of the editorial office's ``shared/tools/seed_coverage.py``, kept so that the
  tests run on a clean clone.
- :mod:`tests.support.reference`: that coverage for the published texts in ``tests/reference/``.
- :mod:`tests.support.corpus_edition`: a tiny edition around one data file nobody here wrote
  (``tests/test_corpus_data.py`` and ``bench/corpus_check.py``).
- :mod:`tests.support.peak`: a command run as its own process, with its peak memory from the
  kernel (``os.wait4``) and, if asked, under an address-space limit (``ulimit -v``)
  (``tests/test_foreign_files.py``, ``bench/corpus_check.py``, ``bench/corpus_ingest.py``).
- :mod:`tests.support.browser`: headless Chromium over a built web edition served on 127.0.0.1
  (console errors, failed requests, phone emulation, axe-core); screenshots of every page at 390
  and 1280 px (``.venv/bin/python -m tests.support.browser build/2021/html OUT_FOLDER``).
"""

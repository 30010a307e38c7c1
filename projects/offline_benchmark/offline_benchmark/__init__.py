"""The offline benchmark's harness: protocol, rows, cached runs, statistics and reports.

Modules (each imported on its own; importing the package imports nothing else):
``protocol`` (the protocol and how it resolves a row's config), ``rows`` / ``dev_rows``
(the reported and the development rows), ``runs`` (training, evaluation and the run
cache), ``report`` (paired statistics, tables, charts, the results file), ``documents``
(the generated README tables and metafile results), ``cli`` (the command line), and
``detection`` / ``det_cli`` (the detection protocol and its rows, ``--task detection``).
"""

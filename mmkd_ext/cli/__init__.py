"""Command-line entry points (``tools/*.py`` and ``python -m mmkd_ext.cli.*``)."""

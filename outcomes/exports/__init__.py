"""Dataset exports: reproducible, self-describing extracts for inspection panels.

Entry points (``operations``): ``preview_export`` (rows per table, before exporting),
``export_dataset`` (write one of the ``ExportFormat``s to a file and record it in the
export log and the audit trail), ``list_exports`` and ``get_export`` (the log), and
``check_may_export``. An ``ExportQuery`` is a ``ReviewScope`` (outcomes.scope) with what
to include. ``tables`` is the export's own data dictionary; ``rows`` reads each table in
batches; ``withholding`` says what is withheld and how text is made safe for
spreadsheets; ``datapackage``, ``spreadsheet``, ``parquet`` and ``jsonfile`` write the
formats.
"""

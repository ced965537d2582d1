"""Cross-place comparison reports: places side by side for learning, never a ranking.

The public API:

- ``build.build_report(session, actor, spec, disclosure=...)`` -> ``ComparisonReport``
  (``result.py``: a DataFrame per table, grouped into ``SECTIONS``, and a
  ``ReportContext`` with the versions used, what was mapped or withheld and the notes);
- ``spec.ReportSpec(scope, version=, focus_place=, barrier=)``, around
  ``outcomes.scope.ReviewScope``;
- ``notes.add_context_note(session, actor, place=, framework=, body=)``, a place's reply;
- ``files``: ``table_csv``, ``csv_zip``, ``section_xlsx``, ``workbook``, ``report_json``
  and ``record_download`` (the audit trail);
- ``access.require_reader`` and ``lineage.trace_lineage``.
"""

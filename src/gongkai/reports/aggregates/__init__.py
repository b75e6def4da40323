"""Per-agency yearly figures of the annual report (表二/表三/表四 cells), kept current on write, so that
an agency's, a government's or a region's report is a sum of stored figures rather than a scan of the
records (docs/reports.md, "Aggregates"): ``cells`` counts them from the records, ``store`` writes them,
``signals`` keeps them current, ``read`` sums them, ``verify`` compares them with a recount."""

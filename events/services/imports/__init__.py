"""Dataset importers: ACLED and UCDP GED CSV files into events. See docs/importers.md."""

"""Dataset importers: ACLED and UCDP GED CSV files into events. See docs/importers.md.

acled.py and ucdp.py are the two formats (events_import_acled, events_import_ucdp); run.py is
one import, from file to committed rows (events_import), and says how it goes. Below it:
reading.py (encoding, delimiter, records), rows.py (Row, RowError, EventRow), parsing.py (the
value converters and their messages), formats.py (CsvFormat: a header's columns), resolution.py
(actors, places, sources in bulk), orm_writer.py (any database), copy_writer.py with
copy_columns.py (PostgreSQL), report.py (ImportReport, ImportFailed, the bad
rows' CSV), batches.py.
"""

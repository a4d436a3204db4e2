"""From news report to draft events: see pipeline.py for the entry points."""

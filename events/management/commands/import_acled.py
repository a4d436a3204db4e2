from events.management.importing import ImportCommand
from events.services.imports.acled import events_import_acled


class Command(ImportCommand):
    help = "Import an ACLED CSV export (or a ConflictMap CSV export) into dataset 'acled'."
    dataset_name = "ACLED"
    importer = staticmethod(events_import_acled)

from events.services.imports.acled import events_import_acled
from events.services.imports.commands import ImportCommand


class Command(ImportCommand):
    help = "Import an ACLED CSV export (or a ConflictMap CSV export) into dataset 'acled'."
    dataset_name = "ACLED"
    importer = staticmethod(events_import_acled)

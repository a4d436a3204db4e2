from events.importers.commands import ImportCommand
from events.importers.ucdp import events_import_ucdp


class Command(ImportCommand):
    help = "Import a UCDP GED CSV into dataset 'ucdp'."
    dataset_name = "UCDP GED"
    importer = staticmethod(events_import_ucdp)

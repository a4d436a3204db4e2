from events.management.importing import ImportCommand
from events.services.imports.ucdp import events_import_ucdp


class Command(ImportCommand):
    help = "Import a UCDP GED CSV into dataset 'ucdp'."
    dataset_name = "UCDP GED"
    importer = staticmethod(events_import_ucdp)

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Conflict events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_link_copy_triggers, sender=self)
        post_migrate.connect(_data_version_triggers, sender=self)


def _link_copy_triggers(using: str, **kwargs) -> None:
    """After every migrate: SQLite drops a table's triggers when Django rebuilds it to alter it."""
    from django.db import connections

    from events.db.link_copies import has_link_copies, triggers_install

    connection = connections[using]
    if has_link_copies(connection):
        triggers_install(connection)


def _data_version_triggers(using: str, **kwargs) -> None:
    """After every migrate, for the same reason: the API's cache validators must see all writes."""
    from django.db import connections

    from events.db.dataversion import has_table, triggers_install

    connection = connections[using]
    if has_table(connection):
        triggers_install(connection)

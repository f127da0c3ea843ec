from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommunitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "communities"
    verbose_name = "Communities of practice"

    def ready(self):
        from .permissions import grant_coordinator_permissions
        from .search_index import ensure_search_index_after_migrate

        # Connected once, for every app: the receiver looks up the sender's own permissions.
        post_migrate.connect(grant_coordinator_permissions, dispatch_uid="coordinator_permissions")
        # After every migrate, including a test database's creation (see search_index.py).
        post_migrate.connect(
            ensure_search_index_after_migrate, sender=self, dispatch_uid="search_index"
        )

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommunitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "communities"
    verbose_name = "Communities of practice"

    def ready(self):
        from .permissions import grant_coordinator_permissions

        # Connected once, for every app: the receiver looks up the sender's own permissions.
        post_migrate.connect(grant_coordinator_permissions, dispatch_uid="coordinator_permissions")

from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmarks as a Django app, for its ``seed_scale`` command. Installed only when DEBUG is on
    (cop_site.settings) and by bench.settings for the benchmark servers, never in production."""

    name = "bench"
    verbose_name = "Benchmarks"

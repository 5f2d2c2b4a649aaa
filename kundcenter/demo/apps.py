from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data: `load_demo`, `load_kb_demo` and `seed_bench`.

    No models. Nothing outside this app imports it but the tests and the benchmark
    commands that measure on its data (tests/test_import_structure.py).
    """

    name = "kundcenter.demo"
    label = "demo"

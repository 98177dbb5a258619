from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demonstration data (`manage.py load_demo`): it fills every app, so no app imports it."""

    name = "labourplan.demo"

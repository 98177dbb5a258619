from django.core.management.base import BaseCommand

from labourplan.demo import load_demo


class Command(BaseCommand):
    help = "Load the demonstration users and data (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        load_demo(log=lambda line: self.stdout.write(line))

from django.db import migrations

from labourplan.reference.seed import load_all


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(load_all, migrations.RunPython.noop)]

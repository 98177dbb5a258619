from django.db import migrations


def load(apps, schema_editor):
    from labourplan.evaluation.seed import load_scheme_2562

    load_scheme_2562(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
        ("reference", "0003_alter_templateitem_options_and_more"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

# The app's first migration: each part of organization life adds its own tables after it.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = [("orgs", "0008_person_exit_status")]

    operations: list = []

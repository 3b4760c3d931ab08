from django.db import migrations


class Migration(migrations.Migration):
    """ImportJob's progress fields take the names of the shared job base (dangjian.lib.jobs)."""

    dependencies = [("orgs", "0005_api_token")]

    operations = [
        migrations.RenameField("importjob", "processed_rows", "progress_done"),
        migrations.RenameField("importjob", "total_rows", "progress_total"),
    ]

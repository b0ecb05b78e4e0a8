# Who may cover an absent approver: a new trust may, by default, name its Trust
# administrators (either step) and a school's Headteacher (its ICT Manager's step).
#
# Existing trusts keep the rules they have: both columns are filled with False for rows that
# already exist, and only then does the default become True for new rows. Whether someone may
# sign Appendix B on another's behalf is the trust's decision; an upgrade that widened it
# silently would change who can approve without anyone choosing it. The cover form now names
# these settings, so a trust that wants them ticks them under Settings → Trust settings.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0008_trust_settings_policy_second_approver"),
    ]

    operations = [
        migrations.AddField(
            model_name="trustsettings",
            name="headteachers_may_cover_ict_managers",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Tick to let a school's Headteacher be named as cover for its ICT Manager's approval. They still "
                    "never decide a request they wrote, and whoever gives a request's ICT Manager approval cannot "
                    "also give its final approval."
                ),
                verbose_name="Headteachers may cover their school's ICT Manager",
            ),
        ),
        migrations.AlterField(
            model_name="trustsettings",
            name="headteachers_may_cover_ict_managers",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "Tick to let a school's Headteacher be named as cover for its ICT Manager's approval. They still "
                    "never decide a request they wrote, and whoever gives a request's ICT Manager approval cannot "
                    "also give its final approval."
                ),
                verbose_name="Headteachers may cover their school's ICT Manager",
            ),
        ),
        migrations.AlterField(
            model_name="trustsettings",
            name="trust_administrators_may_cover",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "Tick to let a Trust administrator be named as cover for an ICT Manager or Headteacher who is "
                    "away. Otherwise the cover must hold the same role at the same school."
                ),
                verbose_name="Trust administrators may cover an absent approver",
            ),
        ),
    ]

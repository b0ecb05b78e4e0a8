"""The register of approved social media sites in the admin (wagtail-modeladmin)."""

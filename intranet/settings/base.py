"""Settings shared by every environment.

Reads the environment once, through ``intranet.settings.env``. ``dev``, ``test`` and
``production`` import everything from here and change only what they must.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from .env import azure_storages, database_from_env, env_int, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "intranet",
    "core",
    "home",
    "policy",
    "forms_app",
    "home.apps.IntranetUsersAppConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # allauth's passkey list shows "added 3 days ago" (naturaltime).
    "django.contrib.humanize",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.microsoft",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "django_tasks_db",
    "crontask",
    "health_check",
]

MIDDLEWARE = [
    # First: /health/live/ answers without the database, the cache or a host-name check.
    "intranet.health.LivenessMiddleware",
    # Before everything else, sessions and authentication included: a cached public page skips
    # them, and what it stores carries every header the middleware below adds, so that the WSGI
    # application in front of Django (intranet.wsgi) can send it as it is (core.caching.page_cache).
    "core.caching.page_cache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # After the page cache, whose hits need no site; before anything else asks for it.
    "core.caching.site.CachedSiteMiddleware",
    "core.http.middleware.SiteContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.http.middleware.RefreshSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: it marks responses to signed-in people, and the 400 page of
    # the NUL check shows who is signed in.
    "core.http.middleware.SignedInNoStoreMiddleware",
    "core.http.middleware.RejectNulCharactersMiddleware",
    "core.http.middleware.PermissionsPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Before the sign-in views: the owner's unlocked browser is not held back by a guesser's failures.
    "home.accounts.unlock.UnlockedBrowserMiddleware",
    # After authentication and messages: sends admin roles to enrol or pass a second factor.
    "home.accounts.mfa.RequireSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns locked-out sign-ins into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "intranet.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "intranet.wsgi.application"

DATABASES = {"default": database_from_env(BASE_DIR)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's database search backend uses PostgreSQL full-text search only when
    # django.contrib.postgres is installed; on SQLite it uses FTS5 instead.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Who may sign in, and how: passwords, throttling, single sign-on and second factors.
from .sign_in import *  # noqa: E402, F403

# Staff are signed out after two hours without activity (shared classroom computers);
# drafts are saved on the server at every step, so nothing typed is lost. The session is
# renewed at most every SESSION_REFRESH_SECONDS (core.http.middleware.RefreshSessionMiddleware)
# rather than written on every request, so the idle time-out is two hours, give or take five minutes.
SESSION_COOKIE_AGE = 60 * 60 * 2
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 5 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Every cache key starts with this release's deploy key (core.caching.keys), so nothing cached
# by one release is read by the next. DEPLOY_ID (optional) names a release beyond its version
# and migrations, e.g. the commit a deployment installs.
DEPLOY_ID = env_str("DEPLOY_ID", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "core.caching.keys.make_key",
    }
}

# Anonymous visitors' public pages are kept in this cache (core.caching.page_cache) and dropped
# on every publish, unpublish, move or privacy change; the time-out bounds how long a page
# that shows today's date (a policy's review status) can stay. 0 switches the cache off.
PUBLIC_PAGE_CACHE = "default"
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 10 * 60)
# Every request's Wagtail Site and the trust settings are read from that cache too, until
# the site changes (core.caching.generations.cached_until_site_changes). Only where every process
# shares the cache: production turns it off without Redis.
SHARED_SITE_CACHE = True

# Strict on the site; report-only in the Wagtail admin (see core.http.middleware).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}

# Browser features the intranet does not use are switched off for every page (see
# core.http.middleware.PermissionsPolicyMiddleware). Passkeys (WebAuthn) stay allowed for
# the site itself.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "bluetooth": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# Page privacy ("private, accessible to logged-in users") sends visitors to the site's
# own sign-in page rather than the Wagtail admin's.
WAGTAIL_FRONTEND_LOGIN_URL = "/login/"
# Staff-only pages are protected by sign-in, never by a password shared around a staffroom.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en-gb", "British English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "collected-static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
# Behind nginx: the internal location from which nginx sends image files once the app has
# checked the path (X-Accel-Redirect), e.g. "/protected-media/". Empty: the app sends them.
MEDIA_ACCEL_REDIRECT_PREFIX = env_str("MEDIA_ACCEL_REDIRECT_PREFIX", "")

# Sealed approval records (signed PDFs) live outside MEDIA_ROOT, so no URL ever serves them
# directly: they are downloaded through a view that checks who is asking.
SEALED_RECORDS_ROOT = Path(env_str("SEALED_RECORDS_ROOT", str(BASE_DIR / "private" / "sealed-records")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "sealed_records": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": SEALED_RECORDS_ROOT, "base_url": "/no-public-url/", "file_permissions_mode": 0o600},
    },
}

# Shared storage for several app servers: media, sealed records and attachments on Azure Blob
# Storage (private containers; every file still served through the app's checks; see
# core.files.azure). Unset: the folders above, which several servers must then share.
_AZURE_STORAGE = env_str("AZURE_STORAGE_CONNECTION_STRING", "")
if _AZURE_STORAGE:
    STORAGES.update(
        azure_storages(
            _AZURE_STORAGE,
            media_container=env_str("AZURE_MEDIA_CONTAINER", "media"),
            private_container=env_str("AZURE_PRIVATE_CONTAINER", "private"),
        )
    )
    if MEDIA_ACCEL_REDIRECT_PREFIX:
        raise ImproperlyConfigured(
            "MEDIA_ACCEL_REDIRECT_PREFIX must be empty with AZURE_STORAGE_CONNECTION_STRING: "
            "nginx cannot send files kept in Azure, the app streams them."
        )

# Encrypts `manage.py backup` archives (a Fernet key). Keep it away from the backups, with
# MFA_SECRET_KEY: an archive cannot be restored without it.
BACKUP_ENCRYPTION_KEY = env_str("BACKUP_ENCRYPTION_KEY", "")

# The trust's certificate and key that seal approval records (PAdES signature). Either a
# PKCS#12 file and its passphrase, or a PEM key and certificate. Unset: records are not
# sealed (the approval goes through; `manage.py seal_records` seals them once it is set).
RECORD_SIGNING_PKCS12 = env_str("RECORD_SIGNING_PKCS12", "")
RECORD_SIGNING_PASSPHRASE = env_str("RECORD_SIGNING_PASSPHRASE", "")
RECORD_SIGNING_KEY = env_str("RECORD_SIGNING_KEY", "")
RECORD_SIGNING_CERT = env_str("RECORD_SIGNING_CERT", "")
# Development only: a folder where a self-signed demonstration certificate is made on first use.
RECORD_SIGNING_DEMO_DIR = None
# How long sealed records of closed sites are kept after closure (records management: closure + 6 years).
SEALED_RECORD_RETENTION_YEARS = env_int("SEALED_RECORD_RETENTION_YEARS", 6)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "School intranet")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Documents are served through Wagtail's serve view so page privacy and collection
# privacy apply to downloads too.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# New documents are private ("Staff only" collection) unless put in a public one; see core.files.documents.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.files.uploads.UploadedDocumentForm"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# A damaged image upload is a form error, not a server error (see core.files.uploads).
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.files.uploads.UploadedImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# Approvers are named per school by our own task type; Wagtail must not also email every
# superuser about every submission.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "intranet@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# Emails are queued in the database with the decision that causes them and sent by the
# worker (`manage.py db_worker`, started by `make run`; a service in production).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Two mailers (core.mail): the default one is the outbox, so every email sent the Django way
# (Wagtail's moderation emails, password resets, allauth's notices, mail_admins) becomes an
# OutgoingEmail row in the caller's transaction; the worker alone sends through the delivery
# mailer named by OUTBOX_DELIVERY_MAILER (here the console; SMTP in production, locmem in tests).
MAILERS = {
    "default": {"BACKEND": "core.mail.backends.OutboxBackend"},
    "delivery": {"BACKEND": "django.core.mail.backends.console.EmailBackend"},
}
OUTBOX_DELIVERY_MAILER = "delivery"
# `load_demo_content` creates accounts with a published password: never where this is false
# (production.py).
DEMO_CONTENT_ALLOWED = True

# The periodic jobs (intranet.tasks): `manage.py run_scheduler` enqueues each on its schedule
# (crontab syntax, Europe/London time, literal week days) and the task worker runs it. Every
# server may run a scheduler beside its worker: one holds the lease in the database
# (core.scheduling.lease) and the others wait, so each job runs once per trust.
SCHEDULED_JOBS = {
    # Pages and revisions scheduled by editors go live, or expire, within the minute.
    "publish_scheduled_pages": "* * * * *",
    # Reminders and escalation of approval steps waiting too long (site requests, then policies),
    # and the report to the trust of any waiting step nobody can decide.
    "approval_reminders": "30 6 * * Mon-Fri",
    "policy_approval_reminders": "35 6 * * Mon-Fri",
    "check_approval_steps": "40 6 * * Mon-Fri",
    # Closure reminders for the register of social media sites.
    "closure_reminders": "15 6 * * *",
    # Seal any approval record that could not be sealed at approval.
    "seal_records": "45 6 * * *",
    # Policy review reminders, and reminders to staff who have not acknowledged a policy.
    "policy_review_reminders": "0 7 * * Mon-Fri",
    "policy_acknowledgement_reminders": "30 7 * * Mon-Fri",
    # The retention report: sealed records past retention, listed in the worker's log (deletes nothing).
    "retention_report": "0 8 * * Mon",
    # Finished task-queue rows older than 30 days (the outbox keeps every email).
    "prune_task_results": "0 3 * * *",
}
# The scheduler's own one-minute heartbeat (django-crontask), which the health check reads.
CRONTASK = {"LOCK_REFRESH_INTERVAL": 5, "LOCK_TIMEOUT": 15}
# Wagtail marks its own preview views SAMEORIGIN; nothing else may be framed.
X_FRAME_OPTIONS = "DENY"

# No Gravatar: it would send a hash of each staff email address to a third party, and
# school networks often block it (the admin would show broken avatars).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

"""Production settings: every secret and address comes from the environment, no defaults.

Required: DJANGO_SECRET_KEY, MFA_SECRET_KEY, DJANGO_ALLOWED_HOSTS, WAGTAILADMIN_BASE_URL,
DATABASE_URL, EMAIL_HOST, DEFAULT_FROM_EMAIL. Optional: EMAIL_PORT (587), EMAIL_HOST_USER,
EMAIL_HOST_PASSWORD, EMAIL_USE_TLS (true), REDIS_URL, DJANGO_ADMINS; read in ``base``: TRUSTED_PROXY_COUNT
(0), MEDIA_ACCEL_REDIRECT_PREFIX (""), single sign-on (SSO_*) and PASSWORD_SIGN_IN
(README.md, "Signing in"). A missing required variable stops start-up with one sentence
naming it (see ``intranet.settings.env``).
"""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str, error_logging, shared_caches

DEBUG = False
# The demo accounts' password is published: `load_demo_content` refuses here (use `setup_trust`).
DEMO_CONTENT_ALLOWED = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
# Encrypts second-factor secrets in the database (home.accounts.mfa_adapter). Its own key, so a
# leaked database and a rotated DJANGO_SECRET_KEY do not decide what the secrets are worth.
MFA_SECRET_KEY = env_str("MFA_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL")
CSRF_TRUSTED_ORIGINS = [WAGTAILADMIN_BASE_URL]
env_str("DATABASE_URL")  # production never falls back to the SQLite file

# Two mailers. "default" is the outbox (from base.py): whatever the site sends, Django's,
# Wagtail's and allauth's emails included, is stored as an OutgoingEmail row with the change
# that caused it, never sent from a web request. "delivery" is the SMTP server: only the
# task worker (manage.py db_worker) uses it, and retries with back-off while it is down.
MAILERS = {
    "default": {"BACKEND": "core.mail.backends.OutboxBackend"},
    "delivery": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST"),
            "port": env_int("EMAIL_PORT", 587),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
            "timeout": 20,
        },
    },
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# WhiteNoise serves the collected, hashed static files straight from the app servers.
_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")  # noqa: F405
MIDDLEWARE.insert(_security + 1, "whitenoise.middleware.WhiteNoiseMiddleware")  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

# TLS is terminated in front of the app servers; trust the proxy's scheme header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# Load balancers may probe the app servers' health over plain HTTP (intranet/health.py).
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    # Several app servers behind a load balancer share one cache.
    # Redis down: pages are built from the database and sessions read from it, never a 500
    # (core.caching.redis.ResilientRedisCache).
    CACHES = shared_caches(REDIS_URL)
    # Sessions read from the shared cache, written through to the database. Only with a
    # shared cache: with one per process, a sign-out in one worker would leave the session
    # cached, and signed in, in the others.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Each process would keep its own copy of a page, and a publish would only clear the
    # copy of the process that handled it: without a shared cache, public pages are not
    # cached, nor are the Site and trust settings every request reads.
    PUBLIC_PAGE_CACHE_SECONDS = 0
    SHARED_SITE_CACHE = False

# Server errors and failed tasks are mailed to ADMINS through the outbox (core.mail.errors):
# "Name <address>" entries separated by commas. Unset: errors are only logged.
ADMINS = env_list("DJANGO_ADMINS", "")
LOGGING = error_logging()

# Optional error reports to Sentry (or a compatible service such as GlitchTip): set
# SENTRY_DSN. No personal data is sent (no addresses, cookies or signed-in user), only
# the error, its stack and the release (DEPLOY_ID).
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=DEPLOY_ID or None,  # noqa: F405
        send_default_pii=False,
        traces_sample_rate=0,
    )

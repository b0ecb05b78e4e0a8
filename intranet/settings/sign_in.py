"""Sign-in settings, imported by ``base``: passwords, throttling, single sign-on, second factors.

Kept apart from ``base`` because they are read together (what a trust's IT lead checks
before switching passwords off or trusting the identity provider's MFA) and change together.
Read the environment through ``intranet.settings.env``, like ``base``.
"""

from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_str
from .sso import sso_providers_from_env, sso_role_groups_from_env

AUTH_USER_MODEL = "home.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Passwords (refused when PASSWORD_SIGN_IN is off) and the sessions of single sign-on.
    "home.accounts.backends.SignInBackend",
    # Sessions signed in before the backend moved to home.accounts keep working (it signs nobody in).
    "home.auth_backends.SignInBackend",
]

# Sign-in throttling (OWASP ASVS 2.2.1). Failures are counted per username *and* address
# together, so one person's typos lock only that account from that address, never a
# whole school behind one shared internet address; allauth's limits (below) slow every
# address and every account. Each further lock-out of an account the same day lasts twice
# as long (15 minutes up to 2 hours), and the owner gets through with an emailed unlock
# link that unlocks their own browser only (home.accounts.unlock).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = "home.accounts.unlock.cool_off"
AXES_WHITELIST_CALLABLE = "home.accounts.unlock.axes_whitelist"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The address that throttling counts is the client's, read from X-Forwarded-For as written
# by the TRUSTED_PROXY_COUNT reverse proxies in front of the site (0: none, the header is
# ignored). Behind a TLS proxy REMOTE_ADDR is the proxy's, shared by everyone.
AXES_CLIENT_IP_CALLABLE = "core.http.client_address.client_ip_address"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more: the number of proxies in front of the site.")

LOGIN_URL = "login"
LOGOUT_REDIRECT_URL = "logged_out"

# Sign-in: django-allauth for passwords, single sign-on and second factors.
# Local password sign-in is for the demo and for trusts without single sign-on; production
# can switch it off with PASSWORD_SIGN_IN=false (both sign-in pages then offer only SSO).
PASSWORD_SIGN_IN = env_bool("PASSWORD_SIGN_IN", True)
ACCOUNT_ADAPTER = "home.accounts.sign_in_flow.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "home.accounts.sso.SchoolSocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*"]
# Accounts are made by a site administrator or on first single sign-on, never by sign-up.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = False
ACCOUNT_LOGOUT_REDIRECT_URL = "/signed-out/"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# A signed-in person sent to /login/ by a page they may not open sees why, not a redirect loop.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
# django-axes pauses a username after five wrong passwords (above); allauth's own limits sit
# above that for passwords and are what throttle second-factor codes (10 per user per 5 minutes).
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,10/5m/key"}
SOCIALACCOUNT_PROVIDERS = sso_providers_from_env()
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
# Roles above Staff come from a site administrator. A trust may map named groups from its
# identity provider's "groups" claim to roles: SSO_ROLE_GROUPS="idp-group=ICT Managers;...".
SSO_ROLE_GROUPS = sso_role_groups_from_env()
SSO_GROUPS_CLAIM = env_str("SSO_GROUPS_CLAIM", "groups")
# Whether a single sign-on counts as the second factor: "amr" (default) when the ID token's
# amr claim shows MFA, "always" when the identity provider enforces MFA for this app (e.g. an
# Entra Conditional Access policy), "never" to always ask for our own second factor.
SSO_TRUST_IDP_MFA = env_str("SSO_TRUST_IDP_MFA", "amr")
# An email address decides which single sign-on identity is linked to an account, so
# nobody changes their own: Wagtail's Account page shows it read-only, allauth's email
# pages lead to Account security, and a site administrator changes it in Settings → Users
# (written to the account's history with the old and new address).
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# With passwords switched off nobody changes or resets one from the admin either
# (Wagtail's password reset follows this setting); see home.accounts.passwords.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = PASSWORD_SIGN_IN

# Second factors (allauth.mfa). Required for every admin role and superusers (see home.accounts.mfa).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
# "Trust this browser": an unticked box beside the code or passkey; a trusted browser signs
# in with the password alone for Trust settings' "trust a browser for (days)" (0-90, default
# 30; 0 switches it off). Changing the password or an authenticator ends every trust
# (home.accounts.browser_trust). The cookie's own age is only the upper bound.
MFA_TRUST_ENABLED = True
MFA_TRUST_COOKIE_AGE = timedelta(days=90)
MFA_TOTP_ISSUER = env_str("WAGTAIL_SITE_NAME", "School intranet")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
# Encrypts TOTP secrets and recovery-code seeds in the database (home.accounts.mfa_adapter);
# replaces allauth's cache of used codes by one in the database, shared by every app server.
MFA_ADAPTER = "home.accounts.mfa_adapter.IntranetMFAAdapter"
# The key for those secrets. Development and tests derive one from SECRET_KEY; production
# requires its own (intranet.settings.production). Changing it makes every enrolled
# authenticator unreadable: people would have to enrol again.
MFA_SECRET_KEY = env_str("MFA_SECRET_KEY", "")
# Changing the account's security (second factors added or removed, password changed) emails
# the person, so someone who did not make the change finds out.
ACCOUNT_EMAIL_NOTIFICATIONS = True

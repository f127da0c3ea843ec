"""Settings for the Communities of Practice directory.

One module, driven by environment variables (see README "Configuration"). With nothing set it runs
for development on SQLite; with DEBUG=0 it refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from accounts.sso_settings import sso_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true; anything else false)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list of stripped, non-empty strings."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    # Development only: a fixed, obviously unsafe key so sessions survive restarts.
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key-do-not-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DEBUG=0 needs SECRET_KEY set to a random string of 50+ characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DEBUG=0 needs ALLOWED_HOSTS (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "bootstrap",
    "simple_history",
    "axes",
    "csp",
    # Django's task framework (the backport of Django 6's django.tasks) and its database backend.
    "django_tasks",
    "django_tasks_db",
    # djangosaml2 is deliberately not an installed app: Django imports every installed app's
    # template tags when the template engine starts (and in `manage.py check`), and djangosaml2's
    # import pysaml2, most of a second. Its templates are found through TEMPLATES["DIRS"] below;
    # it has no models, and nothing here uses its template tags.
    "communities",
    "accounts",
    "health",
]
if DEBUG:
    # Development and tests only: bench's seed_scale command bulk-writes fake data.
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for anonymous pages without a CSRF token only (BREACH; see its docstring and README).
    "cop_site.middleware.PublicGZipMiddleware",
    # noindex on everything but the public pages (communities/seo.py: INDEXABLE_VIEWS).
    "cop_site.middleware.RobotsTagMiddleware",
    # 400 for a NUL character in the path, query or form: it must never reach the database.
    "cop_site.middleware.RefuseNulMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A separate session cookie for SAML, sent on the IdP's cross-site POST to /saml2/acs/.
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After a session expired, log-in returns to the page a POST-only button was on (not a 405).
    "cop_site.middleware.PostOnlyReturnMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Must stay last: it turns the lockout signal into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cop_site.urls"
WSGI_APPLICATION = "cop_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [
            BASE_DIR / "templates",
            # djangosaml2's own pages (POST binding form, errors): see INSTALLED_APPS.
            Path(find_spec("djangosaml2").origin).parent / "templates",
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "communities.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # Re-check a persistent connection before use, so a database restart needs no app restart.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts and wait for it, so two simultaneous writes
    # (a double click) queue up instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on; each answers only when its protocol is enabled (accounts/sso_settings.py).
    "accounts.saml.SamlBackend",
    "accounts.oidc.OidcBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "communities:my_communities"
LOGOUT_REDIRECT_URL = "communities:directory"

# Login brute-force throttling (django-axes): lock a username+IP pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
# Per username *and* address: failures from one address never lock the same username out elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# How many reverse proxies in front of the site append to X-Forwarded-For (0: none, the header is
# ignored). Behind one TLS proxy every request comes from the proxy's address, so set it to 1 there
# or one person's failures would lock a username out for everyone (accounts/throttling.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# SAML / OIDC sign-ins have no password to guess: not counted, never locked (accounts/throttling.py).
AXES_WHITELIST_CALLABLE = "accounts.throttling.is_single_sign_on"

# Cache: rate-limit counters (see communities/ratelimit.py). Redis when REDIS_URL is set; else the
# database cache, which every worker process shares (run `manage.py createcachetable` once). LocMem
# would give each gunicorn worker its own counters and so multiply the limits.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cop",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cop_cache",
        }
    }

# Tasks (e-mail fan-out, scheduled jobs): queued in the database by default, so nothing beyond
# PostgreSQL or SQLite is needed; `manage.py db_worker` runs them (`make run` starts one). Set
# TASKS_BACKEND to another backend's path (e.g. django_tasks_rq.RQBackend, see the README) or to
# django_tasks.backends.immediate.ImmediateBackend to run every task inside the request.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":  # pip install django-tasks-rq
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}

# Per-user limits: action -> (how many, per how many seconds). Written down in the README.
RATE_LIMITS = {
    "propose": (5, 60 * 60),
    # The live "similar names" list on /propose/ asks once per pause in typing.
    "similar_names": (300, 60 * 60),
    "join": (20, 60 * 60),
    "rsvp": (60, 60 * 60),
    "email_members": (5, 24 * 60 * 60),
    # Addresses invited (each new address counts once a day; re-inviting the same one is free).
    "invite": (100, 24 * 60 * 60),
    "contact_leaders": (5, 60 * 60),
    "offer_to_lead": (5, 24 * 60 * 60),
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Denver")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Development (and tests) serve files straight from the apps; production serves collectstatic output.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Communities of Practice <cop@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Extra addresses told about new proposals, besides the users in the Coordinators group.
COORDINATOR_EMAILS = env_list("COORDINATOR_EMAILS")

# Community lifecycle (health app): days without a meeting before a community turns dormant, and
# how long a pulse link in an e-mail keeps working.
DORMANT_AFTER_DAYS = int(os.environ.get("DORMANT_AFTER_DAYS", "180"))
PULSE_TOKEN_MAX_AGE_DAYS = int(os.environ.get("PULSE_TOKEN_MAX_AGE_DAYS", "30"))

SITE_NAME = os.environ.get("SITE_NAME", "Communities of Practice")
# Absolute base used for links in e-mails, e.g. "https://cop.example.edu".
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Single sign-on (SAML 2.0 and OpenID Connect): SAML_*, OIDC_* and SSO_* variables, or a TOML file
# named by SSO_SETTINGS_FILE. See README "Signing in with the organisation's identity provider".
globals().update(sso_settings(os.environ, site_url=SITE_URL, site_name=SITE_NAME, debug=DEBUG))
SAML_CONFIG_LOADER = "accounts.saml.config_loader"
SAML_ACS_FAILURE_RESPONSE_FUNCTION = "accounts.saml.acs_failure"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_IGNORE_LOGOUT_ERRORS = True
# Browsers drop SameSite=None cookies without Secure, i.e. on plain-HTTP development servers.
SAML_SESSION_COOKIE_SAMESITE = os.environ.get(
    "SAML_SESSION_COOKIE_SAMESITE", "Lax" if DEBUG else "None"
)

# Security headers. Scripts only from our own origin: no inline scripts anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default config gives "django" its own console handler; one line per event is enough.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # axes logs every successful log-in at INFO; failures and lock-outs are WARNING.
        "axes": {"level": "WARNING"},
    },
}

# Leader tools: how many messages a community may send its members in 24 hours.
MEMBER_MESSAGES_PER_DAY = int(os.environ.get("MEMBER_MESSAGES_PER_DAY", "3"))
# How long an invitation link works after it was (last) sent; resending starts it again.
INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "14"))
# Whether an invited person without an account may make a site account (username and e-mail:
# the invited address) from the invitation page. Turn off where everyone signs in by SSO only.
INVITATION_SIGN_UP = env_bool("INVITATION_SIGN_UP", True)
# Those going to a meeting get a reminder this many hours before it starts (run_due_jobs sends
# it; 0 turns reminders off).
MEETING_REMINDER_HOURS = int(os.environ.get("MEETING_REMINDER_HOURS", "24"))

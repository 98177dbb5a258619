"""Settings for labourplan, read from the environment.

Development is the default so that a fresh checkout runs on SQLite with no configuration.
`DJANGO_ENV=production` switches on the hardening that `manage.py check --deploy` looks for
and makes the secret key and allowed hosts mandatory.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
import fontpkg_sarabun

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

PRODUCTION = env.str("DJANGO_ENV", default="development") == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)
if PRODUCTION:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="development-only-secret-key-not-for-production")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "labourplan.accounts",
    "labourplan.reference",
    "labourplan.dashboard",
    "labourplan.admin_site.LabourPlanAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "labourplan.plans",
    "labourplan.reports",
    "labourplan.evaluation",
    "labourplan.audit",
    "labourplan.annual",
    "labourplan.partners",
    "labourplan.notifications",
    "labourplan.opendata",
    "labourplan.demo",  # load_demo: the demonstration data of every app
    "labourplan.quality",
    "labourplan.jobs",  # long exports as background jobs, with progress
    "django_tasks",
    "labourplan.jobs.tasks_thai.TasksDatabaseThaiConfig",  # django-tasks-db: the queue in the database, `db_worker`
    "labourplan.accounts.axes_thai.AxesThaiConfig",  # django-axes, named in Thai
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",  # passkeys (WebAuthn) as a second factor
]

MIDDLEWARE = [
    "labourplan.lib.logs.RequestIdMiddleware",  # first: every log line of a request carries its id
    "labourplan.lib.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "labourplan.lib.middleware.ThaiFirstLocaleMiddleware",  # Thai unless English was chosen
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "labourplan.accounts.middleware.SessionLimitsMiddleware",  # idle timeout, absolute lifetime
    "django_otp.middleware.OTPMiddleware",  # the session's verified second factor
    "labourplan.accounts.middleware.TwoFactorMiddleware",  # no page before the second factor
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "labourplan.urls"
WSGI_APPLICATION = "labourplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "labourplan.accounts.context_processors.navigation",
            ],
            "builtins": ["labourplan.lib.templatetags.thai"],
        },
    },
]

# SQLite by default, PostgreSQL (or anything else) through DATABASE_URL.
SQLITE_PATH = BASE_DIR / "var" / "labourplan.sqlite3"
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests run on a real file too, not an in-memory database.
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_SQLITE_PATH", default=str(BASE_DIR / "var" / "test.sqlite3"))}
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA foreign_keys=ON;", "transaction_mode": "IMMEDIATE"}
# Connections are kept between requests in production (a new one per request costs a TCP and
# authentication round trip); 0 closes each at the end of its request, as development does.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60 if PRODUCTION else 0)
# A connection kept between requests is checked before its first use in a request: after a
# PostgreSQL restart the server answers again by itself (tests/test_faults.py).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "labourplan.accounts.backends.LockoutBackend",
    "labourplan.accounts.backends.RoleModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Argon2id with OWASP's parameters (accounts/hashers.py); the others verify hashes stored before.
PASSWORD_HASHERS = [
    "labourplan.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout after repeated failed sign-ins (django-axes): a user name from one address, for an hour,
# or until the centre unlocks it (admin: Users → "Unlock sign-in", or Access attempts → delete).
# Not the user name alone: anyone could then lock an officer out by typing wrong passwords.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# The client's address behind reverse proxies (lib/client.py), for the lockout and the audit trail
# alike: the number of proxies in front of the application that append to X-Forwarded-For
# (nginx alone: 1; a load balancer and nginx: 2). Without proxies, REMOTE_ADDR is the client.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=1 if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False) else 0)
AXES_CLIENT_IP_CALLABLE = "labourplan.lib.client.client_address"

# Google sign-in (OpenID Connect), off unless configured. The centre registers each officer's
# Gmail address on their account; sign-in matches on that verified address and never creates
# accounts by itself.
OIDC_ENABLED = env.bool("OIDC_ENABLED", default=False)
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str(
    "OIDC_OP_AUTHORIZATION_ENDPOINT", default="https://accounts.google.com/o/oauth2/v2/auth"
)
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="https://oauth2.googleapis.com/token")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="https://openidconnect.googleapis.com/v1/userinfo")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="https://www.googleapis.com/oauth2/v3/certs")
OIDC_CREATE_USER = False
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("labourplan.accounts.backends.GoogleOIDCBackend")

# Two-factor sign-in (django-otp: authenticator-app codes and single-use recovery codes). Central
# administrators and viewers reach no page before their second factor while TWO_FACTOR_REQUIRED is
# on (the default; `check --deploy` warns when production turns it off); the centre can require it
# of anyone (e.g. a province's approvers); anyone who set it up is always asked for it.
# Creating an API token needs a second factor given within TWO_FACTOR_RECENT_MINUTES.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
TWO_FACTOR_RECENT_MINUTES = env.int("TWO_FACTOR_RECENT_MINUTES", default=15)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="labourplan")

# Session limits (accounts/sessions.py): signed out after SESSION_IDLE_MINUTES without a request
# (pages warn SESSION_WARNING_SECONDS before, with "stay signed in"), and SESSION_ABSOLUTE_HOURS after signing
# in whatever the activity. The cookie does not outlive the absolute limit.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
SESSION_WARNING_SECONDS = env.int("SESSION_WARNING_SECONDS", default=120)  # the warning, before the idle limit
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600

# The partner register's data-subject rights (partners/rights.py): an entry nobody has confirmed
# (edited, or said still right) for PARTNER_REVIEW_AFTER_DAYS is flagged for review.
PARTNER_REVIEW_AFTER_DAYS = env.int("PARTNER_REVIEW_AFTER_DAYS", default=365)

# Retention (audit/retention.py, `manage.py prune_audit`): audit events and record history older
# than this are deleted, except from the start of the oldest fiscal year still being evaluated.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=5 * 365)

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Bangkok"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# Sarabun is served from the pinned fontpkg-sarabun package rather than a copy in the repository.
STATICFILES_DIRS = [PACKAGE_DIR / "static", ("fonts/sarabun", Path(fontpkg_sarabun.__file__).parent / "files")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# The caches (the national picture, each province's evaluation and dashboard piece, the rendered
# pages; keyed by the data stamps) are shared by every process through Redis when CACHE_URL says
# so, e.g. redis://127.0.0.1:6379/1; otherwise each process keeps its own in memory, which is
# enough for one server. 76 provinces' pieces, evaluations and page variants need more than
# Django's default 300 entries.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://labourplan")}
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = env.int("CACHE_MAX_ENTRIES", default=5000)
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="labourplan")

# Uploads are private (see lib/uploads.py): no MEDIA_URL, files are served by checking views.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))

# --- Shared private files (issue 18) ------------------------------------------------------------
# Evidence, signed approvals, minutes and the workbooks waiting between an import's preview and its
# confirmation go through STORAGES["private"], which every application server must share: by
# default MEDIA_ROOT/private (with several servers, a folder they all mount), or an S3-compatible
# object store (AWS S3, MinIO, Ceph RGW…) when PRIVATE_FILES_S3_BUCKET is set. Without a key pair
# boto3 finds its credentials itself (instance role, ~/.aws). The backup copies either.
PRIVATE_FILES_S3_BUCKET = env.str("PRIVATE_FILES_S3_BUCKET", default="")
if PRIVATE_FILES_S3_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PRIVATE_FILES_S3_BUCKET,
            "endpoint_url": env.str("PRIVATE_FILES_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("PRIVATE_FILES_S3_REGION", default="") or None,
            "access_key": env.str("PRIVATE_FILES_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("PRIVATE_FILES_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("PRIVATE_FILES_S3_PREFIX", default="private"),
            "addressing_style": env.str("PRIVATE_FILES_S3_ADDRESSING_STYLE", default="path"),
            "default_acl": None,  # the bucket's own (private); many S3-compatible stores refuse ACLs
            "querystring_auth": True,
            "file_overwrite": False,  # two uploads of the same name never replace each other
        },
    }
else:
    STORAGES["private"] = {"BACKEND": "labourplan.lib.uploads.SharedFolderStorage"}

# --- Background jobs (issue 18) -------------------------------------------------------------------
# The long exports (the national workbook and PDF, Form 3's national volume) and the notification
# outbox run in a worker process, `manage.py db_worker` (django-tasks, the reference implementation
# of Django's coming tasks API): TASKS_BACKEND=database queues them in the database, where any
# worker takes them and where they outlive a restart of the application servers. "immediate" runs
# each at once inside the request that asked for it: for tests and a quick look only.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
    }
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@labourplan.localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# LINE (Messaging API of the ministry's Official Account): off without an access token.
LINE_API_BASE_URL = env.str("LINE_API_BASE_URL", default="https://api.line.me")
LINE_CHANNEL_ACCESS_TOKEN = env.str("LINE_CHANNEL_ACCESS_TOKEN", default="")
LINE_CHANNEL_SECRET = env.str("LINE_CHANNEL_SECRET", default="")
# The Official Account's add-friend link (https://line.me/R/ti/p/@…), drawn as a QR code on the profile page.
LINE_ADD_FRIEND_URL = env.str("LINE_ADD_FRIEND_URL", default="")
# The address people reach the product at: links in e-mails and other notifications start with it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Passkeys (WebAuthn, django-otp-webauthn): a second factor beside the authenticator app, never a
# sign-in without the password. The relying party is the site's host name (WebAuthn takes no IP
# address: 127.0.0.1 becomes localhost for development) and the accepted origin is SITE_URL's.
_site = urlsplit(SITE_URL)
_site_host = "localhost" if _site.hostname in (None, "127.0.0.1", "::1") else _site.hostname
_site_origin = f"{_site.scheme}://{_site_host}" + (f":{_site.port}" if _site.port else "")
OTP_WEBAUTHN_RP_ID = env.str("WEBAUTHN_RP_ID", default=_site_host)
OTP_WEBAUTHN_RP_NAME = env.str("WEBAUTHN_RP_NAME", default="labourplan")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list("WEBAUTHN_ALLOWED_ORIGINS", default=[_site_origin])
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = "labourplan.passkeys"

# Hardening. Production turns it all on; each piece can be tuned from the environment.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # the pages read the token from their forms, never from the cookie
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Request bodies and uploads: evidence files are at most 10 MB (lib/uploads.py), imports 5 MB.
# A request announcing a larger body is refused (413) before it is read (lib/middleware.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=11 * 1024 * 1024)

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere. Swagger UI's
# icons are data: images; WeasyPrint does not go through here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "labourplan.lib.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "labourplan.lib.api.AutoSchema",
    "SCHEMA_COERCE_PATH_PK": False,  # the schema says {pk} as the URLs do
    # A personal token for programs; the session (with its CSRF check) for the pages' own calls.
    # The token comes first so that an anonymous call answers 401 with WWW-Authenticate: Token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "labourplan.accounts.authentication.ApiTokenAuthentication",
        "labourplan.accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "labourplan.lib.pagination.Pagination",
    "PAGE_SIZE": 100,
}

# Open data (/open/, /api/open/): how long a proxy and the server keep the public answers, and
# how many API requests one client address may make (DRF's rate syntax: "120/minute").
OPEN_DATA_MAX_AGE = env.int("OPEN_DATA_MAX_AGE", default=300)
OPEN_DATA_CACHE_SECONDS = env.int("OPEN_DATA_CACHE_SECONDS", default=15 * 60)
OPEN_DATA_RATE = env.str("OPEN_DATA_RATE", default="120/minute")

# The OpenAPI schema at /api/schema/, Swagger UI at /api/docs/ (served from the sidecar package:
# no CDN, and the page's script is a file of its own so that the CSP needs no inline script).
SPECTACULAR_SETTINGS = {
    "TITLE": "labourplan API",
    "DESCRIPTION": (
        "Provincial action plans against forced labour and labour trafficking (Form 1) and their "
        "monthly reports (Form 2), and the KPI evaluation. Authenticate with a personal API token "
        "(`Authorization: Token <token>`, created on your profile page or by POST /api/tokens/ from a "
        "signed-in browser session) or, from the pages, the session. "
        "Every error answers `{code, message, errors}`; messages are in Thai unless "
        "`Accept-Language: en` is sent."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"ConditionKindEnum": "labourplan.evaluation.models.ConditionKind"},
    "SCHEMA_PATH_PREFIX": "/api/",
}

# --- Logs and error reports (issue 18) ------------------------------------------------------------
# Application logs go to standard error (journald or the container's log): as text in development,
# one JSON object a line in production (LOG_FORMAT=json|text), with the request's id
# (lib/logs.py). gunicorn's access log is in gunicorn.conf.py.
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "labourplan.lib.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every step at INFO.
    # django-axes narrates every sign-in at INFO (the audit trail records them).
    # Django's own records through the same handler (its default one would print them again, as text).
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Errors reported to Sentry (or a self-hosted GlitchTip, which speaks the same protocol), off
# unless SENTRY_DSN is set. No personal data leaves: no cookies, addresses, user names, nor the
# values of local variables (officers' figures and names would be among them).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production" if PRODUCTION else "development"),
        send_default_pii=False,
        include_local_variables=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

"""The app factory: configuration, extensions, blueprints and the ``outcomes`` commands.

Imported when an app is built (a request server, a command that runs, a test), never by
``outcomes --help``: see ``web/__init__.py``.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, g, send_from_directory
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from outcomes.config import PER_PROCESS_STORE, PROJECT_ROOT, Settings
from outcomes.places.identity import moved_notice
from web import database, errors, navigation, requestlog
from web.command_index import COMMANDS, load_command
from web.extensions import csrf, limiter, login_manager
from web.reports import cache as report_cache

ASSETS = PROJECT_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    settings = Settings.from_environment()
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=settings.secret_key,
        DATABASE_URL=settings.database_url,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=8 * 60 * 60,
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        SIGN_IN_FAILURE_DELAY=settings.sign_in_failure_delay,
        SIGN_IN_MAX_FAILURES=settings.sign_in_max_failures,
        SIGN_IN_LOCKOUT_MINUTES=settings.sign_in_lockout_minutes,
        DISCLOSURE_THRESHOLD=settings.disclosure_threshold,
        RATELIMIT_STORAGE_URI=settings.ratelimit_storage_uri,
        RATELIMIT_API=settings.ratelimit_api,
        RATELIMIT_SIGN_IN=settings.ratelimit_sign_in,
        RATELIMIT_HEADERS_ENABLED=True,
        REPORT_CACHE_URL=settings.report_cache_url,
        STATEMENT_TIMEOUT=settings.statement_timeout,
        OPERATOR_NAME=settings.operator_name,
        CONTACT_EMAIL=settings.contact_email,
        PRIVACY_EMAIL=settings.privacy_email,
        RETENTION=settings.retention,
    )
    if test_config:
        app.config.update(test_config)

    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("web"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["moved_notice"] = moved_notice
    WTFormsHelpers(app)

    database.init_app(app, app.config.get("SESSION_FACTORY"))
    requestlog.init_app(app)
    errors.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    report_cache.init_app(app)
    login_manager.init_app(app)
    _configure_logging(app)
    if settings.production and app.config["RATELIMIT_STORAGE_URI"].startswith(PER_PROCESS_STORE):
        # gunicorn.conf.py refuses this with several workers; say it loudly in any case.
        app.logger.warning(
            "Rate limits are counted in this process only (%s): with more than one worker "
            "or app server each allows the full limit. Set OUTCOMES_RATELIMIT_STORAGE_URI to "
            "a shared store such as redis://host:6379.",
            app.config["RATELIMIT_STORAGE_URI"],
        )
    for name in COMMANDS:
        app.cli.add_command(load_command(name), name)

    from web.about import bp as about_bp
    from web.admin.views import bp as admin_bp
    from web.api.routes import bp as api_bp
    from web.auth.views import bp as auth_bp
    from web.exports.views import bp as exports_bp
    from web.frameworks.views import bp as frameworks_bp
    from web.health import bp as health_bp
    from web.home import bp as home_bp
    from web.imports.views import bp as imports_bp
    from web.national.views import bp as national_bp
    from web.places.views import bp as places_bp
    from web.reports.views import bp as reports_bp
    from web.reviews.routes import bp as reviews_bp
    from web.reviews.search import bp as search_bp

    for blueprint in (
        home_bp,
        auth_bp,
        places_bp,
        reviews_bp,
        search_bp,
        frameworks_bp,
        reports_bp,
        exports_bp,
        admin_bp,
        health_bp,
        imports_bp,
        api_bp,
        about_bp,
        national_bp,
    ):
        app.register_blueprint(blueprint)

    @app.route("/assets/<path:filename>")
    def assets(filename: str):  # type: ignore[no-untyped-def]
        return send_from_directory(ASSETS / "assets", filename, max_age=3600)

    @app.route("/assets/govuk-frontend.min.<ext>")
    def frontend_bundle(ext: str):  # type: ignore[no-untyped-def]
        return send_from_directory(ASSETS, f"govuk-frontend.min.{ext}", max_age=3600)

    @app.context_processor
    def layout_context() -> dict[str, Any]:
        return {**navigation.layout_context(), "cspNonce": g.get("csp_nonce")}

    return app


def _configure_logging(app: Flask) -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s"
        )
    app.logger.setLevel(logging.INFO)

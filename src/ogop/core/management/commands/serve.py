"""`ogop serve`: the platform under its production server, static files served by the app."""

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "Serve the platform with the production server (gunicorn, threaded workers). Settings "
        "come from the environment: DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, OGOP_HTTPS …"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("OGOP_BIND", "127.0.0.1:8000"),
            help="address:port or unix:PATH to listen on (default 127.0.0.1:8000, or OGOP_BIND)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", 2)),
            help="worker processes (default 2, or WEB_CONCURRENCY)",
        )
        parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
        parser.add_argument(
            "--timeout", type=int, default=60, help="seconds before a stuck worker is restarted"
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="apply database migrations before serving",
        )
        parser.add_argument(
            "--collectstatic",
            action="store_true",
            help="collect and compress the static files first (after an install or upgrade)",
        )
        parser.add_argument(
            "--access-log", action="store_true", help="log every request to standard output"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.OGOP_SECRET_KEY_GENERATED:
            # A key made by this machine would sign its sessions alone: everyone served by
            # another server, or by this one after its folder is renewed, would be signed out.
            raise CommandError(
                _(
                    "SECRET_KEY is not set. The production server needs the installation's "
                    "secret key in the environment, the same on every server: set SECRET_KEY "
                    '(make one with: python3 -c "import secrets; '
                    'print(secrets.token_urlsafe(50))"). To try the platform on this machine '
                    "alone, `make run` serves the demo with a key kept in OGOP_DATA_DIR."
                )
            )
        from django.core.servers.basehttp import get_internal_wsgi_application
        from gunicorn.app.base import BaseApplication

        # The application settings.WSGI_APPLICATION names, as Django's own runserver loads it.
        application = get_internal_wsgi_application()

        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=1)
        if options["collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)

        config = {
            "bind": options["bind"],
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread",
            "timeout": options["timeout"],
            "graceful_timeout": 30,
            # A worker is replaced after this many requests, so that memory cannot creep.
            "max_requests": 2000,
            "max_requests_jitter": 200,
            "accesslog": "-" if options["access_log"] else None,
            # The request's id (core.request_ids) ends each line, as in the platform's log.
            "access_log_format": '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" '
            "%(L)ss [%({x-request-id}o)s]",
            "errorlog": "-",
            "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        }

        class Server(BaseApplication):
            def load_config(self) -> None:
                for key, value in config.items():
                    if value is not None:
                        self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        Server().run()

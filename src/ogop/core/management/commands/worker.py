"""`ogop worker`: runs the background tasks (imports …) queued in the database.

It wraps the database backend's own worker (django-tasks-db's db_worker). Run one or more
beside the web servers, on any machine that reaches the database; each takes one task at a
time. SIGTERM or Ctrl+C lets the running task end first; a second one stops it at once, and
its job's writes, made in one transaction, are then never committed.
"""

import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from ogop.core.health import HEARTBEAT_SECONDS, worker_heartbeat
from ogop.core.jobs import jobs_fail_stale


def _beat(stop: threading.Event) -> None:
    """The worker's heartbeat, for the servers' health check, until the worker stops."""
    while not stop.wait(HEARTBEAT_SECONDS):
        worker_heartbeat()


class Command(BaseCommand):
    help = "Run the background worker: it runs the tasks (imports …) queued in the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds to wait between two looks for a new task when none is queued",
        )
        parser.add_argument(
            "--batch", action="store_true", help="run the tasks queued now, then stop"
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="stop after running this many tasks"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if failed := jobs_fail_stale():
            self.stderr.write(f"{failed} job(s) whose worker had stopped are marked failed.")
        worker_heartbeat()
        stop = threading.Event()
        threading.Thread(target=_beat, args=(stop,), name="heartbeat", daemon=True).start()
        try:
            call_command(
                "db_worker",
                interval=options["interval"],
                batch=options["batch"],
                max_tasks=options["max_tasks"],
                reload=False,
                startup_delay=False,
                verbosity=options["verbosity"],
            )
        finally:
            stop.set()

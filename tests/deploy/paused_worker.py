"""`ogop worker` on a third machine, run until its queue is empty, that stops once halfway
through checking an import's rows: it makes the file named first, and goes on when the file
named second appears. So a test can look at the other servers while the job is known to be
halfway, whatever the machine's speed.

    python paused_worker.py HALFWAY GO_ON   (with the servers' environment)
"""

import os
import sys
import time
from pathlib import Path


def main() -> None:
    halfway, go_on = Path(sys.argv[1]), Path(sys.argv[2])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogop.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from ogop.core import jobs
    from ogop.core.models import Job

    tick = jobs.JobProgress.tick

    def tick_and_wait_halfway(self: jobs.JobProgress, *, force: bool = False) -> None:
        tick(self, force=force)
        job = self.job
        if job.phase == Job.Phase.CHECKING and job.total and job.checked == job.total // 2:
            halfway.touch()
            while not go_on.exists():
                time.sleep(0.05)

    jobs.JobProgress.tick = tick_and_wait_halfway  # type: ignore[method-assign]
    call_command("worker", batch=True, interval=0, verbosity=0)


if __name__ == "__main__":
    main()

"""The worker loop behind `gongkai worker`: enqueue what the schedule says is due, run every ready task
(django-tasks-db's own worker, in batch mode), sleep, repeat.

One worker process per installation (it is the search index's only writer): a task still marked RUNNING
when a worker starts was left by a worker that died, and is run again at once."""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import close_old_connections
from django_tasks_db.compat import TaskResultStatus, task_finished
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from gongkai.jobs import retry, schedule

logger = logging.getLogger("gongkai.jobs")


def recover_orphans() -> int:
    """Tasks left RUNNING by a dead worker: recorded as failed and enqueued again at once."""
    n = 0
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        result.set_failed(RuntimeError("worker stopped while the task was running"))
        try:
            task = result.task
        except Exception:  # a task whose code is gone stays a dead letter
            logger.warning("任务 %s 的程序已不存在，不再执行", result.task_path)
            continue
        kwargs = result.args_kwargs["kwargs"]
        retry.enqueue_retry(task, result.args_kwargs["args"], kwargs, delay=timedelta(0))
        n += 1
    return n


def run_ready(worker_id: str | None = None) -> None:
    """Run every task that is ready now, in this process, then return."""
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id or f"{socket.gethostname()}-{os.getpid()}",
        excluded_queue_names=[],
    ).run()


def run(*, once: bool, poll: float, report: Callable[[Any], None]) -> None:
    """``once``: every periodic task now, everything ready, then return (for cron and tests)."""

    def finished(sender: Any, task_result: Any, **_: Any) -> None:
        report(task_result)

    task_finished.connect(finished, dispatch_uid="gongkai.jobs.runner.report")
    worker_id = f"{socket.gethostname()}-{os.getpid()}"
    try:
        recover_orphans()
        while True:
            close_old_connections()
            schedule.enqueue_due(force=once)
            run_ready(worker_id)
            if once:
                return
            time.sleep(poll)
    finally:
        task_finished.disconnect(dispatch_uid="gongkai.jobs.runner.report")

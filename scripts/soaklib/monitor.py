"""Polls the chain height (for win times) and every stakepoold's LastJobId (for job application times)."""
import subprocess
import time


class Monitor:
    def __init__(self, soak):
        self.stack = soak.stack
        self.timeline = soak.timeline
        self.ledger = soak.ledger
        self.last_height_check = 0.0

    def step(self):
        now = time.time()
        if now - self.last_height_check >= 0.5:
            self.last_height_check = now
            try:
                self.timeline.saw_height(self.stack.simctl("simstatus")["height"], now)
            except (RuntimeError, ValueError, subprocess.TimeoutExpired):
                pass
        rows = self.stack.sql("SELECT NodeName, LastJobId FROM StakepooldNode UNION ALL "
                              "SELECT '', COALESCE(MAX(JobId), 0) FROM StakepooldJob")
        if rows is not None:
            self.ledger.jobs_observed(rows, time.time())

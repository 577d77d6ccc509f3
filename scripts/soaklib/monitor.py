"""Polls the chain height (for win times) and every stakepoold's LastJobId (for job application times)."""
import subprocess
import time

from .timeline import MACHINE_STALL


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


STALL_S = 0.5               # the soak's own 50 ms sleep woke this much late: the machine stalled


class StallDetector:
    """Measures how late a 50 ms sleep of the soak's own thread wakes up. On a shared, overloaded machine
    every process (pool, stakepoold, simulator, this driver) can be starved at once; such a stall is
    put on the timeline so a miss inside it is reported as the machine's, not the pool's."""

    def __init__(self, soak):
        self.timeline = soak.timeline
        self.worst = 0.0

    def step(self):
        before = time.monotonic()
        wall = time.time()
        time.sleep(0.05)
        late = time.monotonic() - before - 0.05
        self.worst = max(self.worst, late)
        if late >= STALL_S:
            self.timeline.add(MACHINE_STALL, wall, wall + 0.05 + late)

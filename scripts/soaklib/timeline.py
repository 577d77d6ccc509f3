"""Fault windows and block times, shared by every thread of the soak."""
import re
import threading
import time

DB_RESTART = "mariadb restart"
MACHINE_STALL = "machine stall"


def log_time(line):
    """The time stamp of a pool/stakepoold line (2026-11-25 23:57:18.087) or an nginx one (2026/11/25 23:57:18)."""
    match = re.match(r"(\d{4})[-/](\d\d)[-/](\d\d) (\d\d):(\d\d):(\d\d)(\.\d+)?", line)
    if not match:
        return None
    fields = [int(x) for x in match.groups()[:6]]
    return time.mktime(tuple(fields) + (0, 0, -1)) + float(match.group(7) or 0)


class Timeline:
    def __init__(self):
        self.lock = threading.Lock()
        self.windows = []       # [name, start, end or None while open]
        self.heights = {}       # block height -> first time seen

    def open(self, name):
        with self.lock:
            window = [name, time.time(), None]
            self.windows.append(window)
            return window

    def add(self, name, start, end):
        with self.lock:
            self.windows.append([name, start, end])

    def close(self, window, grace=0.0):
        with self.lock:
            window[2] = time.time() + grace

    def names_at(self, t, margin=0.0):
        with self.lock:
            return [w[0] for w in self.windows
                    if w[1] - margin <= t <= (w[2] if w[2] is not None else float("inf")) + margin]

    def in_db_restart(self, t):
        return DB_RESTART in self.names_at(t)

    def overlaps(self, name_prefix, start, end):
        with self.lock:
            return any(w[0].startswith(name_prefix) and w[1] <= end and start <= (w[2] or float("inf"))
                       for w in self.windows)

    def saw_height(self, height, t):
        with self.lock:
            self.heights.setdefault(height, t)

    def time_of_height(self, height):
        with self.lock:
            return self.heights.get(height)

"""The faults, injected at fixed fractions of the run; each one opens a window on the timeline."""
import json
import os
import signal
import subprocess
import threading
import time

from .timeline import DB_RESTART

DB_GRACE_S = 2.0            # the MariaDB window ends this long after the server answers again
EPOLL_WAIT_SYSCALLS = ("232", "281", "441")  # x86_64 epoll_wait, epoll_pwait, epoll_pwait2


class Faults:
    def __init__(self, soak):
        self.soak = soak
        self.stack = soak.stack
        self.timeline = soak.timeline
        self.ledger = soak.ledger

    def plan(self):
        wallet_down = max(3.0, min(15.0, 0.08 * self.soak.duration))
        return [
            (0.08, "scale up to 6 workers", lambda: self.stack.poolctl("scale", 6)),
            (0.15, "worker killed", self.kill_worker),
            (0.22, "wallet1 down and back", lambda: self.wallet_down(1, wallet_down)),
            (0.38, DB_RESTART, self.restart_mariadb),
            (0.52, "stakepoold-2 restart", lambda: self.restart_stakepoold(2)),
            (0.62, "HUP reload", lambda: self.stack.poolctl("reload")),
            (0.72, "scale down to 2 workers", lambda: self.stack.poolctl("scale", 2)),
            (0.80, "worker killed", self.kill_worker),
            (0.86, "scale back to 3 workers", lambda: self.stack.poolctl("scale", 3)),
        ]

    def start(self):
        thread = threading.Thread(target=self.run, name="faults", daemon=True)
        thread.start()
        return thread

    def run(self):
        for fraction, name, action in self.plan():
            if self.soak.stop.wait(max(0.0, self.soak.started + fraction * self.soak.duration - time.time())):
                return
            at = time.time() - self.soak.started
            window = self.timeline.open(name)
            try:
                detail = action()
                line = f"{at:6.1f} s  {name}" + (f": {detail}" if isinstance(detail, str) and "\n" not in detail else "")
            except Exception as error:
                line = f"{at:6.1f} s  {name}: FAILED ({error})"
                self.ledger.problem(f"fault {name}: {error}")
            finally:
                # The MariaDB window stays open until the pool has had time to reconnect.
                self.timeline.close(window, grace=DB_GRACE_S if name == DB_RESTART else 1.0)
            with self.ledger.lock:
                self.ledger.faults_done.append(line)

    def kill_worker(self):
        """SIGKILL to a worker that holds no request: the scoreboard's "Idle" lags the worker by a pipe
        write, so the worker is stopped first and killed only when it was stopped waiting in epoll_wait
        (between requests); a request in flight on a killed worker is lost by any server."""
        for _ in range(50):
            workers = json.loads(self.stack.poolctl("status", "--json"))["workers"]
            idle = [w["pid"] for w in workers if w["state"] == "Idle"]
            if not idle:
                time.sleep(0.1)
                continue
            pid = self.soak.random.choice(idle)
            os.kill(pid, signal.SIGSTOP)
            try:
                for _ in range(100):
                    with open(f"/proc/{pid}/stat") as f:
                        if f.read().rsplit(")", 1)[1].split()[0] in ("T", "t"):
                            break
                    time.sleep(0.01)
                with open(f"/proc/{pid}/syscall") as f:
                    syscall = f.read().split()[0]
            except FileNotFoundError:
                continue
            if syscall in EPOLL_WAIT_SYSCALLS:
                os.kill(pid, signal.SIGKILL)
                return f"SIGKILL to worker {pid} (stopped first: it was waiting in epoll_wait)"
            os.kill(pid, signal.SIGCONT)
            time.sleep(0.05)
        raise RuntimeError("no worker was found waiting between requests in 50 tries")

    def wallet_down(self, index, seconds):
        self.stack.simctl("simfault", json.dumps(f"wallet{index}"), json.dumps("down"), "true")
        self.soak.stop.wait(seconds)
        self.stack.simctl("simfault", json.dumps(f"wallet{index}"), json.dumps("down"), "false")
        return f"{seconds:.0f} s down"

    def restart_mariadb(self):
        env = dict(os.environ, DB_DIR=f"{self.stack.run_dir}/db", DB_SOCKET=self.stack.db_socket)
        start = time.time()
        db = f"{self.stack.root}/scripts/db"
        subprocess.run([db, "stop"], env=env, capture_output=True, check=True, timeout=60)
        subprocess.run([db, "start", "--config", f"{self.stack.demo_dir}/db.conf"], env=env,
                       capture_output=True, check=True, timeout=120)
        return f"down and up again in {time.time() - start:.1f} s"

    def restart_stakepoold(self, n):
        """TERM, then the same command line scripts/demo used; back when it publishes a fresh heartbeat."""
        pid_file = f"{self.stack.demo_dir}/stakepoold-{n}.pid"
        with open(pid_file) as f:
            pid = int(f.read().strip())
        os.kill(pid, signal.SIGTERM)
        for _ in range(200):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            raise RuntimeError(f"stakepoold-{n} (pid {pid}) did not stop within 10 s")
        with open(f"{self.stack.demo_dir}/logs/stakepoold-{n}.out", "a") as out:
            process = subprocess.Popen([f"{self.stack.bin}/stakepoold", "-C", f"{self.stack.demo_dir}/stakepoold-{n}.conf"],
                                       stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True)
        with open(pid_file, "w") as f:
            f.write(f"{process.pid}\n")
        started = time.time() * 1000
        for _ in range(300):
            rows = self.stack.sql(f"SELECT Heartbeat FROM StakepooldNode WHERE NodeName = 'demo-{n}'")
            if rows and int(rows[0][0]) > started:
                return f"pid {pid} stopped, pid {process.pid} publishing again"
            time.sleep(0.1)
        raise RuntimeError(f"stakepoold-{n} (pid {process.pid}) published no heartbeat within 30 s")

"""The running demo stack as the soak sees it: its demo.env, MySQL, and the simulator's and pool's ctl."""
import json
import os
import shlex
import subprocess


def read_env(path):
    values = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                parts = shlex.split(value)
                values[key] = parts[0] if len(parts) == 1 else " ".join(parts)
    return values


class Stack:
    def __init__(self, env_path):
        self.env = read_env(env_path)
        self.base = self.env["POOL_URL"]
        self.bin = self.env["BIN"]
        self.demo_dir = self.env["DEMO_DIR"]
        self.db_socket = self.env["DB_SOCKET"]
        self.db_name = self.env["DB_NAME"]
        self.run_dir = os.path.dirname(self.demo_dir)
        self.root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        self.pool_log = f"{self.demo_dir}/logs/simnet/exccstakepool.log"

    def sql(self, statement):
        """Rows of tab-separated columns, or None while MariaDB does not answer."""
        try:
            out = subprocess.run(["mariadb", "--no-defaults", f"--socket={self.db_socket}", "-uroot", "-N", "-B",
                                  "-e", statement, self.db_name], capture_output=True, text=True, timeout=20)
        except subprocess.TimeoutExpired:
            return None
        if out.returncode != 0:
            return None
        return [line.split("\t") for line in out.stdout.splitlines()]

    def simctl(self, *args):
        command = [f"{self.bin}/excc-simnet", "ctl", "--datadir", f"{self.demo_dir}/sim"] + [str(a) for a in args]
        out = subprocess.run(command, capture_output=True, text=True, timeout=30)
        if out.returncode != 0:
            raise RuntimeError(f"excc-simnet ctl {' '.join(map(str, args))}: {out.stderr.strip() or out.stdout.strip()}")
        return json.loads(out.stdout) if out.stdout.strip() else None

    def poolctl(self, *args):
        command = [f"{self.bin}/fcgi-pool", "ctl", "--socket", self.env["POOL_CONTROL_SOCKET"]] + [str(a) for a in args]
        out = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            raise RuntimeError(f"fcgi-pool ctl {' '.join(map(str, args))}: {out.stdout.strip()} {out.stderr.strip()}")
        return out.stdout

    def log_files(self):
        files = [self.pool_log, f"{self.demo_dir}/nginx/logs/error.log", f"{self.demo_dir}/logs/fcgi-pool.out"]
        for n in range(1, 4):
            files += [f"{self.demo_dir}/logs/stakepoold-{n}/simnet/stakepoold.log", f"{self.demo_dir}/logs/stakepoold-{n}.out"]
        return [f for f in files if os.path.exists(f)]

"""The soak's checks after the run (misses, late jobs, log errors, lost rows, recovery) and its report,
ending with the RESULT line. `print()` returns the exit status: 0 when every goal held."""
import json
import os
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from .ledger import UNKNOWN
from .timeline import DB_RESTART, MACHINE_STALL, log_time

LATE_AFTER_S = 5.0          # a job applied later than this by a running node is late
WHITELIST_MARGIN_S = 3.0    # a low-fee ticket counts as approved when added at least this long before it won
LOG_MARGIN_S = 5.0          # log errors this close to a fault window belong to it
LOG_ERROR = re.compile(r"\[(ERR|CRT)\]|\[(error|crit|alert|emerg)\]|Fatal error|panic")


def say(text=""):
    print(text, flush=True)


def pool_votes(status):
    """Votes of every source but the simulator's own ("auto"): the pool's wallets."""
    return sum(v for k, v in status.get("votes", {}).items() if k != "auto")


class Report:
    def __init__(self, soak):
        self.soak = soak
        self.stack = soak.stack
        self.timeline = soak.timeline
        self.ledger = soak.ledger
        self.recorder = soak.recorder

    def print(self):
        served, failures = self.recorder.served, list(self.recorder.failures)
        start, end = self.soak.start_status, self.soak.end_status
        say()
        say("==> soak results")
        say(f"    requests served: {served}  ({', '.join(f'{k} {v}' for k, v in sorted(self.recorder.by_kind.items()))})")
        outside = self.print_failures(failures)
        say("    faults injected:")
        for line in self.ledger.faults_done:
            say("      " + line)

        votes = pool_votes(end) - pool_votes(start)
        say(f"    votes cast by the pool's wallets: {votes} (blocks {start['height']}..{end['height']})")
        pool_misses, lowfee, stalls, stall_misses = self.misses()
        kinds = list(self.ledger.tickets.values())
        say(f"    misses caused by the pool: {pool_misses} (tickets bought: {kinds.count('fee')} fee-paying, "
            f"{kinds.count('lowfee')} low-fee)")
        say(f"    low-fee tickets: {lowfee}")
        say(f"    machine stalls: {stalls}")

        late, explained, jobs = self.late_jobs()
        say(f"    jobs applied late (> {LATE_AFTER_S:g} s on a running node): {late} of {jobs} "
            f"({explained} delayed by an injected MariaDB/stakepoold restart)")

        log_errors, log_outside, first = self.log_errors()
        say(f"    errors in logs: {log_errors} ({log_outside} outside the fault windows ± {LOG_MARGIN_S:g} s)")
        for line in first:
            say("      " + line[:220])

        state, not_back = self.recovered()
        say("    after the faults: " + "; ".join(state))

        lost, details = self.lost_rows()
        ledger = self.ledger
        say(f"    lost rows: {lost} (users signed up {list(ledger.signups.values()).count('ok')}, "
            f"verified {list(ledger.verified.values()).count('ok')}, "
            f"low-fee changes {sum(len(a) for a in ledger.lowfee_actions.values())})")
        for line in details[:10]:
            say("      " + line)
        if ledger.problems:
            say(f"    problems of the soak itself: {len(ledger.problems)}")
            for line in ledger.problems[:5]:
                say("      " + line[:220])

        broken = [text for failed, text in [
            (served == 0, "no request was served"),
            (outside > 0, f"{outside} requests failed outside the MariaDB restart window"),
            (votes <= 0, "the pool cast no vote"),
            (pool_misses != 0, f"{pool_misses} pool-caused misses"),
            (late > 0, f"{late} jobs applied late"),
            (lost > 0, f"{lost} lost rows"),
            (bool(ledger.problems), f"{len(ledger.problems)} problems of the soak itself"),
        ] if failed] + not_back
        say()
        say("goals: " + ("all met" if not broken else "BROKEN: " + "; ".join(broken)))
        say(f"RESULT requests={served} failed={len(failures)} failed_outside_db_restart={outside} votes={votes} "
            f"pool_misses={pool_misses} stall_misses={stall_misses} late_jobs={late} log_errors={log_errors} lost_rows={lost}")
        return 0 if not broken else 1

    def print_failures(self, failures):
        """Failed requests grouped by cause and window; returns how many were outside the MariaDB window."""
        causes, outside = {}, 0
        for at, kind, cause in failures:
            if self.timeline.in_db_restart(at):
                where = "inside the MariaDB restart window"
            else:
                outside += 1
                during = [w for w in self.timeline.names_at(at, margin=0.5) if w != DB_RESTART]
                where = "outside it" + (f" (during: {', '.join(during)})" if during else "")
            causes.setdefault((cause, where), []).append(kind)
        say(f"    failed requests: {len(failures)} ({outside} outside the MariaDB restart window)")
        for (cause, where), kinds in sorted(causes.items(), key=lambda kv: -len(kv[1])):
            say(f"      {len(kinds):5d}  {cause}, {where}: {', '.join(sorted(set(kinds)))}")
        return outside

    def misses(self):
        """Every miss on the chain is a ticket of ours (the simulator votes its own). Not the pool's: a
        low-fee ticket nobody approved before it won, and a ticket whose one-block voting window fell in a
        machine stall (every process starved at once, see monitor.StallDetector). Every other miss is."""
        start, end = self.soak.start_status, self.soak.end_status
        with self.ledger.lock:
            tickets = dict(self.ledger.tickets)
        with ThreadPoolExecutor(4) as pool:
            infos = dict(zip(tickets, pool.map(lambda h: self.stack.simctl("simticket", json.dumps(h)), tickets)))
        n = Counter()
        for ticket, kind in tickets.items():
            info = infos[ticket]
            # Settled after the final snapshot: not in its miss count either.
            if info["status"] not in ("voted", "missed") or info["spentbyheight"] > end["height"]:
                continue
            missed = info["status"] == "missed"
            won = self.timeline.time_of_height(info["spentbyheight"] - 1)
            if kind == "lowfee":
                state = self.ledger.approved_at(ticket, won, WHITELIST_MARGIN_S) if won else UNKNOWN
                if missed and state != "approved":
                    n["expected"] += 1
                    n["raced"] += state == UNKNOWN
                    continue
                n["approved voted" if state == "approved" else "unapproved voted" if state == "not approved" else "other"] += not missed
                n["approved missed"] += missed
            if missed:
                settled = self.timeline.time_of_height(info["spentbyheight"]) or (won or 0) + 2
                stalled = won is not None and self.timeline.overlaps(MACHINE_STALL, won, settled)
                n["stalled" if stalled else "ours"] += 1
        summary = (f"{n['approved voted']} approved and voted, {n['approved missed']} approved and missed, "
                   f"{n['expected']} missed without approval (expected; {n['raced']} changed around their win), "
                   f"{n['unapproved voted']} voted without approval")
        stalls = (f"{n['stalled']} missed while the whole machine stalled (the soak's own thread woke "
                  f"{self.soak.stall_detector.worst:.1f} s late at worst; not counted as the pool's)")
        return end["misses"] - start["misses"] - n["expected"] - n["stalled"], summary, stalls, n["stalled"]

    def late_jobs(self):
        """Jobs a node applied more than LATE_AFTER_S after they appeared, except while MariaDB or that
        node was being restarted."""
        late = explained = 0
        with self.ledger.lock:
            jobs, applied = dict(self.ledger.jobs_seen), dict(self.ledger.jobs_applied)
        for job, seen in jobs.items():
            outcome = "in time"
            for node in self.soak.node_names:
                done = applied.get((node, job))
                if done is not None and done - seen <= LATE_AFTER_S:
                    continue
                end = done if done is not None else time.time()
                if self.timeline.overlaps(DB_RESTART, seen, end) or self.timeline.overlaps(f"stakepoold-{node[-1]}", seen, end):
                    outcome = "explained" if outcome == "in time" else outcome
                else:
                    outcome = "late"
            late += outcome == "late"
            explained += outcome == "explained"
        return late, explained, len(jobs)

    def log_errors(self):
        """Error lines logged during the soak, how many fall outside every fault window (± LOG_MARGIN_S),
        and the first few, those outside first."""
        count, inside_lines, outside_lines = 0, [], []
        for path in self.stack.log_files():
            with open(path, errors="replace") as f:
                f.seek(self.soak.log_offsets.get(path, 0))
                for line in f:
                    if not LOG_ERROR.search(line):
                        continue
                    count += 1
                    at = log_time(line)
                    shown = f"{os.path.relpath(path, self.stack.demo_dir)}: {line.rstrip()}"
                    if at is None or not self.timeline.names_at(at, margin=LOG_MARGIN_S):
                        outside_lines.append(shown)
                    else:
                        inside_lines.append(shown)
        return count, len(outside_lines), (outside_lines + inside_lines)[:8]

    def recovered(self):
        """The stack is whole again: 3 workers serving, every stakepoold publishing with its wallet and node."""
        state, broken = [], []
        status = json.loads(self.stack.poolctl("status", "--json"))
        serving = [w for w in status["workers"] if w["state"] in ("Idle", "Running")]
        state.append(f"fcgi-pool {len(serving)} workers serving (target {status['target_processes']}), "
                     f"{status['crashes']} crashes, {status['timeout_kills']} timeout kills, generation {status['generation']}")
        if len(serving) != 3:
            broken.append(f"fcgi-pool serves with {len(serving)} workers, not 3")
        nodes = self.soak.node_names
        rows = self.stack.sql("SELECT NodeName FROM StakepooldNode WHERE Heartbeat > UNIX_TIMESTAMP() * 1000 - 10000 "
                              "AND WalletConnected = 1 AND NodeConnected = 1") or []
        state.append(f"{len(rows)} of {len(nodes)} stakepoold publishing with wallet and node connected")
        if len(rows) != len(nodes):
            broken.append(f"only {len(rows)} of {len(nodes)} stakepoold are back")
        return state, broken

    def lost_rows(self):
        """Each acknowledged sign-up, verification and low-fee change, looked up in MySQL."""
        users = self.stack.sql("SELECT Email, EmailVerified FROM Users WHERE Email LIKE 'soak-%'")
        if users is None:
            return 1, ["MariaDB does not answer after the soak"]
        in_db = {email: int(verified) for email, verified in users}
        present = {r[0] for r in self.stack.sql("SELECT TicketHash FROM LowFeeTicket") or []}
        details = []
        with self.ledger.lock:
            signups, verified = dict(self.ledger.signups), dict(self.ledger.verified)
            lowfee = {h: list(a) for h, a in self.ledger.lowfee_actions.items()}
        details += [f"user {e}: sign-up acknowledged, no row in Users" for e, s in sorted(signups.items())
                    if s == "ok" and e not in in_db]
        details += [f"user {e}: verification acknowledged, EmailVerified is 0" for e, s in sorted(verified.items())
                    if s == "ok" and in_db.get(e, 0) == 0]
        for ticket, actions in sorted(lowfee.items()):
            if not actions or any(what == UNKNOWN for _, what in actions):
                continue
            if actions[-1][1] == "add" and ticket not in present:
                details.append(f"low-fee ticket {ticket}: add acknowledged, no LowFeeTicket row")
            if actions[-1][1] == "remove" and ticket in present:
                details.append(f"low-fee ticket {ticket}: removal acknowledged, the row is still there")
        return len(details), details

"""What the pool acknowledged during the soak (checked against MySQL and the chain afterwards), and what
the soak observed of the stakepoold job queue."""
import threading

UNKNOWN = "unknown"     # the request failed: whether the change was made is not known


class Ledger:
    def __init__(self, demo_email, demo_password):
        self.lock = threading.Lock()
        self.signups = {}           # email -> "ok" | UNKNOWN
        self.verified = {}          # email -> "ok" | UNKNOWN
        self.passwords = {demo_email: demo_password}
        self.lowfee_actions = {}    # ticket hash -> [(time, "add" | "remove" | UNKNOWN)]
        self.tickets = {}           # ticket hash -> "fee" | "lowfee"
        self.jobs_seen = {}         # job id -> first time seen
        self.jobs_applied = {}      # (node, job id) -> first time seen applied
        self.first_job = None       # the newest job id when the soak began
        self.known_job = 0
        self.node_done = {}         # node -> highest job id it was seen to have applied
        self.faults_done = []
        self.problems = []          # problems of the soak itself, never of the pool

    def problem(self, text):
        with self.lock:
            self.problems.append(text)

    def record_lowfee(self, ticket, at, what, replace_unknown=False):
        """`what` is add, remove, UNKNOWN (sent, no answer yet) or unchanged (refused: nothing to record)."""
        with self.lock:
            actions = self.lowfee_actions.setdefault(ticket, [])
            if replace_unknown and actions and actions[-1] == (at, UNKNOWN):
                actions.pop()
            if what != "unchanged":
                actions.append((at, what))

    def approved_at(self, ticket, won, margin):
        """approved / not approved / unknown (a change within `margin` s of the win, or one without a known outcome)."""
        state = "not approved"
        with self.lock:
            actions = list(self.lowfee_actions.get(ticket, []))
        for at, what in actions:
            if at > won:
                break
            if at > won - margin or what == UNKNOWN:
                return UNKNOWN
            state = "approved" if what == "add" else "not approved"
        return state

    def jobs_observed(self, rows, seen_at):
        """One poll of StakepooldNode.LastJobId and MAX(StakepooldJob.JobId) (node '' is the job table). A
        job every node applied may be purged between two polls: the nodes' LastJobId still show it."""
        newest = max([int(r[1]) for r in rows] + [0])
        with self.lock:
            if self.first_job is None:
                self.first_job = self.known_job = newest
            for job in range(self.known_job + 1, newest + 1):
                self.jobs_seen[job] = seen_at
            self.known_job = max(self.known_job, newest)
            for node, last in ((r[0], int(r[1])) for r in rows if r[0]):
                done = self.node_done.get(node, self.first_job)
                for job in range(done + 1, last + 1):
                    self.jobs_applied[(node, job)] = seen_at
                self.node_done[node] = max(done, last)

"""The mixed load: visitors (pages, API, sign-in and browse), sign-ups with email verification, an admin
changing low-fee tickets, and tickets bought in the simulator. Each `*_step` returns one iteration."""
import json
import re
import time

from .ledger import UNKNOWN
from .web import Web, alert

TICKET_FEE = 20000000       # the demo's pool-fee commitment (above the 7.5 % the pool asks)
TICKET_HASH = r'name="tickets\[\]" value="([0-9a-f]{64})"'


def api_ok(_url, text):
    try:
        answer = json.loads(text)
    except ValueError:
        return "API answer is not JSON"
    return None if answer.get("status") == "success" else "API error: " + str(answer.get("message", ""))[:80]


def page_with(marker, cause):
    return lambda _url, text: None if marker in text else cause


class Load:
    def __init__(self, soak):
        self.soak = soak
        self.stack = soak.stack
        self.ledger = soak.ledger
        self.random = soak.random

    def web(self):
        return Web(self.stack.base, self.soak.recorder)

    def visitor_step(self):
        web = self.web()
        token = {"Authorization": "Bearer " + self.soak.api_token}

        def step():
            r = self.random.random()
            if r < 0.30:
                web.call("home", "/", check=page_with("StakePool", "home page without its title"))
            elif r < 0.40:
                web.call("stats", "/stats", check=page_with("Stats", "stats page without stats"))
            elif r < 0.50:
                web.call("api stats", "/api/v1/stats", check=api_ok)
            elif r < 0.60:
                web.call("api purchaseinfo", "/api/v1/getpurchaseinfo", headers=token, check=api_ok)
            elif r < 0.65:
                web.call("static", "/assets/css/style.css", check=page_with("{", "empty stylesheet"))
            elif r < 0.70:
                web.call("api voting", "/api/v1/voting", data={"VoteBits": "1"}, headers=token, check=api_ok)
            else:
                self.sign_in_and_browse(web)
        return step

    def sign_in_and_browse(self, web):
        with self.ledger.lock:
            candidates = sorted(self.ledger.passwords.items())
        email, password = self.random.choice(candidates)
        token = web.csrf("sign-in page", "/signin")
        if token is None:
            return
        page = web.call("sign-in", "/signin", data={"csrf_token": token, "email": email, "password": password},
                        check=lambda u, t: None if 'href="/logout"' in t else "not signed in: " + str(alert(t, "error")))
        if page is None:
            return
        if email == self.stack.env["DEMO_EMAIL"]:
            web.call("tickets", "/tickets", check=page_with("Ticket Instructions", "tickets page incomplete"))
        else:
            web.call("settings", "/settings", check=page_with("Change Email Address", "settings page incomplete"))
        web.call("sign-out", "/logout")

    def signup_step(self):
        web = self.web()
        counter = iter(range(1, 10 ** 9))
        tag = str(int(time.time()))

        def step():
            n = next(counter)
            email, password = f"soak-{tag}-{n}@soak.invalid", f"soak-password-{n}"
            token = web.csrf("sign-up page", "/signup")
            if token is None:
                return
            with self.ledger.lock:
                self.ledger.signups[email] = UNKNOWN
            page = web.call("sign-up", "/signup",
                            data={"csrf_token": token, "email": email, "password": password, "passwordrepeat": password},
                            check=lambda u, t: None if alert(t, "success") else "sign-up refused: " + str(alert(t, "error")))
            if page is None:
                return
            with self.ledger.lock:
                self.ledger.signups[email] = "ok"
            if n % 2 == 0:
                return
            link = self.verification_token(email)
            if link is None:
                return self.ledger.problem(f"no verification link for {email} in the pool's log")
            with self.ledger.lock:
                self.ledger.verified[email] = UNKNOWN
            done = web.call("email verify", f"/emailverify?t={link}",
                            check=lambda u, t: None if alert(t, "success") else "verify refused: " + str(alert(t, "error")))
            if done is not None:
                with self.ledger.lock:
                    self.ledger.verified[email] = "ok"
                    self.ledger.passwords[email] = password
        return step

    def verification_token(self, email):
        """The pool logs the mail it cannot send (no smtphost in the demo): the link is taken from there."""
        pattern = re.compile(r"To: " + re.escape(email) + r".*?emailverify\?t=([0-9A-Za-z_-]+)", re.S)
        for _ in range(20):
            with open(self.stack.pool_log, errors="replace") as f:
                f.seek(self.soak.log_offsets.get(self.stack.pool_log, 0))
                match = pattern.search(f.read())
            if match:
                return match.group(1)
            time.sleep(0.2)
        return None

    def admin_step(self):
        web = self.web()
        session = {"signed_in": False}

        def sign_in():
            token = web.csrf("admin sign-in page", "/signin")
            return token is not None and web.call(
                "admin sign-in", "/signin",
                data={"csrf_token": token, "email": self.stack.env["ADMIN_EMAIL"], "password": self.stack.env["ADMIN_PASSWORD"]},
                check=page_with('href="/logout"', "admin not signed in")) is not None

        def step():
            if not session["signed_in"]:
                session["signed_in"] = sign_in()
                if not session["signed_in"]:
                    return
            page = web.call("admintickets", "/admintickets", check=page_with("Add Low Fee Tickets", "not the admin tickets page"))
            if page is None:
                web.jar.clear()
                session["signed_in"] = False
                return
            if self.random.random() < 0.2:
                web.call("status", "/status", check=lambda u, t: None if "stakepoold" in t.lower() else "status page incomplete")
            self.change_lowfee(web, page[1])
        return step

    def change_lowfee(self, web, text):
        """Adds one of our ignored low-fee tickets (or removes an added one) through the page's own form."""
        add_form = re.search(r'<form id="addTicketsForm".*?</form>', text, re.S)
        remove_form = re.search(r'<form id="removeTicketsForm".*?</form>', text, re.S)
        ignored = re.findall(TICKET_HASH, add_form.group(0)) if add_form else []
        added = re.findall(TICKET_HASH, remove_form.group(0)) if remove_form else []
        with self.ledger.lock:
            ours = [h for h in ignored if h in self.ledger.tickets]
        if ours and (not added or self.random.random() < 0.75):
            action, ticket, form = "Add", self.random.choice(ours), add_form.group(0)
        elif added:
            action, ticket, form = "Remove", self.random.choice(added), remove_form.group(0)
        else:
            return
        token = re.search(r'name="csrf_token" value="([^"]*)"', form)
        if not token:
            return self.ledger.problem("admin tickets form without csrf_token")
        at = time.time()
        self.ledger.record_lowfee(ticket, at, UNKNOWN)
        kind = f"admin {action.lower()}"
        result = web.call(kind, "/admintickets", data={"csrf_token": token.group(1), "tickets[]": ticket, "action": action})
        if result is None:
            return
        success, error = alert(result[1], "success"), alert(result[1], "error")
        if success and not error:
            self.ledger.record_lowfee(ticket, at, action.lower(), replace_unknown=True)
        elif error and "no longer present" in error:
            self.ledger.record_lowfee(ticket, at, "unchanged", replace_unknown=True)
        else:
            self.soak.recorder.fail(kind, f"admin change refused: {error or 'no message'}")

    def buyer_step(self):
        count = iter(range(10 ** 9))
        address, fee_address = json.dumps(self.soak.ticket_address), json.dumps(self.soak.fee_address)

        def step():
            bought = self.stack.simctl("simbuyticket", 4, address, fee_address, TICKET_FEE)["tickets"]
            # Now and then a fee below the pool's: stakepoold ignores it until an admin adds it.
            low = self.stack.simctl("simbuyticket", 1, address, fee_address, 0)["tickets"] if next(count) % 4 == 0 else []
            with self.ledger.lock:
                self.ledger.tickets.update({h: "fee" for h in bought})
                self.ledger.tickets.update({h: "lowfee" for h in low})
        return step

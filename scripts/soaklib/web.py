"""HTTP clients of the soak and the record of every request they made."""
import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

HTTP_TIMEOUT_S = 30


def alert(text, kind):
    """The first flash of a kind (error, success) on a page."""
    match = re.search(r'<div class="alert alert-%s"[^>]*>([^<]*)</div>' % kind, text)
    return match.group(1) if match else None


class Recorder:
    """Every HTTP request's outcome: served as expected, or failed with a cause."""

    def __init__(self):
        self.lock = threading.Lock()
        self.served = 0
        self.by_kind = {}
        self.failures = []      # (time, kind, cause)

    def ok(self, kind):
        with self.lock:
            self.served += 1
            self.by_kind[kind] = self.by_kind.get(kind, 0) + 1

    def fail(self, kind, cause):
        with self.lock:
            self.failures.append((time.time(), kind, cause))

    def counts(self):
        with self.lock:
            return self.served, len(self.failures)


class Web:
    """One browser-like client: its own cookies, follows redirects, records each request it makes."""

    def __init__(self, base, recorder):
        self.base = base
        self.recorder = recorder
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def call(self, kind, path, data=None, headers=None, check=None):
        """(final url, body) when served as expected, else None (the failure is recorded). `check(url, body)`
        returns a cause when the page is not what it should be."""
        body = None if data is None else urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=HTTP_TIMEOUT_S) as response:
                text = response.read().decode("utf-8", "replace")
                url = response.geturl()
        except urllib.error.HTTPError as error:
            self.recorder.fail(kind, f"HTTP {error.code}")
            return None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            self.recorder.fail(kind, f"connection error ({type(reason).__name__}: {reason})"[:120])
            return None
        if "/error" in urllib.parse.urlparse(url).path:
            self.recorder.fail(kind, "redirected to /error")
            return None
        problem = check(url, text) if check else None
        if problem:
            self.recorder.fail(kind, problem)
            return None
        self.recorder.ok(kind)
        return url, text

    def csrf(self, kind, path):
        page = self.call(kind, path, check=lambda u, t: None if 'name="csrf_token"' in t else "no csrf_token")
        if page is None:
            return None
        match = re.search(r'name="csrf_token" value="([^"]*)"', page[1])
        return match.group(1) if match else None

#!/usr/bin/env python3
"""The review page of `chipwire review serve` in a real headless Chromium.

Ingests a fixture feed whose items get flagged, starts the review server,
drives Chromium through chromedriver's WebDriver HTTP API (standard library
only), accepts one article and rejects another by clicking, accepts a third
with the `a` key, checks the store with `chipwire review list` and `review log`,
and saves a screenshot of the page (taken before the keyboard step).

Exit codes: 0 passed, 1 failed, 77 skipped (no chromium or chromedriver).
"""
import argparse
import base64
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

SKIP = 77
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def log(message):
    print(message, flush=True)


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, probe, timeout=15.0, interval=0.1):
    """Calls probe() until it returns something truthy; fails after timeout."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = probe()
            if last:
                return last
        except (Failure, urllib.error.URLError, ConnectionError, KeyError):
            pass
        time.sleep(interval)
    raise Failure(f"timed out waiting for {what} (last: {last!r})")


class FeedSite:
    """Serves the fixture feed on 127.0.0.1 for the ingest."""

    def __init__(self, feed_bytes):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path != "/flagged.xml":
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(feed_bytes)))
                self.end_headers()
                self.wfile.write(feed_bytes)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/flagged.xml"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class WebDriver:
    """The few WebDriver commands this test needs, over plain HTTP."""

    def __init__(self, base):
        self.base = base
        self.session = None

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read() or b"null").get("value")
        except urllib.error.HTTPError as e:
            detail = e.read().decode(errors="replace")
            raise Failure(f"WebDriver {method} {path}: {e.code} {detail[:500]}") from None

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def start(self, chromium, profile):
        args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--window-size=1366,900", "--hide-scrollbars",
                f"--user-data-dir={profile}"]
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args},
        }}}
        value = self.call("POST", "/session", caps)
        self.session = value["sessionId"]

    def quit(self):
        if self.session:
            try:
                self.call("DELETE", f"/session/{self.session}")
            except Exception:  # the browser may already be gone
                pass
            self.session = None

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def find_all(self, css):
        return [e[ELEMENT] for e in self.s("POST", "/elements", {"using": "css selector", "value": css})]

    def find(self, css):
        found = self.find_all(css)
        check(found, f"no element matches {css}")
        return found[0]

    def click(self, element):
        self.s("POST", f"/element/{element}/click", {})

    def text(self, element):
        return self.s("GET", f"/element/{element}/text")

    def attribute(self, element, name):
        return self.s("GET", f"/element/{element}/attribute/{name}")

    def type_into(self, element, text):
        self.s("POST", f"/element/{element}/value", {"text": text})

    def press(self, key):
        self.s("POST", "/actions", {"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]})
        self.s("DELETE", "/actions")

    def script(self, source, *args):
        return self.s("POST", "/execute/sync", {"script": source, "args": list(args)})

    def screenshot(self, path):
        png = base64.b64decode(self.s("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)
        return len(png)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chipwire", required=True)
    parser.add_argument("--feed", required=True)
    parser.add_argument("--screenshot", required=True)
    args = parser.parse_args()

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_bin = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    if not chromium or not driver_bin:
        log("SKIP: chromium or chromedriver is not installed (Debian: apt-get install chromium chromium-driver; "
            "scripts/install-deps.sh does it)")
        return SKIP

    work = tempfile.mkdtemp(prefix="chipwire-browser-")
    site = serve = driver_proc = None
    driver = None
    try:
        with open(args.feed, "rb") as f:
            site = FeedSite(f.read())
        config = os.path.join(work, "chipwire.toml")
        db = os.path.join(work, "data")
        with open(config, "w") as f:
            f.write(f'allow_private_addresses = true\n\n[[feed]]\nurl = "{site.url}"\n')
        base = [args.chipwire, "--config", config, "--db", db]
        ingest = run(base + ["ingest"])
        check(ingest.returncode == 0, f"ingest failed: {ingest.stderr}")
        queued = [json.loads(line) for line in run(base + ["review", "list", "--format", "jsonl"]).stdout.splitlines()]
        check(len(queued) >= 2, f"the fixture should put at least 2 articles in the queue, got {len(queued)}")

        serve_log = open(os.path.join(work, "serve.log"), "w")
        serve = subprocess.Popen(base + ["review", "serve", "--port", "0", "--by", "browser-test"],
                                 stdout=subprocess.PIPE, stderr=serve_log, text=True)
        url = serve.stdout.readline().strip()
        check(url.startswith("http://127.0.0.1:"), f"review serve printed {url!r} instead of its URL")
        log(f"review server at {url}")

        port = free_port()
        driver_proc = subprocess.Popen([driver_bin, f"--port={port}", "--allowed-ips=127.0.0.1"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        driver = WebDriver(f"http://127.0.0.1:{port}")
        wait_for("chromedriver", lambda: driver.call("GET", "/status").get("ready"))
        driver.start(chromium, os.path.join(work, "profile"))

        driver.go(url)
        items = wait_for("the queue to show", lambda: driver.find_all("#item-list li.item")
                         if len(driver.find_all("#item-list li.item")) >= 2 else None)
        log(f"the page lists {len(items)} articles")
        # Feed text stays text: the fixture's <img onerror> and <script> never become elements.
        injected = driver.script("return document.querySelectorAll('img, script:not([src]), [onerror]').length")
        check(injected == 0, f"{injected} element(s) came from feed text")
        check(driver.script("return document.body.textContent.includes('<img src=x onerror=alert(1)>')") or
              all("<img" not in q["title"] for q in queued), "the escaped title text is missing")

        # j/k move the selection.
        first_id = wait_for("a selected article", lambda: driver.script(
            "const s = document.querySelector('li.item.selected'); return s && s.dataset.id"))
        driver.press("j")
        wait_for("j to select the next article",
                 lambda: driver.script("return document.querySelector('li.item.selected').dataset.id") != first_id)
        driver.press("k")
        wait_for("k to go back", lambda: driver.script(
            "return document.querySelector('li.item.selected').dataset.id") == first_id)

        def open_item(item_id):
            driver.click(driver.find(f'#item-list li.item[data-id="{item_id}"]'))
            wait_for(f"article {item_id} to show", lambda: driver.script(
                "const d = document.getElementById('detail');"
                "return !d.hidden && location.hash === '#' + arguments[0] &&"
                " document.getElementById('detail-title').textContent.length > 0", item_id))

        ids = [driver.attribute(e, "data-id") for e in driver.find_all("#item-list li.item")]
        accept_id, reject_id = ids[0], ids[1]

        open_item(accept_id)
        marks = driver.script("return document.querySelectorAll('#detail mark.company, #detail mark.chip').length")
        log(f"article {accept_id[:12]}: {marks} highlighted spans")
        driver.click(driver.find("#accept-article"))
        wait_for("the accept to land", lambda: "Accepted" in driver.text(driver.find("#status")))
        check(not driver.find_all(f'#item-list li.item[data-id="{accept_id}"]'),
              "the accepted article is still in the open list")

        open_item(reject_id)
        driver.type_into(driver.find("#note"), "not chip policy (browser test)")
        driver.click(driver.find("#reject-article"))
        wait_for("the reject to land", lambda: "Rejected" in driver.text(driver.find("#status")))
        check(not driver.find_all(f'#item-list li.item[data-id="{reject_id}"]'),
              "the rejected article is still in the open list")

        # What is left open stays on screen for the screenshot.
        remaining = [driver.attribute(e, "data-id") for e in driver.find_all("#item-list li.item")]
        if remaining:
            open_item(remaining[0])
        os.makedirs(os.path.dirname(os.path.abspath(args.screenshot)), exist_ok=True)
        size = driver.screenshot(args.screenshot)
        log(f"screenshot: {args.screenshot} ({size} bytes)")

        # The keyboard clears the rest: a accepts the selected article.
        keyed = []
        if remaining:
            keyed = [remaining[0]]
            driver.press("a")
            wait_for("the a key to accept", lambda: not driver.find_all(f'#item-list li.item[data-id="{remaining[0]}"]'))

        listed = run(base + ["review", "list", "--state", "all", "--format", "jsonl"])
        check(listed.returncode == 0, f"review list failed: {listed.stderr}")
        states = {row["id"]: row for row in map(json.loads, listed.stdout.splitlines())}
        check(states[accept_id]["state"] == "accepted", f"{accept_id} is {states[accept_id]['state']}")
        check(states[reject_id]["state"] == "rejected", f"{reject_id} is {states[reject_id]['state']}")
        check(states[reject_id]["note"] == "not chip policy (browser test)", "the note did not reach the store")
        for item_id in keyed:
            check(states[item_id]["state"] == "accepted", f"the a key left {item_id} {states[item_id]['state']}")
        audit = run(base + ["review", "log", "--format", "jsonl"])
        entries = [json.loads(line) for line in audit.stdout.splitlines()]
        check(any(e["article"] == accept_id and e["verdict"] == "accept" and e["by"] == "browser-test" for e in entries),
              "the audit log lacks the accept")
        check(any(e["article"] == reject_id and e["verdict"] == "reject" for e in entries),
              "the audit log lacks the reject")
        log("1 passed, 0 failed")
        return 0
    except Failure as e:
        log(f"FAILED: {e}")
        if driver and driver.session:
            try:
                driver.screenshot(args.screenshot)
                log(f"screenshot of the failure: {args.screenshot}")
            except Exception:
                pass
        if serve is not None:
            try:
                with open(os.path.join(work, "serve.log")) as f:
                    log("review serve said:\n" + f.read()[-4000:])
            except OSError:
                pass
        return 1
    finally:
        if driver:
            driver.quit()
        for proc in (driver_proc, serve):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        if site:
            site.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Two servers and two workers on one PostgreSQL database, one of each killed mid-run (issue 18).

What it shows: with `serve` and `worker` processes sharing one database, killing a server and a
worker with SIGKILL while clients are sending loses and doubles nothing:
  1. every message the clients queued is in the outbox once, delivered, and stored once at the
     SMTP sink (a resend after the killed worker's claim ran out carries the same Message-ID,
     which the sink, like a provider honouring idempotency, stores once and counts as a repeat);
  2. every event the clients posted is stored exactly once;
  3. every send the clients saw succeed has its audit record, and every audit record written
     before the kill is still there, unchanged, at the end.

How: a fresh schema holds a demo force; an SMTP sink (tests/support/smtp_sink.py) stands in
for the provider; two `serve` and two `worker` processes (dispatch every second, claims of five
seconds) run against it. Client threads alternate between the servers: two post new crimes
through `POST /api/v1/events` (admin token), two sign in through the HTML form as an officer and
a sergeant and send emails through `POST /cases/{crime}/messages`, each with its own key. A
request that fails on a connection error is sent again, with the same content and key, to the
other server; and every twentieth is sent again there on purpose after its answer, as a client
that lost the answer would (a batch of events must then come back all duplicates, a message
queued again must be the same message). A third of the way through, one server and one worker
(while it holds claimed messages, when that is seen) are killed with SIGKILL; the load goes on
against the survivors.
Then the outbox is left to drain, the survivors are stopped with SIGTERM and the database, the
sink and the clients' own records are compared.

Usage: many_processes_test.py CITIZENFOCUS_BINARY
CF_TEST_POSTGRESQL names the server (a libpq URL); without it the test is skipped (exit 77).
"""
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, urlencode

SKIP = 77
PASSWORD = "demo-password-2024"
LOAD_SECONDS = 24           # the clients' load
KILL_AFTER = LOAD_SECONDS / 3
DRAIN_SECONDS = 60          # for the outbox to empty after the load
MAX_REPEATS = 20            # one claim batch: what a dead worker may have been sending
CRIMES_PER_BATCH = 3
EVENT_THREADS = 2
MESSAGE_SENDERS = ("pc1003", "sgt.n1")  # an officer of unit N1 and its sergeant
SINK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support", "smtp_sink.py")
HTTP_TIMEOUT = 30
ATTEMPTS = 6                # per request, alternating servers
SEND_AGAIN_EVERY = 20       # every 20th request is sent again to the other server, as a client
                            # that lost the answer would, so that idempotency is always exercised


class TestFailure(Exception):
    pass


def log(text):
    print(text, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def utc(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------------------------
# The database, through psql

class Database:
    """The run's own schema on the CF_TEST_POSTGRESQL server."""

    def __init__(self, base_url, schema):
        self.base_url = base_url
        self.schema = schema
        sep = "&" if "?" in base_url else "?"
        self.url = f"{base_url}{sep}options=-csearch_path%3D{schema}"

    def _psql(self, url, sql):
        done = subprocess.run(
            ["psql", "-X", "-q", "-A", "-t", "-F", "\x1f", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
            capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise TestFailure(f"psql failed ({done.returncode}) on {sql!r}: {done.stderr.strip()}")
        return done.stdout

    def create_schema(self):
        self._psql(self.base_url, f"DROP SCHEMA IF EXISTS {self.schema} CASCADE; "
                                  f"CREATE SCHEMA {self.schema}")

    def drop_schema(self):
        self._psql(self.base_url, f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")

    def rows(self, sql):
        return [line.split("\x1f") for line in self._psql(self.url, sql).splitlines() if line]

    def value(self, sql):
        rows = self.rows(sql)
        return rows[0][0] if rows else None


# ---------------------------------------------------------------------------------------------
# Child processes

class Children:
    """Every process the test starts, each logging to its own file, all ended at the end."""

    def __init__(self, folder):
        self.folder = folder
        self.procs = {}

    def start(self, name, args):
        out = open(os.path.join(self.folder, name + ".log"), "wb")
        self.procs[name] = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)
        out.close()
        return self.procs[name]

    def pid(self, name):
        return self.procs[name].pid

    def running(self, name):
        return self.procs[name].poll() is None

    def kill(self, name):
        os.kill(self.procs[name].pid, signal.SIGKILL)
        self.procs[name].wait()

    def stop(self, name, timeout=20):
        """SIGTERM, then the exit status (None: it had to be killed)."""
        p = self.procs[name]
        if p.poll() is not None:
            return p.returncode
        p.send_signal(signal.SIGTERM)
        try:
            return p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            return None

    def end_all(self):
        for p in self.procs.values():
            if p.poll() is None:
                p.kill()
                p.wait()

    def log_tail(self, name, lines=15):
        try:
            with open(os.path.join(self.folder, name + ".log"), errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""


# ---------------------------------------------------------------------------------------------
# HTTP

class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return ""

    def cookies(self):
        out = {}
        for k, v in self.headers:
            if k.lower() == "set-cookie":
                name, _, value = v.split(";", 1)[0].partition("=")
                out[name.strip()] = value.strip()
        return out


def http_request(port, method, path, body=None, headers=None):
    """One request on its own connection; raises OSError or HTTPException when the connection
    fails (the server is gone)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return Answer(r.status, r.getheaders(), r.read().decode("utf-8", "replace"))
    finally:
        conn.close()


class Servers:
    """The servers' ports, and which are still alive as far as the test knows."""

    def __init__(self, ports):
        self.ports = list(ports)
        self.dead = set()
        self.lock = threading.Lock()
        self.connection_errors = 0
        self.server_errors = 0  # 5xx answers (retried too, and reported)

    def mark_dead(self, port):
        with self.lock:
            self.dead.add(port)

    def order(self, n):
        """Ports to try for the n-th request: the live ones alternating, then the rest."""
        with self.lock:
            alive = [p for p in self.ports if p not in self.dead]
            rest = [p for p in self.ports if p in self.dead]
        if alive:
            k = n % len(alive)
            alive = alive[k:] + alive[:k]
        return alive + rest

    def send(self, n, make_request):
        """make_request(port) -> Answer, sent again with the same content to the other server
        while the connection fails or the answer is a 5xx. Returns (answer, attempts)."""
        problems = []
        for attempt in range(ATTEMPTS):
            ports = self.order(n)
            port = ports[attempt % len(ports)]
            try:
                answer = make_request(port)
            except (OSError, http.client.HTTPException) as e:
                with self.lock:
                    self.connection_errors += 1
                problems.append(f"{port}: {type(e).__name__}")
                time.sleep(0.1 * attempt)
                continue
            if answer.status >= 500:
                with self.lock:
                    self.server_errors += 1
                problems.append(f"{port}: HTTP {answer.status} {answer.body[:200]}")
                time.sleep(0.2)
                continue
            return answer, attempt + 1
        raise TestFailure(f"no server took the request after {ATTEMPTS} attempts: {problems}")


# ---------------------------------------------------------------------------------------------
# What the clients send

class Ledger:
    """What the clients sent and what they saw accepted, shared by the threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.events_posted = set()     # ids as sent (the store prefixes "api:admin:")
        self.events_accepted = set()
        self.batches = 0
        self.crimes = []               # crimes whose events were accepted: messages go to these
        self.sends_tried = {}          # key -> crime
        self.sends_ok = {}             # key -> crime
        self.retried = 0               # requests that needed more than one attempt
        self.sent_again = 0            # requests sent again on purpose after their answer
        self.stored_before_retry = 0   # event batches retried after a connection error whose
                                       # first attempt had been stored (duplicates answered)
        self.problems = []             # what a client thread could not do

    def problem(self, text):
        with self.lock:
            self.problems.append(text)


def crime_events(run, crime_no, officer, unit, at):
    """A new crime whose victim has an email address and agreed to hear by email."""
    crime = f"MP/{run}/{crime_no}"
    base = f"{run}-c{crime_no}"
    recorded = utc(at)
    return crime, [
        {"id": base + "-rec", "type": "crime.recorded", "crime": crime, "at": recorded,
         "crime_type": "Burglary", "unit": unit, "officer": officer, "flags": []},
        {"id": base + "-v1", "type": "person.added", "crime": crime, "at": recorded,
         "person": "V1", "role": "victim",
         "name": {"title": "Ms", "given": "Alex", "family": f"Tester{crime_no}"},
         "date_of_birth": "1980-02-03", "flags": [],
         "contact": {"email": f"victim{crime_no}.{run}@example.org",
                     "phone_mobile": "07700 900123"}},
        {"id": base + "-agree", "type": "contract.agreed", "crime": crime, "at": recorded,
         "person": "V1", "wants_updates": True, "channel": "email", "frequency_days": 28,
         "safe_to_contact": {"phone": True, "sms": True, "email": True, "letter": True}},
    ]


class Load:
    """The clients: event posters and message senders, against both servers."""

    def __init__(self, run, servers, token, officer, unit, ledger):
        self.run = run
        self.servers = servers
        self.token = token
        self.officer = officer
        self.unit = unit
        self.ledger = ledger
        self.stop = threading.Event()
        self.crime_counter = 0
        self.counter_lock = threading.Lock()
        self.request_no = 0

    def next_request(self):
        with self.counter_lock:
            self.request_no += 1
            return self.request_no

    def send(self, make_request, same_again):
        """make_request(port) through Servers.send; every SEND_AGAIN_EVERY-th request is then sent
        again to the other server, and same_again(first answer, second answer) says whether the
        repeat was answered as the first was. Returns (answer, attempts)."""
        n = self.next_request()
        answer, attempts = self.servers.send(n, make_request)
        with self.ledger.lock:
            self.ledger.retried += attempts > 1
        if n % SEND_AGAIN_EVERY == 0 and answer.status < 400:
            again, _ = self.servers.send(n + 1, make_request)
            problem = same_again(answer, again)
            if problem:
                raise TestFailure(f"a request sent again was not answered as before: {problem}")
            with self.ledger.lock:
                self.ledger.sent_again += 1
        return answer, attempts

    def next_crime(self):
        with self.counter_lock:
            self.crime_counter += 1
            return self.crime_counter

    # Events ----------------------------------------------------------------------------------

    def post_batch(self, thread_no, batch_no):
        """New crimes, and an arrest on one accepted before: one atomic, idempotent batch."""
        now = datetime.now(timezone.utc)
        events, crimes = [], []
        for _ in range(CRIMES_PER_BATCH):
            crime, evs = crime_events(self.run, self.next_crime(), self.officer, self.unit,
                                      now - timedelta(minutes=30))
            crimes.append(crime)
            events += evs
        with self.ledger.lock:
            earlier = self.ledger.crimes[-1] if self.ledger.crimes else None
        if earlier:
            events.append({"id": f"{self.run}-t{thread_no}-b{batch_no}-arrest",
                           "type": "suspect.arrested", "crime": earlier,
                           "at": utc(now - timedelta(minutes=1)), "suspect": f"S{batch_no}"})
        ids = [e["id"] for e in events]
        with self.ledger.lock:
            self.ledger.events_posted.update(ids)
        body = json.dumps(events).encode()

        def all_duplicates(first, again):
            report = json.loads(again.body) if again.status == 200 else {}
            if report.get("accepted") != 0 or report.get("duplicates") != len(events):
                return f"events batch {batch_no}: HTTP {again.status} {again.body[:300]}"
            return ""

        answer, attempts = self.send(lambda port: http_request(
            port, "POST", "/api/v1/events", body,
            {"Authorization": "Bearer " + self.token, "Content-Type": "application/json"}),
            all_duplicates)
        if answer.status != 200:
            raise TestFailure(f"events batch {batch_no} of thread {thread_no}: HTTP "
                              f"{answer.status}: {answer.body[:400]}")
        report = json.loads(answer.body)
        if report.get("accepted", 0) + report.get("duplicates", 0) != len(events):
            raise TestFailure(f"events batch {batch_no}: {len(events)} sent, answer {report}")
        with self.ledger.lock:
            self.ledger.events_accepted.update(ids)
            self.ledger.crimes += crimes
            self.ledger.batches += 1
            self.ledger.stored_before_retry += attempts > 1 and report.get("duplicates", 0) > 0

    def events_client(self, thread_no):
        batch_no = 0
        try:
            while not self.stop.is_set():
                batch_no += 1
                self.post_batch(thread_no, batch_no)
        except Exception as e:  # noqa: BLE001 (reported and failed on in the checks)
            self.ledger.problem(f"events thread {thread_no}: {e}")

    # Messages --------------------------------------------------------------------------------

    def send_message(self, session, thread_no, n, crime):
        key = f"{self.run}-t{thread_no}-{n}"
        form = urlencode({"csrf": session["csrf"], "person": "V1", "template": "acknowledgement",
                          "channel": "email", "lang": "", "key": key}).encode()
        path = "/cases/" + quote(crime, safe="") + "/messages"
        with self.ledger.lock:
            self.ledger.sends_tried[key] = crime

        def queued(answer):
            where = answer.header("Location")
            if answer.status != 303 or "done=queued" not in where:
                return (f"send {key} to {crime} as {session['name']}: HTTP {answer.status} to "
                        f"{where!r}: {answer.body[:300]}")
            return ""

        answer, _ = self.send(lambda port: http_request(
            port, "POST", path, form,
            {"Cookie": "cf_session=" + session["cookie"],
             "Content-Type": "application/x-www-form-urlencoded"}),
            lambda first, again: queued(again))
        if queued(answer):
            raise TestFailure(queued(answer))
        with self.ledger.lock:
            self.ledger.sends_ok[key] = crime

    def messages_client(self, thread_no, session):
        rng = random.Random(thread_no)
        n = 0
        try:
            while not self.stop.is_set():
                with self.ledger.lock:
                    crimes = list(self.ledger.crimes[-30:])
                n += 1
                self.send_message(session, thread_no, n, rng.choice(crimes))
        except Exception as e:  # noqa: BLE001
            self.ledger.problem(f"messages thread {thread_no} ({session['name']}): {e}")


def sign_in(port, name):
    """Through the form: the sign-in page's CSRF cookie, then the session and its CSRF token."""
    page = http_request(port, "GET", "/login")
    login_csrf = page.cookies().get("cf_login_csrf", "")
    if page.status != 200 or not login_csrf:
        raise TestFailure(f"GET /login: HTTP {page.status}, no cf_login_csrf cookie")
    form = urlencode({"csrf": login_csrf, "name": name, "password": PASSWORD}).encode()
    done = http_request(port, "POST", "/login", form,
                        {"Cookie": "cf_login_csrf=" + login_csrf,
                         "Content-Type": "application/x-www-form-urlencoded"})
    cookie = done.cookies().get("cf_session", "")
    if done.status != 303 or not cookie:
        raise TestFailure(f"sign-in as {name}: HTTP {done.status}: {done.body[:300]}")
    home = http_request(port, "GET", "/", headers={"Cookie": "cf_session=" + cookie})
    found = re.search(r'name="csrf" value="([^"]+)"', home.body)
    if home.status != 200 or not found:
        raise TestFailure(f"GET / as {name}: HTTP {home.status}, no CSRF token on the page")
    return {"name": name, "cookie": cookie, "csrf": found.group(1)}


# ---------------------------------------------------------------------------------------------
# The run

class Run:
    def __init__(self, binary, base_url):
        self.binary = binary
        self.tag = f"mp{os.getpid()}x{int(time.time()) % 100000}"
        self.db = Database(base_url, f"many_processes_{os.getpid()}")
        self.folder = tempfile.mkdtemp(prefix="many_processes_")
        self.sink_dir = os.path.join(self.folder, "sink")
        self.children = Children(self.folder)
        self.started = time.monotonic()
        self.failures = []
        self.broken = True  # until the checks have run

    def elapsed(self):
        return f"{time.monotonic() - self.started:5.1f}s"

    def cf(self, *args):
        done = subprocess.run([self.binary, "--db", self.db.url, *args], capture_output=True,
                              text=True, timeout=120)
        if done.returncode != 0:
            raise TestFailure(f"citizenfocus {' '.join(args)}: exit {done.returncode}: "
                              f"{done.stderr.strip()[-500:]}")
        return done.stdout

    def check(self, ok, what):
        log(("ok: " if ok else "FAILED: ") + what)
        if not ok:
            self.failures.append(what)

    # Setting up ------------------------------------------------------------------------------

    def seed(self):
        self.db.create_schema()
        made = self.cf("demo", "--crimes", "60", "--password", PASSWORD)
        log(f"[{self.elapsed()}] {made.strip().splitlines()[-1]}")
        self.token = self.cf("token", "create", "--user", "admin").strip().splitlines()[-1].strip()
        officer = self.db.rows("SELECT officer, unit FROM users WHERE name = 'pc1003'")
        if not officer:
            raise TestFailure("the demo force has no pc1003")
        self.officer, self.unit = officer[0]

    def start_sink(self):
        port = free_port()
        python = next((p for p in (sys.executable, "/usr/bin/python3")
                       if subprocess.run([p, "-c", "import aiosmtpd"],
                                         capture_output=True).returncode == 0), None)
        if python is None:
            raise TestFailure("no Python here has aiosmtpd (Debian's python3-aiosmtpd)")
        self.children.start("sink", [python, SINK, str(port), self.sink_dir])
        wait_for(lambda: os.path.exists(os.path.join(self.sink_dir, "ready")), 15,
                 "the SMTP sink to listen", lambda: self.children.log_tail("sink"))
        return port

    def write_config(self, smtp_port):
        path = os.path.join(self.folder, "worker.toml")
        with open(path, "w") as f:
            f.write(f'[smtp]\nurl = "smtp://127.0.0.1:{smtp_port}"\n'
                    'from = "victim-updates@force.example"\n\n'
                    '[schedule]\ndispatch = "1s"\nclaim_lease = "5s"\nreferrals = "0"\n'
                    'refresh = "0"\n')
        return path

    def start_processes(self, config):
        self.ports = [free_port(), free_port()]
        for i, port in enumerate(self.ports):
            self.children.start(f"server{i + 1}",
                                [self.binary, "--db", self.db.url, "serve", "--listen",
                                 f"127.0.0.1:{port}", "--threads", "2"])
        for i in range(2):
            self.children.start(f"worker{i + 1}",
                                [self.binary, "--db", self.db.url, "--config", config, "worker"])
        for i, port in enumerate(self.ports):
            name = f"server{i + 1}"
            wait_for(lambda: healthy(port), 60, f"{name} to answer /healthz",
                     lambda: self.children.log_tail(name))
        for name in ("worker1", "worker2"):
            if not self.children.running(name):
                raise TestFailure(f"{name} stopped at once:\n{self.children.log_tail(name)}")

    # The load and the kill -------------------------------------------------------------------

    def audit_snapshot(self):
        """How many audit records there are, and a checksum of them up to the last id."""
        count, last = self.db.rows("SELECT count(*), coalesce(max(id), 0) FROM audit_log")[0]
        return int(count), int(last), self.audit_checksum(int(last))

    def audit_checksum(self, up_to):
        return self.db.value(
            "SELECT count(*) || ':' || coalesce(md5(string_agg(id || '|' || at || '|' || user_name "
            "|| '|' || action || '|' || coalesce(crime, '') || '|' || coalesce(detail, ''), ',' "
            f"ORDER BY id)), '') FROM audit_log WHERE id <= {up_to}")

    def kill_one_of_each(self):
        """Server 1 at once; worker 1 as soon as it is seen holding claimed messages (3 s at
        most). Returns how many messages the worker held, and the audit before the kill."""
        worker_pid = self.children.pid("worker1")
        held_sql = ("SELECT count(*) FROM outbox WHERE status = 'sending' AND claimed_by LIKE "
                    f"'%:{worker_pid}'")
        held = 0
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            held = int(self.db.value(held_sql))
            if held:
                break
            time.sleep(0.05)
        before = self.audit_snapshot()
        self.children.kill("server1")
        self.servers.mark_dead(self.ports[0])
        held_at_kill = int(self.db.value(held_sql))
        self.children.kill("worker1")
        self.held_keys = [r[0] for r in self.db.rows(
            "SELECT idempotency_key FROM outbox WHERE status = 'sending' AND claimed_by LIKE "
            f"'%:{worker_pid}' AND idempotency_key LIKE 'page-{self.tag}-%'")]
        log(f"[{self.elapsed()}] SIGKILL server1 (pid {self.children.pid('server1')}) and worker1 "
            f"(pid {worker_pid}, holding {max(held, held_at_kill)} claimed message(s), "
            f"{len(self.held_keys)} still 'sending' after its death); "
            f"{before[0]} audit records before the kill")
        return before

    def run_load(self):
        self.ledger = Ledger()
        self.servers = Servers(self.ports)
        load = Load(self.tag, self.servers, self.token, self.officer, self.unit, self.ledger)
        load.post_batch(0, 0)  # the first crimes, for the messages to go to
        load.post_batch(0, 1)
        sessions = [sign_in(self.ports[i % 2], name) for i, name in enumerate(MESSAGE_SENDERS)]
        threads = [threading.Thread(target=load.events_client, args=(i + 1,), daemon=True)
                   for i in range(EVENT_THREADS)]
        threads += [threading.Thread(target=load.messages_client, args=(10 + i, s), daemon=True)
                    for i, s in enumerate(sessions)]
        log(f"[{self.elapsed()}] load: {EVENT_THREADS} event posters, {len(sessions)} message "
            f"senders ({', '.join(MESSAGE_SENDERS)}) for {LOAD_SECONDS} s on ports {self.ports}")
        start = time.monotonic()
        for t in threads:
            t.start()
        try:
            time.sleep(KILL_AFTER)
            queued = len(self.ledger.sends_ok)
            self.audit_before = self.kill_one_of_each()
            log(f"[{self.elapsed()}] at the kill: {self.ledger.batches} event batches and "
                f"{queued} messages accepted")
            time.sleep(max(0.0, LOAD_SECONDS - (time.monotonic() - start)))
        finally:
            load.stop.set()
            for t in threads:
                t.join(timeout=HTTP_TIMEOUT * ATTEMPTS)
        log(f"[{self.elapsed()}] load done: {len(self.ledger.events_accepted)} events in "
            f"{self.ledger.batches} batches, {len(self.ledger.sends_ok)} messages queued; "
            f"{self.ledger.retried} request(s) retried after {self.servers.connection_errors} "
            f"connection error(s) and {self.servers.server_errors} 5xx answer(s) "
            f"({self.ledger.stored_before_retry} event batch(es) had been stored by the first "
            f"try), {self.ledger.sent_again} sent again on purpose to the other server")

    def drain(self):
        """Waits for the outbox rows of the run to leave 'created' and 'sending'."""
        sql = ("SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'page-" + self.tag +
               "-%' AND status IN ('created', 'sending')")
        deadline = time.monotonic() + DRAIN_SECONDS
        left = int(self.db.value(sql))
        while left and time.monotonic() < deadline:
            time.sleep(1)
            left = int(self.db.value(sql))
        log(f"[{self.elapsed()}] outbox drained: {left} message(s) of the run still created or "
            "sending")

    def stop_survivors(self):
        codes = {name: self.children.stop(name) for name in ("server2", "worker2")}
        log(f"[{self.elapsed()}] survivors stopped with SIGTERM: "
            + ", ".join(f"{n} exit {c}" for n, c in codes.items()))
        self.check(all(c == 0 for c in codes.values()),
                   f"the surviving server and worker stop cleanly on SIGTERM ({codes})")

    # The checks ------------------------------------------------------------------------------

    def check_clients(self):
        self.check(not self.ledger.problems,
                   f"every client request was answered ({len(self.ledger.problems)} not)"
                   + "".join("\n    " + p for p in self.ledger.problems[:10]))
        unsent = set(self.ledger.sends_tried) - set(self.ledger.sends_ok)
        unposted = self.ledger.events_posted - self.ledger.events_accepted
        self.check(not unsent and not unposted,
                   f"the clients saw every send and event accepted ({len(unsent)} sends, "
                   f"{len(unposted)} events not)")

    def check_messages(self):
        queued = self.ledger.sends_ok
        rows = self.db.rows("SELECT idempotency_key, status, attempts, claimed_by FROM outbox "
                            f"WHERE idempotency_key LIKE 'page-{self.tag}-%'")
        by_key = {}
        for key, status, attempts, claimed_by in rows:
            by_key.setdefault(key[len("page-"):], []).append((status, int(attempts), claimed_by))
        missing = [k for k in queued if k not in by_key]
        twice = [k for k, v in by_key.items() if len(v) > 1]
        undelivered = [(k, v[0][0]) for k, v in by_key.items() if k in queued and
                       v[0][0] != "delivered"]
        extra = [k for k in by_key if k not in queued]
        stored = set(f for f in os.listdir(self.sink_dir) if f.endswith(".eml"))
        not_at_sink = [k for k in queued if f"page-{k}@citizenfocus.eml" not in stored]
        at_sink = sum(1 for f in stored if f.startswith(f"page-{self.tag}-"))
        repeats = read_int(os.path.join(self.sink_dir, "repeats.txt"))
        resent = sum(1 for v in by_key.values() if v[0][1] > 1)
        held_delivered = sum(1 for k in self.held_keys
                             if by_key.get(k[len("page-"):], [("",)])[0][0] == "delivered")
        log(f"messages: {len(queued)} queued by the clients, {len(rows)} outbox rows of the run, "
            f"{sum(1 for v in by_key.values() if v[0][0] == 'delivered')} delivered, "
            f"{at_sink} stored at the sink, {repeats} repeat(s) at the sink, {resent} sent more "
            f"than once by the workers, {len(self.held_keys)} left 'sending' by the killed worker "
            f"of which {held_delivered} delivered since")
        self.check(not missing, f"every queued message is in the outbox ({len(missing)} missing: "
                                f"{missing[:5]})")
        self.check(not twice, f"each is there once ({len(twice)} twice: {twice[:5]})")
        self.check(not undelivered, f"each is delivered ({len(undelivered)} not: "
                                    f"{undelivered[:5]})")
        self.check(not extra, f"the outbox holds no message the clients did not see queued "
                              f"({len(extra)}: {extra[:5]})")
        self.check(not not_at_sink and at_sink == len(queued),
                   f"each is stored once at the sink ({len(not_at_sink)} missing: "
                   f"{not_at_sink[:5]}; {at_sink} files for {len(queued)} messages)")
        self.check(held_delivered == len(self.held_keys),
                   f"the messages the killed worker held were sent by the survivor "
                   f"({held_delivered} of {len(self.held_keys)})")
        self.check(repeats <= MAX_REPEATS,
                   f"repeats at the sink within one claim batch ({repeats} <= {MAX_REPEATS})")

    def check_events(self):
        accepted = self.ledger.events_accepted
        prefix = "api:admin:"
        rows = self.db.rows(f"SELECT id, count(*) FROM events WHERE id LIKE '{prefix}{self.tag}-%' "
                            "GROUP BY id")
        stored = {i[len(prefix):]: int(n) for i, n in rows}
        missing = [i for i in accepted if i not in stored]
        twice = [i for i, n in stored.items() if n > 1]
        extra = [i for i in stored if i not in self.ledger.events_posted]
        log(f"events: {len(self.ledger.events_posted)} posted, {len(accepted)} accepted, "
            f"{sum(stored.values())} stored with the run's ids ({len(stored)} distinct)")
        self.check(not missing, f"every event posted is stored ({len(missing)} missing: "
                                f"{missing[:5]})")
        self.check(not twice, f"each once ({len(twice)} more than once: {twice[:5]})")
        self.check(not extra, f"and nothing else with the run's ids ({len(extra)}: {extra[:5]})")

    def check_audit(self):
        count_before, last_before, checksum_before = self.audit_before
        count_after = int(self.db.value("SELECT count(*) FROM audit_log"))
        checksum_after = self.audit_checksum(last_before)
        per_crime = {c: int(n) for c, n in self.db.rows(
            "SELECT crime, count(*) FROM audit_log WHERE action = 'queued_message' AND crime LIKE "
            f"'MP/{self.tag}/%' GROUP BY crime")}
        wanted = {}
        for crime in self.ledger.sends_ok.values():
            wanted[crime] = wanted.get(crime, 0) + 1
        short = {c: (n, per_crime.get(c, 0)) for c, n in wanted.items() if per_crime.get(c, 0) < n}
        log(f"audit: {count_before} records before the kill, {count_after} at the end; "
            f"{sum(per_crime.values())} 'queued_message' records for the run's "
            f"{len(self.ledger.sends_ok)} sends")
        self.check(not short, f"every send the clients saw succeed has its 'queued_message' audit "
                              f"record ({len(short)} crimes short, sends vs records: "
                              f"{list(short.items())[:5]})")
        self.check(count_after >= count_before,
                   f"the audit log never shrank ({count_before} before the kill, {count_after} "
                   "at the end)")
        self.check(checksum_after == checksum_before,
                   f"every audit record written before the kill is kept unchanged (count:md5 "
                   f"{checksum_before} then {checksum_after})")

    # All of it -------------------------------------------------------------------------------

    def execute(self):
        log(f"[{self.elapsed()}] schema {self.db.schema}, run {self.tag}, files in {self.folder}")
        self.seed()
        smtp_port = self.start_sink()
        self.start_processes(self.write_config(smtp_port))
        log(f"[{self.elapsed()}] two servers (ports {self.ports}) and two workers up; sink on "
            f"port {smtp_port}")
        self.run_load()
        self.drain()
        self.stop_survivors()
        self.check_clients()
        self.check_messages()
        self.check_events()
        self.check_audit()
        if self.failures:
            for name in self.children.procs:
                log(f"--- {name} (last lines of its log)\n{self.children.log_tail(name)}")
        self.broken = False
        log(f"many_processes_test: {len(self.failures)} failed in {self.elapsed()}")
        return 1 if self.failures else 0

    def clean_up(self):
        self.children.end_all()
        try:
            self.db.drop_schema()
        except Exception as e:  # noqa: BLE001
            log(f"could not drop schema {self.db.schema}: {e}")
        if self.failures or self.broken:
            log(f"the children's logs and the sink are kept in {self.folder}")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)


def wait_for(condition, seconds, what, tell=lambda: ""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise TestFailure(f"gave up after {seconds} s waiting for {what}\n{tell()}")


def healthy(port):
    try:
        return http_request(port, "GET", "/healthz").status == 200
    except (OSError, http.client.HTTPException):
        return False


def read_int(path):
    try:
        with open(path) as f:
            return int(f.read().strip() or 0)
    except FileNotFoundError:
        return 0


def main():
    if len(sys.argv) != 2:
        print("usage: many_processes_test.py CITIZENFOCUS_BINARY", file=sys.stderr)
        return 2
    base_url = os.environ.get("CF_TEST_POSTGRESQL", "")
    if not base_url:
        print("CF_TEST_POSTGRESQL is not set: no PostgreSQL server to run on (scripts/test "
              "starts one)")
        return SKIP

    def terminated(signum, frame):
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, terminated)
    run = Run(sys.argv[1], base_url)
    try:
        return run.execute()
    except TestFailure as e:
        log(f"FAILED: {e}")
        for name in run.children.procs:
            log(f"--- {name} (last lines of its log)\n{run.children.log_tail(name)}")
        return 1
    finally:
        run.clean_up()


if __name__ == "__main__":
    sys.exit(main())

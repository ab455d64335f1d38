"""The store a Python test keeps, on either backend (tests/CMakeLists.txt runs the command-line
suites a second time with CF_TEST_BACKEND=postgresql): an SQLite file in the test's folder by
default, else a fresh schema of its own on the server CF_TEST_POSTGRESQL names. The tests read
the store back through the databases' own shells (sqlite3, psql), as an auditor would, so rows
come back as text on both."""
import os
import re
import subprocess
import sys


def on_postgresql():
    return os.environ.get("CF_TEST_BACKEND") == "postgresql"


def test_store(folder, name):
    """The --db value of a new, empty store called `name`."""
    if not on_postgresql():
        return os.path.join(folder, name + ".db")
    server = os.environ.get("CF_TEST_POSTGRESQL")
    if not server:
        # ctest's SKIP_REGULAR_EXPRESSION matches this: no server named, nothing to run on.
        print("CF_TEST_BACKEND=postgresql without CF_TEST_POSTGRESQL (scripts/test sets it)")
        sys.exit(1)
    schema = f"p{os.getpid()}_" + re.sub(r"[^a-z0-9]", "", name.lower())
    psql(server, f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
    sep = "&" if "?" in server else "?"
    return f"{server}{sep}options=-csearch_path%3D{schema}&application_name={schema}"


def psql(url, sql):
    got = subprocess.run(["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                         capture_output=True, text=True)
    if got.returncode != 0:
        raise RuntimeError(f"psql: {got.stderr.strip()} in: {sql}")
    return got.stdout


def rows(db, sql):
    """The rows `sql` gives on the store, each a list of its columns as text."""
    if db.startswith(("postgresql://", "postgres://")):
        out = psql(db, sql)
    else:
        got = subprocess.run(["sqlite3", "-batch", db, sql], capture_output=True, text=True)
        if got.returncode != 0:
            raise RuntimeError(f"sqlite3: {got.stderr.strip()} in: {sql}")
        out = got.stdout
    return [line.split("|") for line in out.splitlines()]


def scalar(db, sql):
    """The first column of the first row, as a whole number."""
    return int(rows(db, sql)[0][0])

"""Writes the fuzz targets' seed inputs, from the test inputs and the data files, into
OUT/<target>/: the starting point of the committed corpora in fuzz/corpus/ (docs/fuzzing.md says
how they are merged down). Usage: python3 fuzz/seeds.py OUT"""
import hashlib
import io
import json
import pathlib
import re
import sys
import zipfile

root = pathlib.Path(__file__).resolve().parent.parent
out = pathlib.Path(sys.argv[1])


def seed(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def literals(path):
    """The string literals of a C++ file, adjacent ones joined, escapes undone."""
    text = path.read_text()
    found = []
    token = re.compile(r'R"\((.*?)\)"|"((?:[^"\\\n]|\\.)*)"((?:\s*"(?:[^"\\\n]|\\.)*")*)', re.S)
    for m in token.finditer(text):
        if m.group(1) is not None:
            found.append(m.group(1))
            continue
        parts = [m.group(2)] + re.findall(r'"((?:[^"\\\n]|\\.)*)"', m.group(3) or "")
        s = "".join(parts)
        s = re.sub(r'\\(.)', lambda e: {"n": "\n", "r": "\r", "t": "\t"}.get(e.group(1), e.group(1)), s)
        found.append(s)
    return found


tests = sorted((root / "tests").glob("*.cpp"))
strings = [s for t in tests for s in literals(t)]

# JSON Lines: the example force, each case of it, and every event line in the tests.
cases = (root / "tests/examples/cases.jsonl").read_text()
seed("jsonl_reader", cases)
by_crime = {}
for line in cases.splitlines():
    by_crime.setdefault(json.loads(line)["crime"], []).append(line)
for lines in by_crime.values():
    seed("jsonl_reader", "\n".join(lines) + "\n")
for s in strings:
    if '"type":' in s and "{" in s:
        seed("jsonl_reader", s)

# data.police.uk: the head of each shared file, street alone and street then outcomes.
police = root / "tests/data/police-uk"
for street in sorted(police.glob("*-street.csv")):
    head = "".join(street.open().readlines()[:20])
    seed("police_uk", head)
    seed("csv", "".join(street.open().readlines()[:4]))
    outcomes = pathlib.Path(str(street).replace("-street.csv", "-outcomes.csv"))
    if outcomes.exists():
        seed("police_uk", head + "\f" + "".join(outcomes.open().readlines()[:20]))
        seed("csv", "".join(outcomes.open().readlines()[:4]))
for s in strings:
    if "Crime ID" in s:
        seed("police_uk", s)

# Scores files: a whole one built from the framework, the tests' own, and two .xlsx files (one
# deflated as Excel writes it, one stored, so that changed bytes reach the XML).
framework = json.loads((root / "data/self-assessment/indicators.json").read_text())
rows = ["scope,assessed_on,assessor,component,indicator,title,score,note,evidence"]
for c in framework["components"]:
    for i, ind in enumerate(c["indicators"]):
        rows.append(f'North BCU,2026-10-01,Supt K Lee,{c["number"]},{ind["id"]},"{ind["title"]}",'
                    f'{i % 5},"Note, with ""quotes""",https://intranet/a | Report 14')
seed("scores", "\r\n".join(rows) + "\r\n")
seed("csv", "\r\n".join(rows[:4]) + "\r\n")
for s in strings:
    if "scope," in s and "indicator" in s:
        seed("scores", s)
        seed("csv", s)
for s in strings:
    if s.count(",") >= 2 and "\n" in s and "{" not in s:
        seed("csv", s)
sheet = (root / "tests/support/make_xlsx.py").read_text()
for compression in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
    buffer = io.BytesIO()
    source = sheet.replace("zipfile.ZIP_DEFLATED", str(compression)).replace("sys.argv[1]", "buffer")
    exec(compile(source, "make_xlsx.py", "exec"), {"__name__": "__main__", "buffer": buffer, "sys": sys})
    seed("scores", buffer.getvalue())

# Hostile inputs the tests keep as files.
for f in sorted((root / "tests/data/hostile").glob("*")):
    target = {".xlsx": "scores", ".csv": "scores", ".jsonl": "jsonl_reader"}.get(f.suffix)
    if target:
        seed(target, f.read_bytes())

# Message templates: the built-in letters and the tests' templates.
for t in sorted((root / "data/letters").glob("*/*.mustache")):
    seed("message_template", t.read_text())
for s in strings:
    if "subject:" in s:
        seed("message_template", s)

# Forms, cookies and query strings as the tests send them.
for s in strings:
    if re.fullmatch(r"[\w.%+*-]+=[^\s]*(&[\w.%+*-]+=[^\s]*)*", s):
        seed("http_params", s)
    if "?" in s and s.startswith("/"):
        seed("http_params", s.split("?", 1)[1])
for s in ["cf_session=abc123; theme=dark", "cf_session=; a=b=c;;  x = y ", "cf_csrf=%41%zz"]:
    seed("http_params", s)

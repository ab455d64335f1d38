"""A GOV.UK Notify-compatible API on loopback for tests.

Checks each request's JWT (HS256 signed with the secret, iss = the service id, iat within
30 seconds), accepts POST /v2/notifications/{email,sms,letter} (stored as DIR/<reference>.json, a
letter's PDF also as DIR/<reference>.pdf; a repeat of a reference returns the first id, as an
idempotent provider would) and answers GET /v2/notifications/<id> with {"status": STATUS}, or
for a letter "received" (printed and posted) when STATUS is "delivered". A letter whose content
is not a PDF, or whose postage is not first or second, is refused (400) as Notify refuses it. Phone numbers ending 0000 are refused
for good (400), as Notify refuses invalid numbers.
Usage: python3 notify_sink.py PORT DIR SERVICE_ID SECRET STATUS
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT, DIR, SERVICE, SECRET, STATUS = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
os.makedirs(DIR, exist_ok=True)
KINDS = {}  # Notify's id -> email, sms or letter


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def token_error(header):
    if not header.startswith("Bearer "):
        return "no bearer token"
    parts = header[7:].split(".")
    if len(parts) != 3:
        return "not a JWT"
    signing = (parts[0] + "." + parts[1]).encode()
    expected = hmac.new(SECRET.encode(), signing, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, b64url_decode(parts[2])):
        return "Invalid token: signature"
    claims = json.loads(b64url_decode(parts[1]))
    if claims.get("iss") != SERVICE:
        return "Invalid token: iss"
    if abs(time.time() - claims.get("iat", 0)) > 30:
        return "Invalid token: expired"
    return None


class Handler(BaseHTTPRequestHandler):
    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        error = token_error(self.headers.get("Authorization", ""))
        if error:
            return self.reply(403, {"errors": [{"error": "AuthError", "message": error}]})
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        if body.get("phone_number", "").endswith("0000"):
            return self.reply(400, {"errors": [{"error": "ValidationError", "message": "phone_number Not a UK mobile number"}]})
        kind = self.path.rsplit("/", 1)[-1]
        if kind == "letter":
            try:
                pdf = base64.b64decode(body.get("content", ""), validate=True)
            except ValueError:
                pdf = b""
            if not pdf.startswith(b"%PDF-") or body.get("postage") not in ("first", "second"):
                return self.reply(400, {"errors": [{"error": "ValidationError", "message": "Letter content is not a valid PDF"}]})
            with open(os.path.join(DIR, body["reference"] + ".pdf"), "wb") as f:
                f.write(pdf)
            body["content"] = "(%d bytes)" % len(pdf)
        path = os.path.join(DIR, body["reference"] + ".json")
        if not os.path.exists(path):
            body["id"] = str(uuid.uuid4())
            body["kind"] = kind
            with open(path, "w") as f:
                json.dump(body, f)
        with open(path) as f:
            stored = json.load(f)
        KINDS[stored["id"]] = kind
        self.reply(201, {"id": stored["id"], "reference": stored["reference"]})

    def do_GET(self):
        error = token_error(self.headers.get("Authorization", ""))
        if error:
            return self.reply(403, {"errors": [{"error": "AuthError", "message": error}]})
        id = self.path.rsplit("/", 1)[-1]
        status = "received" if KINDS.get(id) == "letter" and STATUS == "delivered" else STATUS
        self.reply(200, {"id": id, "status": status})

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", PORT), Handler)
open(os.path.join(DIR, "ready"), "w").close()
server.serve_forever()

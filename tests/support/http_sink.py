"""A loopback HTTP endpoint for tests: answers POSTs with STATUS and saves each body and its
headers as DIR/<n>.json and DIR/<n>.headers. Usage: python3 http_sink.py PORT DIR STATUS"""
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT, DIR, STATUS = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
os.makedirs(DIR, exist_ok=True)


class Handler(BaseHTTPRequestHandler):
    count = 0

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Handler.count += 1
        with open(os.path.join(DIR, f"{Handler.count}.json"), "wb") as f:
            f.write(body)
        with open(os.path.join(DIR, f"{Handler.count}.headers"), "w") as f:
            f.write(str(self.headers))
        self.send_response(STATUS)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"received": true}')

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", PORT), Handler)
open(os.path.join(DIR, "ready"), "w").close()
server.serve_forever()

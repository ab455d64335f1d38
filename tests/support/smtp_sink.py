"""A loopback SMTP server for tests (aiosmtpd, from Debian's python3-aiosmtpd).

Stores each message as a file in DIR named by its Message-ID, like a provider that honours
an idempotency key: a repeat of a Message-ID already stored is counted in DIR/repeats.txt
and not stored again. Usage: python3 smtp_sink.py PORT DIR
"""
import os
import sys
import time
from email import message_from_bytes

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.repeats = 0

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        key = (message.get("Message-ID") or "").strip("<>").replace("/", "_")
        if not key:
            return "550 a Message-ID is required"
        path = os.path.join(self.folder, key + ".eml")
        if os.path.exists(path):
            self.repeats += 1
            with open(os.path.join(self.folder, "repeats.txt"), "w") as f:
                f.write(str(self.repeats))
        else:
            with open(path + ".tmp", "wb") as f:
                f.write(envelope.content)
            os.rename(path + ".tmp", path)
        return "250 OK"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    # aiosmtpd's start() checks the server answers, within 5 s by default: a loaded CI machine
    # (two cores, Chromium beside it) has taken longer, and the sink then never started.
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port, ready_timeout=30)
    controller.start()
    with open(os.path.join(folder, "ready"), "w") as f:
        f.write("ready")
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()

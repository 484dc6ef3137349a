"""Stands in for systemd's notify socket in the smoke test: binds a Unix datagram socket at
the path given and appends every message it receives to the log file given, one line each,
prefixed with the seconds since the listener started (time.monotonic), e.g. "12.031 WATCHDOG=1".
The kiosk finds the socket through NOTIFY_SOCKET, as under systemd. Runs until killed.

Usage: python3 notify_listener.py SOCKET_PATH LOG_PATH
"""

import os
import socket
import sys
import time

path, log = sys.argv[1], sys.argv[2]
if os.path.exists(path):
    os.unlink(path)
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
start = time.monotonic()
with open(log, "a", buffering=1) as out:
    out.write("%.3f LISTENING\n" % 0.0)
    while True:
        data = sock.recv(4096)
        # One datagram may carry several assignments, one a line (sd_notify(3)).
        for line in data.decode("utf-8", "replace").splitlines():
            out.write("%.3f %s\n" % (time.monotonic() - start, line))

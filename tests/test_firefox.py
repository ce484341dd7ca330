"""The offline zip in Firefox ESR (Debian's firefox-esr), driven over WebDriver BiDi, which Firefox speaks itself
(--remote-debugging-port): no driver binary, no download. The websocket client is a few lines of standard library.
Checks that progress carries from page to page when the course is opened from file://, and that the page
says so plainly when it does not."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from test_learner_data import ANSWER_ALL

ROOT = Path(__file__).resolve().parent.parent
FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox")

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(FIREFOX is None, reason="firefox-esr is not installed (scripts/ensure-chromium.sh installs it)")]


class WebSocket:
    """Just enough of RFC 6455 for a local BiDi session: masked text frames out, text frames in."""

    def __init__(self, host: str, port: int, path: str):
        self.sock = socket.create_connection((host, port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        assert b" 101 " in head.split(b"\r\n")[0], head
        self.buffer = b""

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def send(self, text: str):
        data = text.encode()
        mask = os.urandom(4)
        n = len(data)
        head = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536
                                else bytes([0x80 | 127]) + struct.pack(">Q", n))
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self) -> str:
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            if b0 & 0x0F == 0x9:  # ping
                continue
            message += payload
            if b0 & 0x80:
                return message.decode()


class Bidi:
    def __init__(self, port: int):
        self.ws = WebSocket("127.0.0.1", port, "/session")
        self.next_id = 0
        self.send("session.new", {"capabilities": {}})
        self.context = self.send("browsingContext.getTree", {})["contexts"][0]["context"]

    def send(self, method: str, params: dict) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                assert reply.get("type") != "error", reply
                return reply["result"]

    def goto(self, url: str):
        self.send("browsingContext.navigate", {"context": self.context, "url": url, "wait": "complete"})

    def js(self, expression: str):
        """The value of a JSON-returning expression in the page."""
        result = self.send("script.evaluate", {"expression": f"JSON.stringify({expression})", "target": {"context": self.context},
                                               "awaitPromise": True})
        assert result["type"] == "success", result
        return json.loads(result["result"]["value"])

    def click(self, selector: str):
        self.js(f"(document.querySelector({json.dumps(selector)}).click(), true)")
        time.sleep(1.5)  # a click on a link starts a navigation; there is no load event to wait on over evaluate


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def firefox(tmp_path):
    port = free_port()
    profile = tmp_path / "profile"
    profile.mkdir()
    # No network at all: the offline zip must not need it (proxy to a closed port).
    (profile / "user.js").write_text('user_pref("network.proxy.type", 1);\nuser_pref("network.proxy.http", "127.0.0.1");\n'
                                     'user_pref("network.proxy.http_port", 9);\nuser_pref("network.proxy.ssl", "127.0.0.1");\n'
                                     'user_pref("network.proxy.ssl_port", 9);\n', encoding="utf-8")
    proc = subprocess.Popen([FIREFOX, "--headless", "--no-remote", "--profile", str(profile), f"--remote-debugging-port={port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield Bidi(port)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_offline_zip_in_firefox_carries_progress_between_pages_or_says_it_does_not(site, tmp_path, firefox):
    out = tmp_path / "nimo-course.zip"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_dist.py"), str(site), str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as zf:
        zf.extractall(tmp_path / "unzipped")
    folder = tmp_path / "unzipped" / "nimo-course"
    ff = firefox
    ff.goto((folder / "index.html").as_uri())
    ff.click("article a[href$='unit-2.html']")
    assert ff.js("location.href").endswith("modules/unit-2.html")
    qid = ff.js("document.querySelector('li.quiz-q[data-type=truefalse]').dataset.qid")
    ff.js(f"(({ANSWER_ALL})([{json.dumps(qid)}]), true)")
    assert "正解です" in ff.js(f"document.querySelector('li.quiz-q[data-qid=\"{qid}\"] .quiz-q__verdict').textContent")
    ff.click("a.md-footer__link--next")  # unit 3, then the progress page by the header's link
    ff.goto((folder / "progress.html").as_uri())
    shared = ff.js("document.querySelectorAll('.nimo-notshared').length") == 0
    row = ff.js("document.querySelector('.progress-row[data-quiz=\"unit-2\"] .progress-row__status').textContent")
    # Either the answer carried over, or the page says plainly that it cannot; never a silent loss.
    assert (shared and row.startswith("学習中")) or (not shared and row.startswith("未着手")), (shared, row)
    # And the check itself works in Firefox: a page that does not find the previous page's mark says so.
    ff.js("(localStorage.removeItem('nimo-course:v1:pagecheck'), true)")
    ff.click("a.md-footer__link--next")
    assert "共有されていない" in ff.js("(document.querySelector('.nimo-notshared') || {}).textContent || ''")

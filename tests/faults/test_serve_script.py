"""`make run` starts the worker and the web server through scripts/serve.sh. Stopping it
(SIGTERM to the script, or Ctrl+C, which signals the terminal's whole foreground group)
must stop every process it started: the worker runs without Django's autoreloader, so no
reloader child is left running jobs after its parent is gone. By default it serves as in
production: DEBUG off, gunicorn, static files collected and served by WhiteNoise."""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection

from tests.conftest import TEST_PASSWORD
from tests.faults.conftest import ROOT, database_url, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command line) of every process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_bytes()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue
        parent = int(stat.rsplit(b")", 1)[1].split()[1])
        found[int(entry.name)] = (parent, cmdline)
    return found


def _descendants(pid: int) -> dict[int, str]:
    table = _processes()
    found, todo = {}, [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, cmdline) in table.items():
            if ppid == parent and child not in found:
                found[child] = cmdline
                todo.append(child)
    return found


def _alive(started: dict[int, str]) -> list[int]:
    """The processes of `started` still running (not zombies, and not a recycled pid)."""
    table = _processes()
    left = []
    for pid, cmdline in started.items():
        try:
            state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if state != b"Z" and pid in table and table[pid][1] == cmdline:
            left.append(pid)
    return left


def _answers(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/akun/masuk/", timeout=2)
    except OSError:
        return False
    return True


def _served_like_production(port: int) -> None:
    """The login page links its style sheet under a content-hashed name, served
    compressed with a year's caching; an unknown address gets the application's own
    Indonesian page, not Django's technical one."""
    base = f"http://127.0.0.1:{port}"
    login = urllib.request.urlopen(f"{base}/akun/masuk/", timeout=5).read().decode()
    sheet = re.search(r'href="(/static/ucj/ucj\.[0-9a-f]{12}\.css)"', login)
    assert sheet, login[:500]
    request = urllib.request.Request(base + sheet.group(1), headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert answer.headers["Content-Encoding"] == "gzip"
        assert "max-age=315360000" in answer.headers["Cache-Control"]
    try:
        urllib.request.urlopen(f"{base}/tidak-ada/", timeout=5)
    except urllib.error.HTTPError as missing:
        assert missing.code == 404
        assert "Halaman tidak ditemukan" in missing.read().decode()
    else:
        raise AssertionError("an unknown address answered 200")


def _signs_in(port: int, username: str) -> None:
    """Over plain http on this machine (`make run`) the session and CSRF cookies must not
    be Secure: a browser, like this cookie jar, would drop them and no sign-in would hold."""
    base = f"http://127.0.0.1:{port}"
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = browser.open(f"{base}/akun/masuk/", timeout=5).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username,
                                   "password": TEST_PASSWORD}).encode()
    landed = browser.open(f"{base}/akun/masuk/", data=form, timeout=10)
    assert "/akun/masuk/" not in landed.geturl(), landed.read().decode()[:500]
    cookies = {cookie.name: cookie for cookie in jar}
    assert "sessionid" in cookies and not cookies["sessionid"].secure


def test_stopping_serve_sh_stops_the_worker_and_the_server_and_all_their_children(
        kalbar, tmp_path, provinsi_user):
    """SIGTERM to the script alone (as `kill` or a service manager sends it; Ctrl+C runs
    the same trap). About 10 s on an idle machine, mostly Django starting three times."""
    # The server hashes as in production; the suite's fast hasher is not in its list.
    provinsi_user.password = make_password(TEST_PASSWORD, hasher="pbkdf2_sha256")
    provinsi_user.save(update_fields=["password"])
    port = _free_port()
    env = {**os.environ, "UCJ_DATABASE_URL": database_url(connection.settings_dict,
                                                          connection.vendor),
           "UCJ_VAR_DIR": str(tmp_path / "var"), "UCJ_PORT": str(port),
           "UCJ_DEBUG": "0", "UCJ_SECRET_KEY": secrets.token_urlsafe(50),
           "UCJ_LOCAL_HTTP": "1", "UCJ_WEB_WORKERS": "1"}
    # A session of its own, so that the finally below can clean up whatever is left.
    script = subprocess.Popen([str(ROOT / "scripts" / "serve.sh")], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    started = {}
    log = tmp_path / "var" / "worker.log"
    try:
        def up():
            started.update(_descendants(script.pid))
            servers = [pid for pid, cmd in started.items() if "gunicorn" in cmd]
            # the worker has set its signal handlers; gunicorn's master has its worker
            return (log.exists() and "Starting worker" in log.read_text()
                    and len(servers) == 2 and _answers(port))

        wait_for(up, timeout=240, every=0.5, what="the worker and the web server")
        started.update(_descendants(script.pid))
        workers = [pid for pid, cmd in started.items() if "db_worker" in cmd]
        assert len(workers) == 1, started  # one process: no autoreloader parent and child
        _served_like_production(port)
        _signs_in(port, provinsi_user.username)

        script.send_signal(signal.SIGTERM)
        script.wait(timeout=20)
        wait_for(lambda: not _alive(started), timeout=10, every=0.1,
                 what="every process the script started to end")
    finally:
        if script.poll() is None:
            os.killpg(script.pid, signal.SIGKILL)
            script.wait()
        for pid in _alive(started):
            os.kill(pid, signal.SIGKILL)

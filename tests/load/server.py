"""gunicorn with the production config (deploy/gunicorn.conf.py) as a child process on loopback,
for the load test and the load benchmark."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
CONFIG = BASE_DIR / "deploy" / "gunicorn.conf.py"
# The ports this project's load runs may take (LOAD_PORT picks one).
PORTS = range(8710, 8730)


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 60) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def problems(self) -> list[str]:
        """Lines of the server's log that no healthy run writes: tracebacks, killed workers,
        Django's errors (a 500 is logged at ERROR with its traceback)."""
        signs = (
            "Traceback",
            "Internal Server Error",
            "WORKER TIMEOUT",
            "[ERROR]",
            "[CRITICAL]",
            "database is locked",
        )
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [line for line in text.splitlines() if any(sign in line for sign in signs)]


def free_port() -> int:
    if os.environ.get("LOAD_PORT"):
        return int(os.environ["LOAD_PORT"])
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"все порты {PORTS.start}–{PORTS.stop - 1} заняты")


@contextlib.contextmanager
def gunicorn(*, env: dict[str, str], log: Path, workers: int = 2, ready_path: str = "/login/"):
    """Start gunicorn with ``env`` over the current environment, wait until ``ready_path``
    answers, yield the Server, stop it gracefully (as systemd does) at the end."""
    port = free_port()
    environment = {
        **os.environ,
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
    }
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(CONFIG)],
            cwd=BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_ready(server, port, ready_path)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(server: Server, port: int, path: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    # Until our gunicorn says it listens, whatever answers on the port is someone else.
    listening = f"Listening at: http://127.0.0.1:{port} "
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn не запустился:\n{server.log_tail()}")
        if listening not in server.log.read_text(encoding="utf-8", errors="replace"):
            time.sleep(0.2)
            continue
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn не ответил за {seconds:.0f} с:\n{server.log_tail()}")

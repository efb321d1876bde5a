"""A load generator for loopback: N keep-alive connections for T seconds against scenarios.

Standard library only: a thread per connection, each with its own ``http.client`` connection and
cookies, like one browser tab of one user. A connection whose scenario has a login first signs in
through the real login form (the CSRF token read from the page); the clock starts once every
connection is ready. Requests follow one another on each connection (no pipelining) and redirects
are not followed: a write answered with its redirect has succeeded, as for a browser.

One Python process is held to one CPU by the GIL: ``processes=2`` spreads the connections over two
processes when the generator must not be what limits throughput (static files). On a two-CPU
machine it competes with the server either way, so the figures are comparative, not absolute.

From the shell, against a running server (e.g. ``make serve``), every URL its own scenario::

    .venv/bin/python -m tests.load.loadgen --connections 32 --seconds 15 \
        http://127.0.0.1:8000/zarechnaya-school-1/nastavnichestvo/ \
        http://127.0.0.1:8000/zarechnaya-school-1/nastavnichestvo/news/
"""

import argparse
import http.client
import multiprocessing
import re
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

# The login form's hidden field, however the template orders the attributes.
CSRF_INPUT = re.compile(
    r'<input[^>]*name="csrfmiddlewaretoken"[^>]*value="([^"]+)"'
    r'|<input[^>]*value="([^"]+)"[^>]*name="csrfmiddlewaretoken"'
)
# What a server does to an idle keep-alive connection it closes (a worker being replaced, the
# keep-alive timeout): the request sent on it never reached the application.
CLOSED_BY_SERVER = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    form: dict[str, str] | None = None  # a POST's fields; the CSRF token is added
    expect: int = 200  # the status that means success
    marker: str = ""  # a write's unique value, recorded when the write succeeds


@dataclass(frozen=True)
class Scenario:
    """One kind of user. ``requests(slot, step)`` is the ``step``-th request of the scenario's
    ``slot``-th connection (slots count from 0 within the scenario, steps from 0 on each)."""

    name: str
    requests: Callable[[int, int], Request]
    login: tuple[str, str] | None = None  # username, password


class Cycle:
    """The requests of a scenario that reads the same pages in turn (picklable, so it can run in
    several processes)."""

    def __init__(self, *paths: str):
        self.paths = paths

    def __call__(self, slot: int, step: int) -> Request:
        return Request("GET", self.paths[(slot + step) % len(self.paths)])


@dataclass
class Tally:
    """What one scenario's connections got."""

    statuses: Counter = field(default_factory=Counter)
    unexpected: Counter = field(default_factory=Counter)  # "POST /path → 500": count
    errors: Counter = field(default_factory=Counter)  # "TimeoutError: GET /path": count
    retries: int = 0  # requests sent again on a new connection (see CLOSED_BY_SERVER)
    latencies: list[float] = field(default_factory=list)  # seconds, one per response
    writes: dict[int, list[str]] = field(default_factory=dict)  # slot → succeeded markers

    @property
    def responses(self) -> int:
        return len(self.latencies)

    def merge(self, other: "Tally") -> None:
        self.statuses.update(other.statuses)
        self.unexpected.update(other.unexpected)
        self.errors.update(other.errors)
        self.retries += other.retries
        self.latencies.extend(other.latencies)
        for slot, markers in other.writes.items():
            self.writes.setdefault(slot, []).extend(markers)

    def percentile_ms(self, share: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def median_ms(self) -> float:
        return 1000 * statistics.median(self.latencies) if self.latencies else 0.0

    @property
    def p95_ms(self) -> float:
        return self.percentile_ms(0.95)


@dataclass
class Report:
    connections: int
    seconds: float  # the measured window, from the start to the last response
    tallies: dict[str, Tally]

    @property
    def total(self) -> Tally:
        total = Tally()
        for tally in self.tallies.values():
            total.merge(tally)
        return total

    def throughput(self, name: str | None = None) -> float:
        """Responses per second, of one scenario or of all."""
        tally = self.tallies[name] if name else self.total
        return tally.responses / self.seconds if self.seconds else 0.0

    @property
    def clean(self) -> bool:
        """No error and every response the expected one."""
        return not any(tally.errors or tally.unexpected for tally in self.tallies.values())

    def summary(self) -> str:
        total = self.total
        lines = [
            f"Нагрузка: соединений {self.connections}, {self.seconds:.1f} с, "
            f"ответов {total.responses}, {self.throughput():.0f} запр./с, "
            f"медиана {total.median_ms:.0f} мс, p95 {total.p95_ms:.0f} мс"
        ]
        for name, tally in self.tallies.items():
            statuses = ", ".join(f"{code}: {n}" for code, n in sorted(tally.statuses.items()))
            lines.append(
                f"  {name}: ответов {tally.responses} ({statuses or 'нет'}), "
                f"{self.throughput(name):.0f} запр./с, медиана {tally.median_ms:.0f} мс, "
                f"p95 {tally.p95_ms:.0f} мс, повторов {tally.retries}"
            )
            lines.extend(f"    ошибка ×{n}: {what}" for what, n in tally.errors.most_common(10))
            lines.extend(
                f"    неожиданный ответ ×{n}: {what}"
                for what, n in tally.unexpected.most_common(10)
            )
        return "\n".join(lines)


class LoginFailed(Exception):
    pass


class Connection:
    """One keep-alive HTTP connection with its own cookies: one user's browser tab."""

    def __init__(self, host: str, port: int, timeout: float):
        self.http = http.client.HTTPConnection(host, port, timeout=timeout)
        self.origin = f"http://{host}:{port}"
        self.cookies: dict[str, str] = {}
        self.retries = 0

    def send(self, method: str, path: str, form: dict[str, str] | None = None):
        """Send one request and read the whole answer: ``(status, body)``."""
        headers = {"User-Agent": "nastavnichestvo-loadgen", "Accept": "text/html,*/*"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            token = self.cookies.get("csrftoken", "")
            body = urlencode({"csrfmiddlewaretoken": token, **form}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        for attempt in (1, 2):
            reused = self.http.sock is not None
            try:
                self.http.request(method, path, body=body, headers=headers)
                response = self.http.getresponse()
                content = response.read()
            except CLOSED_BY_SERVER:
                self.http.close()
                # Like a browser: once, and only on a connection that had served before.
                if reused and attempt == 1:
                    self.retries += 1
                    continue
                raise
            self._keep_cookies(response)
            return response.status, content
        raise AssertionError("unreachable")

    def log_in(self, username: str, password: str) -> None:
        status, page = self.send("GET", "/login/")
        found = CSRF_INPUT.search(page.decode("utf-8", "replace"))
        if status != 200 or not found:
            raise LoginFailed(f"страница входа ответила {status}")
        form = {"username": username, "password": password}
        form["csrfmiddlewaretoken"] = found.group(1) or found.group(2)
        status, _page = self.send("POST", "/login/", form)
        if status != 302:
            raise LoginFailed(f"вход {username} не удался: ответ {status}")

    def close(self) -> None:
        self.http.close()

    def _keep_cookies(self, response) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


def run(
    base_url: str,
    scenarios: Sequence[Scenario],
    *,
    connections: int = 32,
    seconds: float = 60.0,
    processes: int = 1,
    timeout: float = 30.0,
) -> Report:
    """Deal ``connections`` round-robin over ``scenarios`` and drive them for ``seconds``."""
    assignments = [(scenarios[k % len(scenarios)], k // len(scenarios)) for k in range(connections)]
    if processes <= 1:
        parts = [_run_here(base_url, assignments, seconds, timeout)]
    else:
        # spawn, not fork: the caller may hold threads and open database connections.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(processes, mp_context=context) as pool:
            futures = [
                pool.submit(_run_here, base_url, assignments[p::processes], seconds, timeout)
                for p in range(processes)
            ]
            parts = [future.result() for future in futures]
    tallies = {scenario.name: Tally() for scenario in scenarios}
    for _window, part in parts:
        for name, tally in part.items():
            tallies[name].merge(tally)
    return Report(connections, max(window for window, _part in parts), tallies)


def _run_here(base_url, assignments, seconds, timeout):
    """Drive ``assignments`` (scenario, slot) from threads of this process."""
    address = urlsplit(base_url)
    clock = {}

    def start():
        clock["start"] = time.perf_counter()
        clock["deadline"] = clock["start"] + seconds

    ready = threading.Barrier(len(assignments), action=start)
    tallies = [Tally() for _ in assignments]
    ends = [0.0] * len(assignments)

    def drive(index, scenario, slot):
        tally = tallies[index]
        connection = Connection(address.hostname, address.port or 80, timeout)
        try:
            if scenario.login:
                connection.log_in(*scenario.login)
        except Exception as error:  # whatever it is, the other connections must not wait for it
            tally.errors[f"{type(error).__name__}: {error}"] += 1
            ready.wait()
            return
        ready.wait()
        step = 0
        while time.perf_counter() < clock["deadline"]:
            request = scenario.requests(slot, step)
            step += 1
            began = time.perf_counter()
            try:
                status, _body = connection.send(request.method, request.path, request.form)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                tally.errors[f"{type(error).__name__}: {request.method} {request.path}"] += 1
                continue
            tally.latencies.append(time.perf_counter() - began)
            tally.statuses[status] += 1
            if status != request.expect:
                tally.unexpected[f"{request.method} {request.path} → {status}"] += 1
            elif request.marker:
                tally.writes.setdefault(slot, []).append(request.marker)
        ends[index] = time.perf_counter()
        tally.retries = connection.retries
        connection.close()

    threads = [
        threading.Thread(target=drive, args=(index, scenario, slot), daemon=True)
        for index, (scenario, slot) in enumerate(assignments)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    window = max(ends) - clock["start"] if any(ends) else 0.0
    merged = {}
    for (scenario, _slot), tally in zip(assignments, tallies, strict=True):
        merged.setdefault(scenario.name, Tally()).merge(tally)
    return window, merged


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description="Нагрузка на страницы: каждая ссылка — свой сценарий, соединения по кругу."
    )
    parser.add_argument("urls", nargs="+", help="адреса страниц на одном сервере")
    parser.add_argument("--connections", type=int, default=32, help="соединений (32)")
    parser.add_argument("--seconds", type=float, default=15.0, help="секунд (15)")
    parser.add_argument("--processes", type=int, default=1, help="процессов генератора (1)")
    arguments = parser.parse_args(argv)
    first = urlsplit(arguments.urls[0])
    base_url = f"{first.scheme}://{first.netloc}"
    scenarios = [Scenario(url, Cycle(_path(url))) for url in arguments.urls]
    report = run(
        base_url,
        scenarios,
        connections=arguments.connections,
        seconds=arguments.seconds,
        processes=arguments.processes,
    )
    print(report.summary())


def _path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


if __name__ == "__main__":
    main()

"""The fault harness's own servers and the product's processes.

A private PostgreSQL cluster and a private redis-server on free ports of
127.0.0.1, in a temporary folder, so that the harness may restart and flush
them without touching anyone else's; then gunicorn, a Celery worker and beat,
started with the commands ``make run`` and docker-compose use
(conduct.processes). Every process runs in a session of its own and is
stopped by process group; :meth:`Stack.close` stops them all and removes the
folder, whatever happened before.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from conduct.processes import PROCESSES
from tests.processes import free_port, stop_group

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: Where Debian and its derivatives install PostgreSQL's server programs.
DEBIAN_POSTGRES = Path("/usr/lib/postgresql")
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0


class HarnessError(Exception):
    """The harness itself cannot run (a missing program, a server that does
    not start): the run fails with this message, nothing is skipped."""


def wait_until(
    check: Callable[[], bool], *, seconds: float, what: str, interval: float = 0.2
) -> None:
    """Poll ``check`` until it is true; HarnessError after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    raise HarnessError(f"timed out after {seconds:.0f} s waiting for {what}")


def required_program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise HarnessError(f"{name} is not on PATH: install it (the harness needs it)")
    return path


def postgres_bin_dir() -> Path:
    """PostgreSQL's server programs: FAULTS_PG_BIN, else the newest
    /usr/lib/postgresql/<major>/bin, else the folder of initdb on PATH."""
    candidates: list[Path] = []
    if os.environ.get("FAULTS_PG_BIN"):
        candidates.append(Path(os.environ["FAULTS_PG_BIN"]))
    else:
        if DEBIAN_POSTGRES.is_dir():
            versions = sorted(
                (path for path in DEBIAN_POSTGRES.iterdir() if path.name.isdigit()),
                key=lambda path: int(path.name),
                reverse=True,
            )
            candidates.extend(version / "bin" for version in versions)
        on_path = shutil.which("initdb")
        if on_path:
            candidates.append(Path(on_path).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    raise HarnessError(
        "PostgreSQL's initdb and postgres were not found (looked in "
        f"{', '.join(map(str, candidates)) or DEBIAN_POSTGRES}): install the "
        "PostgreSQL server or set FAULTS_PG_BIN to its bin folder"
    )


class Stack:
    """The private servers and the product's processes of one harness run."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="conduct-faults-"))
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.postgres_port = free_port()
        self.redis_port = free_port()
        self.web_port = free_port()
        self.mail = self.folder / "mail"
        self.mail.mkdir()
        (self.folder / "static").mkdir()
        self._workers = 0

    def __enter__(self) -> Stack:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # ---------------------------------------------------------- processes

    def _start(
        self,
        name: str,
        command: list[str],
        *,
        environment: dict[str, str] | None = None,
        user: str | None = None,
    ) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603 - commands built in this module
            command,
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            user=user,
        )
        log.close()
        self.processes[name] = process
        return process

    def stop(self, name: str, *, kill: bool = False) -> None:
        process = self.processes.pop(name)
        stop_group(
            process,
            sig=signal.SIGKILL if kill else signal.SIGTERM,
            timeout=STOP_TIMEOUT,
        )

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.folder / f"{name}.log"
        if not path.exists():
            return ""
        text = path.read_text(errors="replace").splitlines()[-lines:]
        return "\n".join(text)

    def logs(self) -> list[str]:
        """The names of the processes that wrote a log, oldest first."""
        paths = sorted(self.folder.glob("*.log"), key=lambda path: path.stat().st_mtime)
        return [path.stem for path in paths]

    def close(self) -> None:
        """Stop everything (the app before its servers) and remove the folder."""
        app = [name for name in self.processes if name not in {"postgres", "redis"}]
        # Signal every app process first, so their shutdowns overlap.
        for name in app:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.processes[name].pid, signal.SIGTERM)
        for name in app:
            with contextlib.suppress(Exception):
                self.stop(name)
        if "postgres" in self.processes:
            # Fast shutdown: a smart one (SIGTERM) waits for the harness's
            # own sessions to end.
            with contextlib.suppress(Exception):
                self.stop_postgres()
        if "redis" in self.processes:
            with contextlib.suppress(Exception):
                self.stop("redis")
        shutil.rmtree(self.folder, ignore_errors=True)

    # ---------------------------------------------------------- PostgreSQL

    @property
    def database_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.postgres_port}/conduct"

    def start_postgres(self) -> None:
        """initdb a cluster in the folder and start it (as the postgres user
        when running as root: initdb refuses root)."""
        programs = postgres_bin_dir()
        user = None
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                raise HarnessError(
                    "running as root and there is no postgres user to run "
                    "PostgreSQL as (initdb refuses root)"
                ) from None
            user = "postgres"
            os.chmod(self.folder, 0o755)  # noqa: S103 - the server reads its logs' folder
        data = self.folder / "pgdata"
        sockets = self.folder / "pgsocket"
        for folder in (data, sockets):
            folder.mkdir()
            if user is not None:
                os.chown(folder, account.pw_uid, account.pw_gid)
        done = subprocess.run(  # noqa: S603 - fixed arguments
            [
                str(programs / "initdb"),
                "--pgdata",
                str(data),
                "--username",
                "postgres",
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--locale",
                "C",
            ],
            capture_output=True,
            user=user,
            check=False,
            timeout=START_TIMEOUT,
        )
        if done.returncode != 0:
            raise HarnessError(f"initdb failed: {done.stderr.decode()[-2000:]}")
        self._postgres_command = [
            str(programs / "postgres"),
            "-D",
            str(data),
            "-p",
            str(self.postgres_port),
            "-k",
            str(sockets),
            "-c",
            "listen_addresses=127.0.0.1",
            # A throwaway cluster: durability across a power cut is not
            # what the harness tests, and the machine's disk is shared.
            "-c",
            "fsync=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "max_connections=200",
        ]
        self._postgres_user = user
        self._run_postgres()
        self._create_database()

    def _run_postgres(self) -> None:
        process = self._start(
            "postgres", self._postgres_command, user=self._postgres_user
        )
        wait_until(
            lambda: process.poll() is None and self.postgres_accepts(),
            seconds=START_TIMEOUT,
            what="PostgreSQL to accept connections",
        )

    def postgres_accepts(self) -> bool:
        import psycopg2

        try:
            connection = psycopg2.connect(
                host="127.0.0.1",
                port=self.postgres_port,
                user="postgres",
                dbname="postgres",
                connect_timeout=2,
            )
        except psycopg2.OperationalError:
            return False
        connection.close()
        return True

    def _create_database(self) -> None:
        import psycopg2

        connection = psycopg2.connect(
            host="127.0.0.1",
            port=self.postgres_port,
            user="postgres",
            dbname="postgres",
        )
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CREATE DATABASE conduct")
        connection.close()

    def stop_postgres(self) -> None:
        """A fast shutdown (SIGINT): sessions are ended, as on a restart."""
        process = self.processes.pop("postgres")
        stop_group(process, sig=signal.SIGINT, timeout=STOP_TIMEOUT)

    def start_postgres_again(self) -> None:
        self._run_postgres()

    # ---------------------------------------------------------- Redis

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def start_redis(self) -> None:
        program = required_program("redis-server")
        store = self.folder / "redis"
        store.mkdir()
        self._start(
            "redis",
            [
                program,
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(store),
            ],
        )
        import redis

        def answers() -> bool:
            try:
                return bool(redis.Redis.from_url(self.redis_url).ping())
            except redis.RedisError:
                return False

        wait_until(answers, seconds=START_TIMEOUT, what="redis-server to answer")

    # ---------------------------------------------------------- the product

    def environment(self) -> dict[str, str]:
        """What the product's processes run with: the private servers, the
        file-based email backend, a short broker visibility timeout (a task a
        killed worker held comes back within seconds) and no API rate limit
        in the way of the concurrent clients."""
        environment = dict(os.environ)
        for name in list(environment):
            if name.startswith("DJANGO_"):
                del environment[name]
        environment.update(
            PATH=f"{BIN}{os.pathsep}{environment.get('PATH', '')}",
            DJANGO_SETTINGS_MODULE="bench.faults_settings",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            DJANGO_DEBUG="false",
            DJANGO_VAR_DIR=str(self.folder / "var"),
            DJANGO_STATIC_ROOT=str(self.folder / "static"),
            DJANGO_BIND=f"127.0.0.1:{self.web_port}",
            DJANGO_WEB_WORKERS="2",
            DJANGO_WEB_THREADS="4",
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            DJANGO_EMAIL_FILE_PATH=str(self.mail),
            DJANGO_BROKER_VISIBILITY_TIMEOUT="5",
            DJANGO_API_RATE="100000/minute",
            DJANGO_LOG_LEVEL="WARNING",
        )
        return environment

    def manage(self, *arguments: str) -> None:
        done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, str(ROOT / "manage.py"), *arguments],
            cwd=ROOT,
            env=self.environment(),
            capture_output=True,
            check=False,
            timeout=600,
        )
        if done.returncode != 0:
            output = (done.stdout + done.stderr).decode(errors="replace")[-3000:]
            raise HarnessError(f"manage.py {' '.join(arguments)} failed:\n{output}")

    def _product(self, name: str, *extra: str) -> subprocess.Popen[bytes]:
        command = PROCESSES[name.split("-", maxsplit=1)[0]]
        program = BIN / command[0]
        if not program.exists():
            raise HarnessError(f"{program} is missing: run make install")
        return self._start(
            name, [str(program), *command[1:], *extra], environment=self.environment()
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def start_web(self) -> None:
        process = self._product("web")

        def healthy() -> bool:
            if process.poll() is not None:
                raise HarnessError(f"gunicorn exited:\n{self.log_tail('web')}")
            try:
                with urllib.request.urlopen(  # noqa: S310 - our own 127.0.0.1 server
                    f"{self.base_url}/healthz", timeout=5
                ) as answer:
                    return int(answer.status) == 200  # noqa: PLR2004
            except (urllib.error.URLError, OSError):
                return False

        wait_until(healthy, seconds=START_TIMEOUT, what="gunicorn's /healthz")

    def start_worker(self) -> str:
        """A new worker node (a name of its own); returns its process name."""
        self._workers += 1
        name = f"worker-{self._workers}"
        self._product(name, "--hostname", f"faults{self._workers}@%h")
        return name

    def start_beat(self) -> None:
        (self.folder / "var").mkdir(exist_ok=True)
        self._product("beat")

    def web_pids(self) -> set[int]:
        """gunicorn's master and its workers (to show the app was not restarted)."""
        import psutil

        master = psutil.Process(self.processes["web"].pid)
        return {master.pid, *(child.pid for child in master.children(recursive=True))}

"""A throwaway Spark Thrift server (tests, the benchmark).

The server is pip's pyspark, in its own .venv-spark (its jars include the Thrift server;
`sbin/` is not shipped), started with spark-submit, `local[2]`, its warehouse, metastore
(Derby) and scratch space in a temp dir, on a free port of 127.0.0.1; it is stopped at
the end of the session. One JVM for the whole session: dbt, ingest and publish all talk
to it over Thrift. Without Java 17+ or .venv-spark, or when it does not come up, the
tests skip with the reason (Unavailable).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from arrears.devservers import hive_llap

# a cold JVM plus the Hive metastore's first start: 40-60 s here, far more on a busy machine
START_TIMEOUT_S = float(os.environ.get("ARREARS_SPARK_START_TIMEOUT", "600"))


class Unavailable(Exception):
    """Spark cannot be started on this machine; the message says why."""


@dataclass
class SparkServer:
    host: str
    port: int
    root: Path
    process: subprocess.Popen
    log: Path

    def env(self) -> dict[str, str]:
        return {"ARREARS_SPARK_HOST": self.host, "ARREARS_SPARK_PORT": str(self.port)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


REPO = Path(__file__).resolve().parents[2]  # the checkout: .venv-spark is there


def spark_home() -> Path:
    """The Spark distribution: $SPARK_HOME, else pyspark in `make spark-deps`' .venv-spark.

    pyspark is kept out of the main venv on purpose (see pyproject.toml's `spark` group).
    """
    if os.environ.get("SPARK_HOME"):
        return Path(os.environ["SPARK_HOME"])
    found = sorted(REPO.glob(".venv-spark/lib/python*/site-packages/pyspark"))
    if not found:
        raise Unavailable("pyspark is not installed (make spark-deps puts it in .venv-spark)")
    return found[-1]


def spark_submit() -> Path:
    """Spark's spark-submit, after checking Java is there."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise Unavailable("no Java (Spark needs Java 17: apt-get install openjdk-17-jre-headless)")
    script = spark_home() / "bin" / "spark-submit"
    if not script.is_file():
        raise Unavailable(f"{script} is missing")
    return script


def hive_llap_classpath(home: Path) -> list[str]:
    """spark-submit's option putting hive-llap-common on the driver's classpath, if needed.

    Spark 4 ships without it and then fails some session closes at random
    (arrears/devservers/hive_llap.py); a distribution that has it needs nothing.
    """
    if any((home / "jars").glob("hive-llap-common-*.jar")):
        return []
    jar = hive_llap.jar_path(REPO / ".venv-spark")
    if not jar.is_file():
        raise Unavailable(f"{jar} is missing (make spark-deps fetches it)")
    return ["--driver-class-path", str(jar)]


def start_spark(root: Path, driver_memory: str = "2g") -> SparkServer:
    """Start the Thrift server under `root`; return once it accepts connections.

    driver_memory: the JVM heap of the driver, which in `local[2]` runs every task too
    (2g fits the test landings; the benchmark gives a large portfolio more).
    """
    script = spark_submit()
    llap = hive_llap_classpath(script.parent.parent)
    port = _free_port()
    root.mkdir(parents=True, exist_ok=True)
    log = root / "thriftserver.log"
    env = {
        **os.environ,
        "SPARK_LOCAL_IP": "127.0.0.1",
        "SPARK_HOME": str(script.parent.parent),
    }
    command = [
        str(script),
        "--class",
        "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2",
        "--master",
        "local[2]",
        "--driver-memory",
        driver_memory,
        *llap,
        "--conf",
        f"spark.sql.warehouse.dir={root / 'warehouse'}",
        "--conf",
        f"spark.driver.extraJavaOptions=-Dderby.system.home={root / 'metastore'}",
        "--conf",
        f"spark.local.dir={root / 'scratch'}",
        "--conf",
        "spark.ui.enabled=false",
        "--conf",
        "spark.sql.session.timeZone=UTC",
        # small data on 2 cores: few shuffle partitions (200 by default)
        "--conf",
        "spark.sql.shuffle.partitions=4",
        "--conf",
        "spark.sql.adaptive.coalescePartitions.enabled=true",
        "--hiveconf",
        f"hive.server2.thrift.port={port}",
        "--hiveconf",
        "hive.server2.thrift.bind.host=127.0.0.1",
        "spark-internal",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped whole at the end
        )
    server = SparkServer("127.0.0.1", port, root, process, log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise Unavailable(f"the Spark Thrift server exited ({process.returncode}):\n{tail}")
        if "HiveThriftServer2 started" in log.read_text(errors="replace"):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    return server
        time.sleep(2)
    stop_spark(server)
    raise Unavailable(f"the Spark Thrift server did not start in {START_TIMEOUT_S:.0f} s")


def stop_spark(server: SparkServer) -> None:
    """Stop the server's process group (spark-submit and its JVM)."""
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait()

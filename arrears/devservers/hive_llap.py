"""Put hive-llap-common on the Spark Thrift server's classpath (`make spark-deps`).

Spark 4 no longer ships hive-llap-common (SPARK-51029; its migration guide tells users to
add the jar themselves), yet Hive 2.3's FunctionRegistry cannot initialise without it
(a built-in UDTF, GenericUDTFGetSplits, needs `LlapSigner$Signable`). The Thrift server
initialises it when a session is closed on a thread without a compatible Hive client
(SessionState.unCacheDataNucleusClassLoaders -> Hive.get -> registerAllFunctionsOnce):
that CloseSession then fails with NoClassDefFoundError, which crashed a `dbt test` on Spark
in CI (pyhive raises it from dbt's connection release), rarely and at random.

Maven Central is not reachable here, so the jar is taken from the PyPI sdist of pyspark
3.5.8, which bundles it; both the sdist and the jar are checked against pinned SHA-256
digests. Only the standard library is used: this runs before anything else is installed.
"""

from __future__ import annotations

import hashlib
import sys
import tarfile
import urllib.request
from pathlib import Path

JAR_NAME = "hive-llap-common-2.3.9.jar"
JAR_SHA256 = "bbc07775a0b14180540b44d7879fb35dc92967a1e7a968063ca890c4e604c0b9"
SDIST_URL = (
    "https://files.pythonhosted.org/packages/80/5a/"
    "3806f44eb47387e8af803508cdd6bbc0df784febf4dc010700be04a1ff89/pyspark-3.5.8.tar.gz"
)
SDIST_SHA256 = "54cca0767b21b40e3953ad1d30f8601c53abf9cbda763653289cdcfcac52313c"
MEMBER = f"pyspark-3.5.8/deps/jars/{JAR_NAME}"


class _HashingReader:
    """A file-like wrapper that hashes everything read through it."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.sha256.update(chunk)
        return chunk


def jar_path(spark_venv: Path) -> Path:
    """Where `make spark-deps` puts the jar (beside pyspark, in its own venv)."""
    return spark_venv / "extra-jars" / JAR_NAME


def fetch(target: Path) -> None:
    """Download the sdist, check it, and write the jar to `target` (atomically)."""
    jar = None
    with urllib.request.urlopen(SDIST_URL, timeout=300) as response:
        reader = _HashingReader(response)
        with tarfile.open(fileobj=reader, mode="r|gz") as archive:
            for member in archive:
                if member.name == MEMBER:
                    jar = archive.extractfile(member).read()
        while reader.read(1 << 20):  # whatever tarfile left unread, so all of it is hashed
            pass
    if reader.sha256.hexdigest() != SDIST_SHA256:
        raise SystemExit(f"{SDIST_URL}: SHA-256 mismatch, not using it")
    if jar is None or hashlib.sha256(jar).hexdigest() != JAR_SHA256:
        raise SystemExit(f"{MEMBER} missing from the sdist or its SHA-256 differs")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(jar)
    partial.replace(target)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m arrears.devservers.hive_llap <spark venv>", file=sys.stderr)
        return 2
    target = jar_path(Path(argv[0]))
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == JAR_SHA256:
        return 0
    print(f"fetching {JAR_NAME} (from the pyspark 3.5.8 sdist, 317 MB) into {target.parent}")
    try:
        fetch(target)
    except OSError as exc:  # URLError, timeouts, a full disk: one line, not a traceback
        print(f"could not fetch {JAR_NAME} from {SDIST_URL}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The Spark Thrift server can initialise Hive's FunctionRegistry.

Spark 4 ships without hive-llap-common; without it the registry's static initialiser
fails (NoClassDefFoundError: LlapSigner$Signable). The server runs that initialiser when
it closes a session on a thread with no compatible Hive client, so a CloseSession failed
at random and crashed a `dbt test` on Spark in CI (arrears/devservers/hive_llap.py). This
initialises the class on purpose, through Spark's `reflect`, on the session's server: it
fails without `make spark-deps`' jar on the driver's classpath.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("engines")]

PROBE = (
    "select reflect('java.lang.Class', 'forName', "
    "'org.apache.hadoop.hive.ql.exec.FunctionRegistry')"
)


def test_hive_function_registry_initialises_on_the_spark_server(spark_server):
    from pyhive import hive

    connection = hive.connect(host=spark_server.host, port=spark_server.port)
    try:
        cursor = connection.cursor()
        cursor.execute(PROBE)
        assert cursor.fetchall() == [("class org.apache.hadoop.hive.ql.exec.FunctionRegistry",)]
    finally:
        connection.close()  # the call that failed in CI, now after the registry is loaded

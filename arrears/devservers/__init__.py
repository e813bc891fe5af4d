"""Throwaway engine servers on this machine (a PostgreSQL from initdb, a Spark Thrift
server from pip's pyspark), for the tests and `make bench ENGINE=...`: temp dirs, a free
port on 127.0.0.1, stopped at the end. Not a way to run production."""

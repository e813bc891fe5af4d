"""The landing folder: one CSV writer per batch file, fed chunk by chunk.

Every batch file of the run is opened up front (so an entity with no rows in a month still
gets a header-only file), written as UTF-8 with RFC 4180 quoting by `pyarrow.csv`
(strings are quoted, empty optional fields are written as nothing), and closed in a
fixed order. The first rows of each file are remembered: the deliberate duplicate rows
(see bad_rows.py) copy them.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from seeds.generator.reference import ENTITIES, ENTITY_COLUMNS
from seeds.generator.tables import Batch

_OPTIONS = pacsv.WriteOptions(include_header=True, quoting_header="none")
_REMEMBER = 2


class LandingWriter:
    """Writes `<root>/<entity>/<name>.csv` for the file names given per entity."""

    def __init__(self, root: Path, files: dict[str, list[str]]) -> None:
        self.root = Path(root)
        self.files = files
        self.counts = {entity: 0 for entity in ENTITIES}
        self.first_rows: dict[tuple[str, str], list[dict[str, str | None]]] = {}
        self._writers: dict[tuple[str, str], tuple[object, pacsv.CSVWriter]] = {}
        self._schemas = {
            entity: pa.schema([(name, pa.string()) for name in columns])
            for entity, columns in ENTITY_COLUMNS.items()
        }

    def __enter__(self) -> LandingWriter:
        for entity in ENTITIES:
            folder = self.root / entity
            folder.mkdir(parents=True, exist_ok=True)
            for name in self.files[entity]:
                sink = (folder / f"{name}.csv").open("wb")
                writer = pacsv.CSVWriter(sink, self._schemas[entity], write_options=_OPTIONS)
                self._writers[(entity, name)] = (sink, writer)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for sink, writer in self._writers.values():
            writer.close()
            sink.close()  # type: ignore[attr-defined]
        self._writers.clear()

    def write(self, entity: str, batch: Batch) -> None:
        """Append a chunk's rows of `entity`, each to the batch file its index names."""
        table = batch.table.select(list(ENTITY_COLUMNS[entity])).cast(self._schemas[entity])
        index = np.asarray(batch.file_index, dtype=np.int64)
        if index.size and np.any(np.diff(index) < 0):
            order = np.argsort(index, kind="stable")
            table, index = table.take(pa.array(order)), index[order]
        names = self.files[entity]
        bounds = np.searchsorted(index, np.arange(len(names) + 1), side="left")
        for i, name in enumerate(names):
            start, stop = int(bounds[i]), int(bounds[i + 1])
            if stop > start:
                self._write_table(entity, name, table.slice(start, stop - start))

    def append_rows(self, entity: str, name: str, rows: list[dict[str, str | None]]) -> None:
        """Append literal rows (all columns as text, None = empty) to one batch file."""
        if rows:
            table = pa.Table.from_pylist(rows, schema=self._schemas[entity])
            self._write_table(entity, name, table)

    def _write_table(self, entity: str, name: str, table: pa.Table) -> None:
        _, writer = self._writers[(entity, name)]
        writer.write_table(table)
        self.counts[entity] += table.num_rows
        seen = self.first_rows.setdefault((entity, name), [])
        if len(seen) < _REMEMBER:
            seen.extend(table.slice(0, _REMEMBER - len(seen)).to_pylist())

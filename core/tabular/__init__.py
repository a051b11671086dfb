"""Reading administrators' spreadsheets: the layer under every ``linli import``.

An importer declares its sheet as :class:`Column` specs, opens the file with
:func:`read_table`, and gets :class:`ParsedRow` objects one at a time (or in
:meth:`~TableReader.batches`), each carrying the problems of its cells located
as ``FILE:ROW:COLUMN``. A whole file is checked in one pass; rows that fail go
to a rejects CSV the administrator can fix in Excel and import again::

    from linli.core.tabular import Column, UniqueCheck, parsers as p, read_table, write_rejects

    COLUMNS = [Column("姓名", ("name",)), Column("手机号", ("phone", "mobile", "手机"), p.phone)]
    with read_table("members.xlsx", COLUMNS, checks=[UniqueCheck("手机号")]) as reader:
        for batch in reader.batches(5000):
            save([row.values for row in batch if row.ok])
        print("\\n".join(reader.report()))
        write_rejects("members.xlsx", reader)
"""

from linli.core.tabular import parsers
from linli.core.tabular.cells import FORMULA_START, Cell
from linli.core.tabular.checks import RowCheck, UniqueCheck
from linli.core.tabular.columns import MAX_CELL_CHARS, Column
from linli.core.tabular.problems import CellProblem, RowProblem, TableError, render_problems
from linli.core.tabular.progress import track
from linli.core.tabular.reader import ParsedRow, TableReader, read_table
from linli.core.tabular.rejects import rejects_path, write_rejects

__all__ = [
    "FORMULA_START",
    "MAX_CELL_CHARS",
    "Cell",
    "CellProblem",
    "Column",
    "ParsedRow",
    "RowCheck",
    "RowProblem",
    "TableError",
    "TableReader",
    "UniqueCheck",
    "parsers",
    "read_table",
    "rejects_path",
    "render_problems",
    "track",
    "write_rejects",
]

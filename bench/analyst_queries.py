"""How long the README's analyst queries take on a warehouse: milliseconds, the best of five, each query as the
README prints it ("For analysts"), on a read-only connection as an analyst opens one.

    .venv/bin/python bench/analyst_queries.py WAREHOUSE.duckdb [WAREHOUSE.duckdb ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb

QUERIES = {
    "key financials, latest year": "pivot (select organisation, entity, fiscal_year, concept, amount_sek "
                                   "from key_financials where latest_year) on concept using max(amount_sek)",
    "one line across years": "select organisation, entity, fiscal_year, amount_sek from key_financials "
                             "where concept = 'result_for_the_year' order by all",
    "every amount with its organisation": "select count(*), sum(amount_sek) from statement_facts",
    "statement history": "select count(*) from statement_history",
    "search 'balansräkning'": "select * from search('balansräkning')",
    "search 'underhållsplanen'": "select * from search('underhållsplanen')",
}


def main(paths: list[str]) -> int:
    print(f"{'warehouse':<28} {'query':<38} {'rows':>6} {'ms':>8}")
    for path in paths:
        connection = duckdb.connect(path, read_only=True)
        for name, sql in QUERIES.items():
            times, rows = [], 0
            for _ in range(5):
                started = time.perf_counter()
                rows = len(connection.execute(sql).fetchall())
                times.append(time.perf_counter() - started)
            print(f"{Path(path).parent.name + '/' + Path(path).name:<28} {name:<38} {rows:>6} {min(times) * 1000:>8.1f}")
        connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

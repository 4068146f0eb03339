"""The table the benchmark scripts print: row | value | target | ok.

>>> rows = Rows()
>>> rows.add("compile p50", "0.4 ms", "<=2 ms", "yes")
>>> print(format_table(rows))
row           value  target  ok
-----------  ------  ------  ---
compile p50  0.4 ms  <=2 ms  yes
"""

from __future__ import annotations


def format_table(rows: list[tuple[str, str, str, str]]) -> str:
    header = ("row", "value", "target", "ok")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.rjust(w) if i == 1 else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    lines = [line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in rows]
    return "\n".join(text.rstrip() for text in lines)


class Rows(list):  # type: ignore[type-arg]
    def add(self, row: str, value: str, target: str = "-", ok: str = "-") -> None:
        self.append((row, value, target, ok))

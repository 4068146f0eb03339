"""Column masks as SQL expressions (applied where a dimension is read, so grouping sees masked values too).

>>> from sqlglot import exp
>>> mask_expression(exp.column("phone", table="c"), "last4").sql("duckdb")
"CASE WHEN c.phone IS NULL THEN NULL ELSE '****' || RIGHT(CAST(c.phone AS TEXT), 4) END"
"""

from __future__ import annotations

from sqlglot import exp

MASKS = ("redact", "hash", "last4")


def mask_expression(value: exp.Expression, kind: str) -> exp.Expression:
    """``value`` masked: 'redact' → '[REDACTED]', 'hash' → md5 of the text, 'last4' → '****' + last 4 chars.
    NULL stays NULL, so masking never invents values."""
    text = exp.cast(value.copy(), exp.DataType.build("text"))
    if kind == "redact":
        masked: exp.Expression = exp.Literal.string("[REDACTED]")
    elif kind == "hash":
        masked = exp.MD5(this=text)
    elif kind == "last4":
        last = exp.Right(this=text, expression=exp.Literal.number(4))
        masked = exp.Concat(expressions=[exp.Literal.string("****"), last])
    else:
        raise ValueError(f"unknown mask {kind!r}; use one of {', '.join(MASKS)}")
    is_null = exp.Is(this=value.copy(), expression=exp.Null())
    return exp.Case(ifs=[exp.If(this=is_null, true=exp.Null())], default=masked)

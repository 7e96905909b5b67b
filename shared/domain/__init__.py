"""Domain rules: statutory clocks, lifecycles and other pure functions that enforce the law.

Each rule cites its legal source in its docstring (see ../shared/domain/statutory-rules.md).
"""

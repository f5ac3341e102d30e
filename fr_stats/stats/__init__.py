"""The statistics: intervals, comparisons, disparity, pooling and power.

Each public function takes counts (or studies) and returns a small frozen
result with ``to_dict()``. Nothing here rounds; nothing here prints.
"""

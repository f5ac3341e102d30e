"""The statistics: intervals, comparisons, disparity, pooling, τ² and power.

Numbers only. Each public function takes counts (and levels and methods)
and returns a small frozen result with ``to_dict()``. Nothing here looks up
a study, rounds, prints or writes a sentence for readers: the calls that
take ids are in :mod:`fr_stats.analysis`, the words in :mod:`fr_stats.words`
(``tests/test_architecture.py`` keeps it so).
"""

"""The wording layer: sentences a reader sees, made from typed results.

Statistics (:mod:`fr_stats.stats`) decide; this package words the
decision. A finding is worded here once, and the verdict, the chart title,
its alt text, the report and the claims ledger all take their words from
the same functions, so they cannot drift apart. Nothing here computes a
statistic or imports matplotlib.
"""

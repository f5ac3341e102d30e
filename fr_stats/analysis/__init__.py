"""The analyses behind the commands: ids in, typed results with their words out.

Each module resolves study refs (an id, ``ID@THRESHOLD`` or ``K/N``) through
:mod:`fr_stats.catalog`, computes with the count-based functions of
:mod:`fr_stats.stats`, and takes every sentence (verdicts, caveats, notes)
from :mod:`fr_stats.words`. The results carry ids and labels; the numbers
inside them are the statistics layer's, unrounded.
"""

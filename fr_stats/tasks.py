"""The tasks the published results measured, which are never analysed together."""

FACE_MATCHING = "face-matching"
"""Searching a probe face against a gallery: a false match is a wrong person returned."""

GENDER_CLASSIFICATION = "gender-classification"
"""Labelling a face's gender: an error is a wrong label."""

LIVE_FACIAL_RECOGNITION = "live-facial-recognition"
"""Police cameras scanning passers-by against a watchlist: a false alert is an alert on
the wrong person, counted among alerts (and sometimes among faces scanned)."""

"""The two tasks the published audits measured, which are never analysed together."""

FACE_MATCHING = "face-matching"
"""Searching a probe face against a gallery: a false match is a wrong person returned."""

GENDER_CLASSIFICATION = "gender-classification"
"""Labelling a face's gender: an error is a wrong label."""

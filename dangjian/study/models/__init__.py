"""The study system's models, one module per sub-domain."""

from dangjian.study.models.hall import (
    Material,
    MaterialCategory,
    MaterialRead,
    MaterialTerm,
    Suggestion,
)
from dangjian.study.models.notes import Note, NoteReview, NoteVersion, Reading, StudyPlan

__all__ = [
    "Material",
    "MaterialCategory",
    "MaterialRead",
    "MaterialTerm",
    "Note",
    "NoteReview",
    "NoteVersion",
    "Reading",
    "StudyPlan",
    "Suggestion",
]

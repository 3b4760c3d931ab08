"""The study system's models, one module per sub-domain."""

from dangjian.study.models.notes import Note, NoteReview, NoteVersion, Reading, StudyPlan

__all__ = ["Note", "NoteReview", "NoteVersion", "Reading", "StudyPlan"]

"""The study system's models, one module per sub-domain."""

from dangjian.study.models.notes import Note, NoteReview, NoteVersion, Reading, StudyPlan
from dangjian.study.models.sessions import Attendance, StudySchedule, StudySession

__all__ = [
    "Attendance",
    "Note",
    "NoteReview",
    "NoteVersion",
    "Reading",
    "StudyPlan",
    "StudySchedule",
    "StudySession",
]

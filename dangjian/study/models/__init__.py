"""The study system's models, one module per sub-domain."""

from dangjian.study.models.events import EventIssue, EventParticipant, StudyEvent
from dangjian.study.models.hall import (
    Material,
    MaterialCategory,
    MaterialRead,
    MaterialTerm,
    Suggestion,
)
from dangjian.study.models.lectures import Lecture, LectureQuestion, LectureRating
from dangjian.study.models.notes import Note, NoteReview, NoteVersion, Reading, StudyPlan
from dangjian.study.models.research import ArticleScore, ResearchArticle, ResearchTopic
from dangjian.study.models.sessions import Attendance, StudySchedule, StudySession

__all__ = [
    "ArticleScore",
    "Attendance",
    "EventIssue",
    "EventParticipant",
    "Lecture",
    "LectureQuestion",
    "LectureRating",
    "Material",
    "MaterialCategory",
    "MaterialRead",
    "MaterialTerm",
    "Note",
    "NoteReview",
    "NoteVersion",
    "Reading",
    "ResearchArticle",
    "ResearchTopic",
    "StudyEvent",
    "StudyPlan",
    "StudySchedule",
    "StudySession",
    "Suggestion",
]

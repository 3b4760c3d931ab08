"""/api/v1/: each system's endpoints, the OpenAPI schema and its docs page.

API views authenticate themselves (bearer token or session) and answer 401, so they are
exempt from the login redirect that pages get.
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from dangjian.assess.api import register as register_assess
from dangjian.honors.api import register as register_honors
from dangjian.orglife.api import register as register_orglife
from dangjian.orgs.api import OrgViewSet, PersonViewSet
from dangjian.originality.api import CheckViewSet
from dangjian.study.api import NoteViewSet, ProgressViewSet, ReviewQueueViewSet
from dangjian.study.api_more import EventViewSet, LectureViewSet, PlanViewSet, TopicViewSet
from dangjian.study.hall_api import MaterialViewSet
from dangjian.study.sessions_api import SessionViewSet
from dangjian.work.api import register as register_work

app_name = "api"

router = SimpleRouter(trailing_slash=False)
router.register("orgs", OrgViewSet, basename="org")
router.register("people", PersonViewSet, basename="person")
router.register("originality/checks", CheckViewSet, basename="check")
router.register("study/notes", NoteViewSet, basename="study-note")
router.register("study/reviews", ReviewQueueViewSet, basename="study-review")
router.register("study/progress", ProgressViewSet, basename="study-progress")
router.register("study/plans", PlanViewSet, basename="study-plan")
router.register("study/research/topics", TopicViewSet, basename="study-topic")
router.register("study/lectures", LectureViewSet, basename="study-lecture")
router.register("study/events", EventViewSet, basename="study-event")
router.register("study/sessions", SessionViewSet, basename="study-session")
router.register("study/hall/materials", MaterialViewSet, basename="study-hall-material")
register_orglife(router)
register_work(router)
register_assess(router)
register_honors(router)

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
for pattern in urlpatterns:
    pattern.callback = login_not_required(pattern.callback)

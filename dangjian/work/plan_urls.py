"""Pages of the plan part (work:…), and its links on the hub page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from dangjian.lib.navigation import MenuEntry
from dangjian.orgs.scoping import Action, may
from dangjian.work import plan_item_views as item_views
from dangjian.work import plan_schedule_views as schedule_views
from dangjian.work import plan_views as views
from dangjian.work.selectors import reads_a_subtree


def _signed_in(user) -> bool:
    # Every account: a member sees the plans holding the items they are responsible for.
    return user.is_authenticated


def _approver(user) -> bool:
    return may(user, Action.APPROVE)


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("Work plans"), "work:plan-list", _signed_in, order=10),
    MenuEntry(_("Plans awaiting approval"), "work:plan-queue", _approver, order=11),
    MenuEntry(_("Work schedule"), "work:plan-schedule", reads_a_subtree, order=12),
)

urlpatterns: list = [
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/approval/", views.approval_queue, name="plan-queue"),
    path("plans/schedule/", schedule_views.schedule, name="plan-schedule"),
    path("plans/schedule.xlsx", schedule_views.schedule_xlsx, name="plan-schedule-xlsx"),
    path("plans/schedule.docx", schedule_views.schedule_docx, name="plan-schedule-docx"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan-submit"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan-approve"),
    path("plans/<int:pk>/return/", views.plan_return, name="plan-return"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan-publish"),
    path("plans/<int:pk>/items/new/", item_views.item_add, name="plan-item-add"),
    path("plans/<int:pk>/files/new/", item_views.attachment_add, name="plan-file-add"),
    path("plans/items/<int:pk>/edit/", item_views.item_edit, name="plan-item-edit"),
    path("plans/items/<int:pk>/remove/", item_views.item_remove, name="plan-item-remove"),
    path(
        "plans/items/<int:pk>/milestones/new/",
        item_views.milestone_add,
        name="plan-milestone-add",
    ),
    path(
        "plans/milestones/<int:pk>/remove/",
        item_views.milestone_remove,
        name="plan-milestone-remove",
    ),
    path("plans/files/<int:pk>/remove/", item_views.attachment_remove, name="plan-file-remove"),
]

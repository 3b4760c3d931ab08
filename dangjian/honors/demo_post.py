"""Demo rows of the post part (called by honors.demo): 设岗定责 in each grassroots organization.

- Each Party branch or general branch with members has 2–4 posts with their duties, each held
  by a different member of the branch (since one to three years ago); one post in four is
  a demonstration post (党员示范岗), shown on the branch's public page.
Scaled by the county's organizations; bulk_create, no per-row services.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from dangjian.honors.models import Post
from dangjian.orgs.models import Organization, OrgType, Person

SYSTEM = "demo build (system command)"
BATCH = 2000
GRASSROOTS_TYPES = (OrgType.BRANCH, OrgType.GENERAL_BRANCH)
DEMONSTRATION_SHARE = 0.25

POSTS = (
    ("政策宣传岗", "宣传党的方针政策和惠民政策，每月组织一次政策宣讲"),
    ("矛盾调解岗", "排查邻里矛盾纠纷，及时调解并上报"),
    ("环境卫生监督岗", "督促落实门前三包，每月组织一次环境整治"),
    ("扶贫帮困岗", "联系困难群众，帮助解决生产生活实际困难"),
    ("安全生产监督岗", "巡查安全隐患，督促整改"),
    ("党员志愿服务岗", "组织党员志愿服务活动，记录服务时长"),
    ("产业发展服务岗", "推广种养技术，带动群众增收"),
    ("民情联络岗", "联系10户群众，收集意见建议并反馈"),
)


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """This part's rows for the year so far; returns its piece of the summary line."""
    branches = list(
        Organization.objects.unscoped(SYSTEM)
        .filter(path__startswith=root.path, is_active=True, org_type__in=GRASSROOTS_TYPES)
        .values_list("pk", flat=True)
    )
    people: dict[int, list[int]] = defaultdict(list)
    for person_id, org_id in (
        Person.objects.unscoped(SYSTEM)
        .filter(primary_org_id__in=branches, is_active=True)
        .values_list("pk", "primary_org_id")
    ):
        people[org_id].append(person_id)
    posts: list[Post] = []
    for org_id in branches:
        members = people.get(org_id)
        if not members:
            continue
        count = min(rng.randint(2, 4), len(members))
        holders = rng.sample(members, count)
        for (title, duties), person_id in zip(rng.sample(POSTS, count), holders, strict=True):
            posts.append(
                Post(
                    org_id=org_id,
                    title=title,
                    duties=duties,
                    person_id=person_id,
                    demonstration=rng.random() < DEMONSTRATION_SHARE,
                    since=today - datetime.timedelta(days=rng.randint(365, 3 * 365)),
                )
            )
    Post.objects.bulk_create(posts, batch_size=BATCH)
    if not posts:
        return ""
    shown = sum(1 for post in posts if post.demonstration)
    return f"{len(posts)} posts ({shown} demonstration posts)"


def delete(prefix: str) -> None:
    """Remove this part's rows under the organization path `prefix`."""
    Post.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()

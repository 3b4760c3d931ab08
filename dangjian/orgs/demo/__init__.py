"""演示县 — a realistic demo county: organizations, people, memberships and demo accounts.

`build_county()` is the entry point (the `demo_county` command only wraps it). The county:

    中共X县委员会 (root, code C001; the 组织部 sits here)
    ├── 乡镇党委 (township committee) + its 机关党支部
    │   ├── 村党支部 / 村党总支 (with 2–3 党支部) / branches with 党小组
    │   ├── 社区党委 (with 网格党支部) / 社区党支部
    │   └── a few 非公企业党支部
    ├── 县直属机关工委 → 机关党支部, 教育局党委 → schools, 卫健委党委 → hospitals,
    │                    公安局党委 → 派出所
    ├── 两新组织党委 → 非公企业党支部, 联合党支部, 社会组织党支部 (category "other")
    └── state-owned enterprises (国有企业党委/党支部)

Everything random comes from one random.Random(seed): a seed always gives the same county
(names, tree, people). Dates are relative to `today`.

Speed: ids are allocated here (max existing id + 1), so materialized paths, secretaries and
memberships are all known before anything is written; each table is then filled with
bulk_create in batches inside one transaction. The password is hashed once.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import time
from dataclasses import dataclass
from types import ModuleType

from django.apps import apps as django_apps
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from tqdm import tqdm

from dangjian.lib.db import analyze
from dangjian.orgs.demo.planner import BATCH_SIZE, MIN_ORGS, CountyPlanner, DemoCountyError
from dangjian.orgs.models import (
    AuditEntry,
    Membership,
    Organization,
    Person,
    RoleAssignment,
    User,
)

# The demo build is a system command: it writes the whole county on purpose.
SYSTEM = "demo build (system command)"

DEMO_ROOT_CODE = "C001"
DEFAULT_ORGS = 120
DEFAULT_MEMBERS = 2400
DEFAULT_SEED = 1
DEFAULT_PASSWORD = "dangjian-demo"
# Demo accounts carry this e-mail domain, so --reset removes only accounts it created.
DEMO_EMAIL_DOMAIN = "demo.dangjian.invalid"
DEMO_USERNAMES = (
    "admin",
    "county",
    "township1",
    "township2",
    "village1",
    "member1",
    "member2",
    "inspector1",
)


def minimum_members(orgs: int) -> int:
    """Every organization gets its secretary; the root 4 more leaders (组织部 included), and
    the first village branch of each of the first two townships one ordinary member for the
    `member1` and `member2` accounts."""
    return orgs + 6


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    organization: str


@dataclass(frozen=True)
class CountySummary:
    created: bool  # False: the county already existed and nothing was changed
    root_code: str
    root_name: str
    orgs: int
    people: int
    memberships: int
    categories: dict[str, int]
    accounts: tuple[DemoAccount, ...]
    elapsed: float
    seed: int | None = None
    # One line per app that added its own demo data (AppConfig.demo), e.g. the study system.
    app_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeletedCounts:
    orgs: int = 0
    people: int = 0
    memberships: int = 0
    role_assignments: int = 0
    users: int = 0


# --------------------------------------------------------------------------------------------
def app_demos() -> list[ModuleType]:
    """Each installed app's demo module (`AppConfig.demo`, a dotted path), in app order: the
    kernel builds the county, each system adds its rows (`build_in_county(root, seed=,
    today=, progress=) -> str`) and removes them on --reset (`delete_in_county(prefix)`)."""
    return [
        importlib.import_module(config.demo)
        for config in django_apps.get_app_configs()
        if getattr(config, "demo", None)
    ]


def _next_id(model) -> int:
    return (model.objects.unscoped(SYSTEM).aggregate(top=Max("id"))["top"] or 0) + 1


def _demo_users():
    return User.objects.filter(username__in=DEMO_USERNAMES, email__endswith=f"@{DEMO_EMAIL_DOMAIN}")


def _counts(root: Organization) -> tuple[int, int, int, dict[str, int]]:
    orgs = Organization.objects.unscoped(SYSTEM).filter(path__startswith=root.path)
    people = Person.objects.unscoped(SYSTEM).filter(primary_org__path__startswith=root.path)
    memberships = Membership.objects.unscoped(SYSTEM).filter(
        person__primary_org__path__startswith=root.path
    )
    categories = dict(
        orgs.order_by().values_list("category").annotate(n=Count("id")).values_list("category", "n")
    )
    return orgs.count(), people.count(), memberships.count(), categories


def default_password_works() -> bool:
    """Whether the demo accounts still open with DEFAULT_PASSWORD (checked on one of them)."""
    user = _demo_users().filter(username="county").first()
    return user is not None and user.check_password(DEFAULT_PASSWORD)


def demo_accounts() -> tuple[DemoAccount, ...]:
    """The demo accounts that exist, each role on its own row, in DEMO_USERNAMES order."""
    users = {user.username: user for user in _demo_users()}
    assignments = (
        RoleAssignment.objects.unscoped(SYSTEM)
        .filter(user__in=users.values())
        .select_related("org", "user")
    )
    by_user: dict[str, list[RoleAssignment]] = {}
    for assignment in assignments.order_by("pk"):
        by_user.setdefault(assignment.user.username, []).append(assignment)
    rows = []
    for username in DEMO_USERNAMES:
        user = users.get(username)
        if user is None:
            continue
        if user.is_superuser:
            rows.append(DemoAccount(username, "superuser", "—"))
        for assignment in by_user.get(username, []):
            rows.append(
                DemoAccount(username, str(assignment.get_role_display()), assignment.org.name)
            )
    return tuple(rows)


def _summary(root: Organization, *, created: bool, started: float, seed: int | None):
    orgs, people, memberships, categories = _counts(root)
    return CountySummary(
        created=created,
        root_code=root.code,
        root_name=root.name,
        orgs=orgs,
        people=people,
        memberships=memberships,
        categories=categories,
        accounts=demo_accounts(),
        elapsed=time.perf_counter() - started,
        seed=seed,
    )


@transaction.atomic
def delete_county(*, root_code: str = DEMO_ROOT_CODE) -> DeletedCounts:
    """Remove the demo county: the org subtree under `root_code`, its people, memberships,
    role assignments and audit entries, and the demo accounts (only those with the demo
    e-mail domain, so a real `admin` account is never touched)."""
    root = Organization.objects.unscoped(SYSTEM).filter(code=root_code).first()
    deleted: dict[str, int] = {}

    def delete(queryset) -> None:
        for label, number in queryset.delete()[1].items():
            deleted[label] = deleted.get(label, 0) + number

    if root is not None:
        prefix = root.path
        for module in app_demos():
            if hasattr(module, "delete_in_county"):
                module.delete_in_county(prefix)
        delete(
            Membership.objects.unscoped(SYSTEM).filter(
                Q(org__path__startswith=prefix) | Q(person__primary_org__path__startswith=prefix)
            )
        )
        delete(RoleAssignment.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix))
        # Ids are reused after a reset, so old entries would otherwise match the new paths.
        delete(AuditEntry.objects.unscoped(SYSTEM).filter(org_path__startswith=prefix))
        orgs = Organization.objects.unscoped(SYSTEM).filter(path__startswith=prefix)
        # `parent` is PROTECT: unhook the tree so that it goes in one delete.
        orgs.update(parent=None, secretary=None)
        delete(Person.objects.unscoped(SYSTEM).filter(primary_org__path__startswith=prefix))
        delete(orgs)
    delete(_demo_users())
    return DeletedCounts(
        orgs=deleted.get(Organization._meta.label, 0),
        people=deleted.get(Person._meta.label, 0),
        memberships=deleted.get(Membership._meta.label, 0),
        role_assignments=deleted.get(RoleAssignment._meta.label, 0),
        users=deleted.get(User._meta.label, 0),
    )


def build_county(
    *,
    orgs: int = DEFAULT_ORGS,
    members: int = DEFAULT_MEMBERS,
    seed: int = DEFAULT_SEED,
    password: str = DEFAULT_PASSWORD,
    reset: bool = False,
    progress: bool = True,
    today: datetime.date | None = None,
    root_code: str = DEMO_ROOT_CODE,
    app_data: bool = True,
) -> CountySummary:
    """Build the demo county, or report the one that exists (and change nothing).

    `orgs` organizations and `members` people, each with one open membership in their
    organization, plus the demo accounts, all with `password`. `reset` first deletes a
    previous demo county. `progress` shows tqdm bars on stderr (only on a terminal).
    `app_data=False` builds the county alone, without each system's demo rows.
    """
    started = time.perf_counter()
    if orgs < MIN_ORGS:
        raise DemoCountyError(f"--orgs must be at least {MIN_ORGS}.")
    if members < minimum_members(orgs):
        raise DemoCountyError(
            f"--members must be at least {minimum_members(orgs)} for {orgs} organizations "
            "(every organization needs its secretary)."
        )
    today = today or timezone.localdate()
    with transaction.atomic():
        if reset:
            delete_county(root_code=root_code)
        existing = Organization.objects.unscoped(SYSTEM).filter(code=root_code).first()
        if existing is not None:
            return _summary(existing, created=False, started=started, seed=None)
        taken = list(
            User.objects.filter(username__in=DEMO_USERNAMES)
            .order_by("username")
            .values_list("username", flat=True)
        )
        if taken:
            raise DemoCountyError(
                f"Account(s) {', '.join(taken)} already exist but there is no demo county: "
                "--reset removes leftover demo accounts; other accounts must be renamed."
            )
        _build(
            orgs=orgs,
            members=members,
            seed=seed,
            password=password,
            progress=progress,
            today=today,
            root_code=root_code,
        )
        root = Organization.objects.unscoped(SYSTEM).get(code=root_code)
        app_lines = tuple(
            module.build_in_county(root, seed=seed, today=today, progress=progress)
            for module in (app_demos() if app_data else [])
            if hasattr(module, "build_in_county")
        )
        summary = _summary(root, created=True, started=started, seed=seed)
        return dataclasses.replace(summary, app_lines=app_lines)


def _build(
    *,
    orgs: int,
    members: int,
    seed: int,
    password: str,
    progress: bool,
    today: datetime.date,
    root_code: str,
) -> None:
    planner = CountyPlanner(
        seed=seed,
        today=today,
        root_code=root_code,
        first_org_id=_next_id(Organization),
        first_person_id=_next_id(Person),
        taken_id_cards=set(
            Person.objects.unscoped(SYSTEM).exclude(id_card="").values_list("id_card", flat=True)
        ),
    )
    # disable=None: the bars are drawn only when stderr is a terminal.
    bar_options = {"disable": None if progress else True}
    with tqdm(total=orgs, desc="orgs", unit="org", **bar_options) as bar:
        planner.plan_orgs(orgs)
        org_rows = planner.organization_rows()
        _bulk(Organization, org_rows, bar)
    batches = planner.people_batches(members, first_membership_id=_next_id(Membership))
    with tqdm(total=members, desc="people", unit="person", **bar_options) as bar:
        for people, memberships in batches:
            Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
            Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
            bar.update(len(people))
    # Secretaries and contacts afterwards: no foreign key points at a row not yet written.
    Organization.objects.unscoped(SYSTEM).bulk_update(
        planner.secretary_rows(org_rows),
        ["secretary", "contact_name", "contact_phone"],
        batch_size=BATCH_SIZE,
    )
    _create_accounts(planner, password)
    # Explicit ids do not move PostgreSQL's sequences; SQLite needs nothing.
    statements = connection.ops.sequence_reset_sql(no_style(), [Organization, Person, Membership])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    # Fresh statistics: without them PostgreSQL plans the new county as empty tables.
    analyze(Organization, Person, Membership, User, RoleAssignment)


def _bulk(model, rows: list, bar: tqdm) -> None:
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        model.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        bar.update(len(batch))


def _create_accounts(planner: CountyPlanner, password: str) -> None:
    """The demo accounts and their roles, the password hashed once; links their people."""
    hashed = make_password(password)
    people = planner.account_people()
    users = {}
    for username in DEMO_USERNAMES:
        person = people.get(username)
        user = User.objects.create(
            username=username,
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
            password=hashed,
            first_name=person.name if person else "",
            is_superuser=username == "admin",
            is_staff=username == "admin",
        )
        users[username] = user
        if person is not None:
            Person.objects.unscoped(SYSTEM).filter(pk=person.pk).update(user=user)
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=users[username], role=role, org_id=node.id)
        for username, role, node in planner.account_roles()
    )

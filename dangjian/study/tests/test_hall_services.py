"""干训讲堂 services and selectors: scope, search, reading records, suggestions, uploads."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from dangjian.conftest import make_person
from dangjian.orgs.models import AuditEntry, User
from dangjian.study import hall_search, hall_selectors, hall_services, rules
from dangjian.study.models import Material, MaterialRead, Suggestion
from dangjian.study.tests.matrix_hall import category, material, pdf


@pytest.fixture(autouse=True)
def hall_dir(settings, tmp_path):
    settings.DANGJIAN_HALL_DIR = tmp_path / "hall"


def _titles(user, query: str = "") -> set[str]:
    found = hall_selectors.material_list(user, hall_selectors.MaterialFilters(query=query))
    return {m.title for m in found}


# ---- scope ---------------------------------------------------------------------------------


def test_member_sees_the_materials_of_their_chain_and_not_township_b(county):
    material(county, org=county.root, title="县委资料")
    material(county, org=county.township_a, title="甲镇资料")
    material(county, org=county.village_a1, title="甲一村资料")
    material(county, org=county.group_a1, title="党小组资料")  # below the member: not theirs
    material(county, org=county.township_b, title="乙镇资料")
    material(county, org=county.township_a, title="甲镇草稿", publish=False)
    assert _titles(county.member_a) == {"县委资料", "甲镇资料", "甲一村资料"}


def test_township_b_sees_nothing_of_township_a(county):
    material(county, org=county.township_a, title="甲镇资料")
    material(county, org=county.township_a, title="甲镇草稿", publish=False)
    material(county, org=county.township_b, title="乙镇资料")
    material(county, org=county.root, title="县委资料")
    assert _titles(county.secretary_b) == {"乙镇资料", "县委资料"}
    assert _titles(county.inspector_b) == {"乙镇资料", "县委资料"}
    # Drafts: only for those who may change the organization.
    assert _titles(county.secretary_a) == {"甲镇资料", "甲镇草稿", "县委资料"}
    assert "甲镇草稿" not in _titles(county.member_a)


def test_publishing_needs_the_right_to_change_the_organization(county):
    with pytest.raises(PermissionDenied):
        material(county, actor=county.secretary_b, org=county.township_a)
    with pytest.raises(PermissionDenied):
        material(county, actor=county.member_a, org=county.village_a1)
    assert not Material.objects.unscoped("test").exists()
    saved = material(county, actor=county.secretary_a, org=county.village_a1)
    entry = AuditEntry.objects.unscoped("test").get(action="study.hall.create")
    assert entry.org_path == county.village_a1.path and saved.published_at is not None


def test_a_material_needs_a_title_and_text_or_file(county):
    with pytest.raises(ValidationError) as error:
        material(county, title=" ", body="")
    assert set(error.value.error_dict) == {"title", "body"}
    assert material(county, body="", file=pdf()).file_name == "讲稿.pdf"


@pytest.mark.parametrize(
    ("name", "size", "field_error"),
    [
        ("病毒.exe", 10, "file_type"),
        ("讲稿.pdf", rules.HALL_FILE_MAX_BYTES + 1, "file_size"),
    ],
)
def test_wrong_or_oversized_files_are_refused_and_nothing_is_saved(county, name, size, field_error):
    upload = SimpleUploadedFile(name, b"x" * size)
    with pytest.raises(ValidationError) as error:
        material(county, file=upload)
    assert error.value.error_dict["file"][0].message == hall_services.ERRORS[field_error]
    assert not Material.objects.unscoped("test").exists()


# ---- search --------------------------------------------------------------------------------


def test_a_two_character_word_is_found_only_where_its_characters_stand_together(county):
    material(county, title="基层治理", body="加强党建工作，夯实基层基础。")
    material(county, title="队伍建设", body="党员队伍建设，要在思想上下功夫。")  # 党 … 建 apart
    assert _titles(county.member_a, "党建") == {"基层治理"}
    assert _titles(county.member_a, "建设") == {"队伍建设"}
    # Every word of the query, anywhere; full-width and Latin letters folded.
    assert _titles(county.member_a, "党建 基础") == {"基层治理"}
    assert _titles(county.member_a, "党建 队伍") == set()
    assert _titles(county.member_a, "党") == {"基层治理", "队伍建设"}


def test_a_long_query_must_occur_contiguously(county):
    material(county, title="甲", body="学习教育")
    material(county, title="乙", body="学习，习教，教育")  # every pair, never the whole run
    assert _titles(county.member_a, "学习教育") == {"甲"}


def test_search_terms_follow_a_changed_text(county):
    saved = material(county, title="初稿", body="乡村振兴")
    hall_services.material_save(
        actor=county.superuser,
        material=saved,
        org=saved.org,
        category=category(),
        year=saved.year,
        title="改稿",
        body="基层治理",
        publish=True,
    )
    assert _titles(county.member_a, "振兴") == set()
    assert _titles(county.member_a, "治理") == {"改稿"}


def test_normalize_folds_width_and_case():
    assert hall_search.normalize("ＡＢＣ党建，２０２６") == "abc 党建 2026"
    assert hall_search.terms("党建工作") == {"党建", "建工", "工作"}


# ---- reading records -----------------------------------------------------------------------


def test_opening_reading_and_finishing_make_one_row_with_capped_time(county):
    m = material(county)
    first = hall_services.material_open(actor=county.member_a, material=m)
    again = hall_services.material_open(actor=county.member_a, material=m)
    assert first.pk == again.pk and first.org_id == county.village_a1.pk
    MaterialRead.objects.unscoped("test").filter(pk=first.pk).update(
        opened_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    row = hall_services.material_progress(actor=county.member_a, material=m, seconds=3600)
    assert row.seconds == rules.HALL_BEAT_MAX_SECONDS  # a beat is capped
    # A beat right after the last one adds only the seconds that really passed.
    row = hall_services.material_progress(
        actor=county.member_a, material=m, seconds=50, finished=True
    )
    assert rules.HALL_BEAT_MAX_SECONDS <= row.seconds <= rules.HALL_BEAT_MAX_SECONDS + 2
    assert row.finished_at is not None
    assert MaterialRead.objects.unscoped("test").count() == 1


def test_accounts_without_a_person_and_drafts_are_not_tracked(county):
    m = material(county)
    assert hall_services.material_open(actor=county.secretary_a, material=m) is None
    draft = material(county, publish=False)
    assert hall_services.material_open(actor=county.member_a, material=draft) is None
    assert not MaterialRead.objects.unscoped("test").exists()


def test_downloads_are_counted_on_the_material_and_the_reader(county):
    m = material(county, file=pdf(size=100))
    with hall_services.material_download(actor=county.member_a, material=m) as handle:
        assert handle.read().startswith(b"%PDF")
    hall_services.material_download(actor=county.secretary_a, material=m).close()
    assert Material.objects.unscoped("test").get(pk=m.pk).downloads == 2
    assert MaterialRead.objects.unscoped("test").get().downloads == 1


def test_materials_studied_matches_a_hand_count(county):
    year = timezone.localdate().year
    su = county.superuser
    others = [make_person(su, county.village_a1, f"学员{i}") for i in range(2)]
    for i, person in enumerate(others):
        person.user = User.objects.create_user(username=f"reader{i}")
        person.save()
    m1, m2, m3 = (material(county, title=f"资料{i}") for i in range(3))
    old = material(county, title="去年资料", year=year - 1)
    reads = {
        county.member_a: [(m1, True), (m2, True), (m3, False), (old, True)],
        others[0].user: [(m1, True)],
    }
    for user, rows in reads.items():
        for m, finished in rows:
            hall_services.material_progress(actor=user, material=m, finished=finished)
    ids = [county.person_a.pk, others[0].pk, others[1].pk]
    # Hand count: member_a finished m1 and m2 this year (m3 not finished, `old` is last
    # year's); reader0 finished m1; reader1 read nothing.
    assert hall_selectors.materials_studied(ids, year) == {ids[0]: 2, ids[1]: 1, ids[2]: 0}
    assert hall_selectors.materials_studied(ids, year - 1) == {ids[0]: 1, ids[1]: 0, ids[2]: 0}
    # Read by subtree (a long list) the counts are the same, and the progress rows carry them.
    assert hall_selectors.materials_studied(ids, year, within_path=county.village_a1.path) == {
        ids[0]: 2,
        ids[1]: 1,
        ids[2]: 0,
    }
    from dangjian.study import progress

    month = timezone.localdate().replace(day=1)
    people = progress.members(progress.people_in(su, county.village_a1))
    by_name = {row.name: row.materials for row in progress.member_progress(people, month)}
    assert (by_name["张甲"], by_name["学员0"], by_name["学员1"]) == (2, 1, 0)


# ---- suggestions ---------------------------------------------------------------------------


def test_a_suggestion_is_shown_after_approval_and_rejected_ones_stay_hidden(county):
    m = material(county)
    kept = hall_services.suggestion_create(actor=county.member_a, material=m, body="多配案例")
    dropped = hall_services.suggestion_create(actor=county.member_a, material=m, body="无关内容")

    def shown(user, moderator=False):
        return [s.body for s in hall_selectors.suggestions_for(user, m, moderator=moderator)]

    assert shown(county.member_a) == ["多配案例", "无关内容"]  # the author's own, pending
    assert shown(county.dept_admin) == []
    assert shown(county.secretary_a, moderator=True) == ["多配案例", "无关内容"]
    hall_services.suggestion_moderate(
        actor=county.secretary_a, suggestion=kept, decision="approved"
    )
    hall_services.suggestion_moderate(
        actor=county.secretary_a, suggestion=dropped, decision="rejected"
    )
    assert shown(county.dept_admin) == ["多配案例"]
    assert shown(county.member_a) == ["多配案例"]
    assert shown(county.secretary_a, moderator=True) == ["多配案例"]
    with pytest.raises(ValidationError):  # decided once
        hall_services.suggestion_moderate(
            actor=county.secretary_a, suggestion=kept, decision="rejected"
        )


def test_bad_suggestions_are_refused(county):
    m = material(county)
    with pytest.raises(ValidationError) as error:
        hall_services.suggestion_create(actor=county.member_a, material=m, body="  ")
    assert str(hall_services.ERRORS["empty_suggestion"]) in str(error.value)
    with pytest.raises(ValidationError):
        hall_services.suggestion_create(
            actor=county.member_a, material=m, body="长" * (rules.HALL_SUGGESTION_MAX_CHARS + 1)
        )
    b_material = material(county, org=county.township_b, title="乙镇资料")
    with pytest.raises(Material.DoesNotExist):  # out of scope: as if it did not exist
        hall_services.suggestion_create(actor=county.member_a, material=b_material, body="建议")
    assert not Suggestion.objects.unscoped("test").exists()


def test_moderation_needs_the_right_to_change_the_material(county):
    m = material(county)
    suggestion = hall_services.suggestion_create(actor=county.member_a, material=m, body="建议")
    for user in (county.member_a, county.secretary_b, county.inspector_b):
        with pytest.raises(PermissionDenied):
            hall_services.suggestion_moderate(
                actor=user, suggestion=suggestion, decision="approved"
            )
    assert Suggestion.objects.unscoped("test").get().status == "pending"


# ---- statistics ----------------------------------------------------------------------------


def test_unit_statistics_count_readers_finished_and_time_per_unit(county):
    m = material(county, org=county.root)
    row = hall_services.material_open(actor=county.member_a, material=m)
    MaterialRead.objects.unscoped("test").filter(pk=row.pk).update(
        opened_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    hall_services.material_progress(actor=county.member_a, material=m, seconds=40, finished=True)
    year = m.year
    rows = {u.name: u for u in hall_selectors.unit_stats(county.secretary_a, year=year, material=m)}
    assert set(rows) == {"甲镇党委", "甲一村党支部", "甲一村第一党小组"}
    village = rows["甲一村党支部"]
    assert (village.headcount, village.readers, village.finished, village.seconds) == (1, 1, 1, 40)
    assert rows["甲镇党委"].readers == 0
    # Township B's secretary: only B's units, none of A's reading.
    b_rows = hall_selectors.unit_stats(county.secretary_b, year=year, material=m)
    assert {u.name for u in b_rows} == {"乙镇党委", "乙一村党支部"}
    assert sum(u.readers for u in b_rows) == 0
    with pytest.raises(PermissionDenied):
        hall_selectors.unit_stats(county.member_a, year=year)
    village_b = hall_selectors.unit_get(county.secretary_b, county.village_b1.pk)
    assert [p.name for p in hall_selectors.not_finished(village_b, year=year, material=m)] == [
        "李乙"
    ]
    village_a = hall_selectors.unit_get(county.secretary_a, county.village_a1.pk)
    assert not hall_selectors.not_finished(village_a, year=year, material=m).exists()


def test_a_file_is_written_only_when_its_row_commits(county, settings):
    hall_dir = settings.DANGJIAN_HALL_DIR
    files = lambda: [path for path in hall_dir.rglob("*") if path.is_file()]  # noqa: E731
    with pytest.raises(RuntimeError), transaction.atomic():
        hall_services.material_save(
            actor=county.superuser,
            org=county.township_a,
            category=category(),
            year=timezone.localdate().year,
            title="回滚的资料",
            upload=pdf(size=10),
        )
        raise RuntimeError("the caller's transaction fails after the save")
    assert files() == []  # rolled back: no row, and no file left behind
    saved = material(county, file=pdf(size=10))  # committed (its hooks run)
    assert [path.name for path in files()] == [saved.file.name.rsplit("/", 1)[1]]
    assert saved.file.read().startswith(b"%PDF")

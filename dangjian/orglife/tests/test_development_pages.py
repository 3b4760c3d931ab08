"""发展党员 pages and API: the 纪实 page in order with the next steps' form, a refused step
shown with its rule, the member's own read-only record, the pipeline's drill-down, the
alerts, the .docx forms read back with python-docx, and the API contract."""

from __future__ import annotations

import datetime
import io

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document

from dangjian.orglife.models import DevelopmentDocument, DevelopmentStep
from dangjian.orglife.tests.development_helpers import VOTE, applicant, walk

pytestmark = pytest.mark.django_db


def test_record_page_lists_the_steps_in_order_and_offers_the_next(client, county):
    person = applicant(county)
    walk(county, person, "contacts")
    client.force_login(county.secretary_a)
    page = client.get(reverse("orglife:development-person", args=[person.pk])).content.decode()
    order = ["applicant", "talk", "activist", "activist_filing", "contacts"]
    positions = [page.index(f'data-step="{code}"') for code in order]
    assert positions == sorted(positions)
    assert 'data-step-form="training_record"' in page
    assert 'data-step-form="candidate"' not in page  # not yet: a half-year record comes first
    assert "联系人甲" in page


def test_a_step_posted_on_the_page_is_saved_or_refused_with_its_rule(client, county):
    person = applicant(county)
    dates = walk(county, person, "training_record")
    client.force_login(county.secretary_a)
    url = reverse("orglife:development-step-add", args=[person.pk])
    early = dates["activist"] + relativedelta(years=1) - datetime.timedelta(days=1)
    response = client.post(url, {"step": "candidate", "date": early.isoformat()})
    assert response.status_code == 200
    assert "第十三条" in response.content.decode()
    assert not DevelopmentStep.objects.unscoped("test").filter(step="candidate").exists()
    response = client.post(url, {"step": "training_record", "date": early.isoformat()})
    assert response.status_code == 302
    assert DevelopmentStep.objects.unscoped("test").filter(step="training_record").count() == 2


def test_member_sees_their_own_record_read_only(client, county):
    client.force_login(county.member_a)
    page = client.get(reverse("orglife:development-person", args=[county.person_a.pk]))
    assert page.status_code == 200 and b"data-step-form" not in page.content
    other = applicant(county, "别人")
    assert client.get(reverse("orglife:development-person", args=[other.pk])).status_code == 404


def test_other_township_gets_404(client, county):
    person = applicant(county)
    client.force_login(county.secretary_b)
    assert client.get(reverse("orglife:development-person", args=[person.pk])).status_code == 404
    url = reverse("orglife:development-step-add", args=[person.pk])
    assert client.post(url, {"step": "applicant", "date": "2020-01-01"}).status_code == 404


def test_pipeline_counts_per_township_and_drills_down(client, county):
    person = applicant(county)
    walk(county, person, "activist")
    client.force_login(county.dept_admin)
    page = client.get(reverse("orglife:development-pipeline")).content.decode()
    row = page[page.index(f'data-org="{county.township_a.pk}"') :]
    row = row[: row.index("</tr>")]
    # applicant 0, activist 1, candidate 0, probationary 0, full: person_a and the 2 contacts.
    cells = [c.split("<")[0] for c in row.split('class="text-end">')[1:]]
    assert cells == ["0", "1", "0", "0", "3"]
    url = reverse("orglife:development-pipeline") + f"?org={county.township_a.pk}&stage=activist"
    page = client.get(url).content.decode()
    assert person.name in page and f'data-org="{county.village_a1.pk}"' in page
    public = applicant(county, "群众甲")
    page = client.get(url.replace("stage=activist", "stage=public")).content.decode()
    people = page[page.index('id="stage-people"') :]
    assert public.name in people
    assert reverse("orglife:development-person", args=[person.pk]) not in people
    client.force_login(county.secretary_b)
    assert client.get(url).status_code == 404


def test_alerts_list_overdue_talks_and_ending_probations(client, county):
    today = timezone.localdate()
    waiting = applicant(county, "等谈话")
    from dangjian.orglife import development_services as services

    services.step_record(
        actor=county.secretary_a,
        person=waiting,
        step="applicant",
        date=today - relativedelta(months=1) - datetime.timedelta(days=1),
    )
    client.force_login(county.secretary_a)
    page = client.get(reverse("orglife:development-alerts")).content.decode()
    assert 'data-kind="talk_overdue"' in page and "等谈话" in page
    client.force_login(county.secretary_b)
    assert "等谈话" not in client.get(reverse("orglife:development-alerts")).content.decode()


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("application_cover", "入党志愿书"),
        ("political_review", "政治审查"),
        ("pre_review", "预审"),
    ],
)
def test_docx_forms_open_and_hold_the_persons_data(client, county, kind, text):
    person = applicant(county, "王发展")
    walk(county, person, "introducers")
    client.force_login(county.secretary_a)
    response = client.get(reverse("orglife:development-form", args=[person.pk, kind]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    assert text in document.paragraphs[0].text
    cells = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    values = list(cells.values())
    assert "王发展" in values and county.village_a1.name in values
    assert "联系人甲、联系人乙" in values  # the sponsors (入党介绍人)


def _api(person) -> str:
    return reverse("api:orglife-development-detail", args=[person.pk])


def test_api_record_in_order_and_advance(client, county):
    person = applicant(county)
    dates = walk(county, person, "training_record")
    client.force_login(county.secretary_a)
    data = client.get(_api(person)).json()
    assert data["person"] == person.pk and data["stage"] == "activist"
    assert [s["step"] for s in data["steps"]] == [
        "applicant",
        "talk",
        "activist",
        "activist_filing",
        "contacts",
        "training_record",
    ]
    assert data["steps"][0]["date"] == dates["applicant"].isoformat()
    advance = reverse("api:orglife-development-advance", args=[person.pk])
    year = dates["activist"] + relativedelta(years=1)
    with translation.override("en"):
        response = client.post(
            advance,
            {"step": "candidate", "date": (year - datetime.timedelta(days=1)).isoformat()},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    assert "第十三条" in str(response.json())
    second = (dates["training_record"] + datetime.timedelta(days=100)).isoformat()
    response = client.post(
        advance, {"step": "training_record", "date": second}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["step"] == "training_record"
    response = client.post(
        advance, {"step": "candidate", "date": year.isoformat()}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["date"] == year.isoformat()
    assert client.get(_api(person)).json()["stage"] == "candidate"


def test_api_refuses_bad_input_with_the_field_named(client, county):
    person = applicant(county)
    walk(county, person, "application_form")
    client.force_login(county.secretary_a)
    advance = reverse("api:orglife-development-advance", args=[person.pk])
    day = timezone.localdate().isoformat()
    response = client.post(
        advance,
        {"step": "assembly_vote", "date": day, **VOTE, "attended": 11},
        content_type="application/json",
    )
    assert response.status_code == 400 and "attended" in response.json()
    response = client.post(
        advance, {"step": "assembly_vote", "date": day, "bogus": 1}, content_type="application/json"
    )
    assert response.status_code == 400 and "bogus" in response.json()
    response = client.post(
        advance, {"step": "no_such_step", "date": day}, content_type="application/json"
    )
    assert response.status_code == 400 and "step" in response.json()
    client.force_login(county.secretary_b)
    assert client.get(_api(person)).status_code == 404


def test_a_document_posted_with_a_step_is_listed_and_downloads(
    client, county, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DANGJIAN_DEVELOPMENT_DIR = str(tmp_path)
    person = applicant(county)
    client.force_login(county.secretary_a)
    url = reverse("orglife:development-step-add", args=[person.pk])
    upload = SimpleUploadedFile("入党申请书.pdf", b"%PDF-1.4 application")
    day = timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"step": "applicant", "date": day, "documents": [upload]})
    assert response.status_code == 302
    page = client.get(reverse("orglife:development-person", args=[person.pk])).content.decode()
    assert "入党申请书.pdf" in page
    (document,) = DevelopmentDocument.objects.unscoped("test").filter(step__person=person)
    download = client.get(reverse("orglife:development-document", args=[document.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 application"
    client.force_login(county.secretary_b)
    assert (
        client.get(reverse("orglife:development-document", args=[document.pk])).status_code == 404
    )


def test_pipeline_shows_the_on_time_ratio_and_the_daily_command_sends_alerts(client, county):
    from django.core.management import call_command

    from dangjian.notices.models import Notice

    person = applicant(county, "晚谈话")
    walk(county, person, "applicant")  # applied 1,197 days ago, no talk yet: overdue
    client.force_login(county.secretary_a)
    page = client.get(reverse("orglife:development-pipeline")).content.decode()
    assert 'id="timeliness"' in page
    call_command("notices_daily", stdout=io.StringIO())
    assert Notice.objects.filter(recipient=county.secretary_a, subject__contains="晚谈话").exists()


def test_record_page_shows_the_dates_the_next_steps_hang_on(client, county):
    person = applicant(county)
    dates = walk(county, person, "contacts")
    client.force_login(county.secretary_a)
    page = client.get(reverse("orglife:development-person", args=[person.pk])).content.decode()
    earliest = dates["activist"] + relativedelta(years=1)
    assert earliest.isoformat() in page[page.index('id="development-deadlines"') :]


def test_hub_lists_pipeline_and_alerts_for_organizations_not_for_members(client, county):
    pipeline = reverse("orglife:development-pipeline")
    client.force_login(county.secretary_a)
    assert pipeline in client.get(reverse("orglife:home")).content.decode()
    client.force_login(county.member_a)
    assert pipeline not in client.get(reverse("orglife:home")).content.decode()

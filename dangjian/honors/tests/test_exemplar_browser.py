"""At 375 px, one nomination through every step: township A's secretary nominates 张甲 with a
photo in the county's monthly round → the department (the county committee) approves it and
starts 公示 → an anonymous visitor lodges an objection on the public page → the department
answers it → the notice ends → the department awards → the award is in the ledger and on
the public honor roll with its thumbnail.

The clock is moved honestly through the ORM (fixtures_exemplar.running_today / ended): the
notice's dates are set around the day the test runs so that the form is open whatever day
that is, then set in the past before the decision; the services' own tests pin the dates a
notice gets from the working-day calendar."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from dangjian.honors.models import Award, ExemplarRound, Nomination, NominationAttachment, Objection
from dangjian.honors.tests import fixtures_exemplar as fx
from dangjian.tests.test_browser import OUTPUT, PHONE, _login, browser  # noqa: F401

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _phone(browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return page, errors


def test_a_nomination_goes_from_the_secretary_to_the_honor_roll_on_a_phone(
    browser,  # noqa: F811
    live_server,
    county,
    settings,
    tmp_path,
):
    settings.DANGJIAN_HONORS_DIR = tmp_path / "honors"
    base = live_server.url
    OUTPUT.mkdir(exist_ok=True)
    round_obj = fx.round_(county, org=county.root, actor=county.dept_admin)
    picture = tmp_path / "deeds.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (180, 20, 20)).save(buffer, "JPEG")
    picture.write_bytes(buffer.getvalue())

    # 1. Township A's secretary nominates, with a photo.
    secretary, errors = _phone(browser)
    _login(secretary, base, "secretary_a")
    secretary.goto(base + reverse("honors:exemplar-round", args=[round_obj.pk]))
    secretary.click("#nominate")
    secretary.wait_for_selector("#nominate-form")
    secretary.select_option("#id_category", "member")
    # The form's script at work (waited for: under load it runs after the selection returns).
    secretary.wait_for_selector("#id_nominee_org", state="hidden")
    secretary.select_option("#id_nominee_person", str(county.person_a.pk))
    secretary.fill("#id_summary", "带领群众发展大棚蔬菜产业")
    secretary.fill("#id_deeds", fx.DEEDS)
    secretary.set_input_files("#id_photos", str(picture))
    _no_sideways_scroll(secretary)
    secretary.click("#nominate-form button[type=submit]")
    secretary.wait_for_selector("#nomination-status[data-status=nominated]")
    nomination = Nomination.objects.unscoped("test").get()
    assert nomination.created_by == county.secretary_a
    assert NominationAttachment.objects.unscoped("test").filter(nomination=nomination).count() == 1
    secretary.screenshot(path=str(OUTPUT / "honors-exemplar-nomination-375.png"), full_page=True)

    # 2. The county committee (the department) approves and starts 公示.
    committee, committee_errors = _phone(browser)
    _login(committee, base, "dept_admin")
    committee.goto(base + reverse("honors:exemplar-nomination", args=[nomination.pk]))
    committee.click("#review")
    committee.wait_for_selector("#review-form")
    # Radios drawn as round checks, not as full-width thin form-control bars.
    box = committee.locator("#id_decision_0").bounding_box()
    assert 12 <= box["height"] <= 24 and abs(box["width"] - box["height"]) < 2, box
    _no_sideways_scroll(committee)
    committee.check("#id_decision_0")
    committee.click("#review-form button[type=submit]")
    committee.wait_for_selector(f"[data-nomination='{nomination.pk}'] [data-status=approved]")
    committee.click("#start-notice")
    committee.click("#notice-form button[type=submit]")
    committee.wait_for_selector("#round-status[data-status=notice]")
    round_obj = fx.running_today(ExemplarRound.objects.unscoped("test").get(pk=round_obj.pk))
    # During 公示 no decision: the page says until when the notice runs.
    committee.goto(base + reverse("honors:exemplar-round", args=[round_obj.pk]))
    assert committee.locator("#decide").count() == 0
    assert (
        committee.locator("#notice-until").inner_text() == f"公示至{round_obj.notice_end:%Y-%m-%d}"
    )
    _no_sideways_scroll(committee)

    # 3. An anonymous visitor objects on the public page.
    visitor, visitor_errors = _phone(browser)
    public_url = base + reverse("honors:exemplar-notice", args=[round_obj.public_key])
    visitor.goto(public_url)
    assert visitor.locator(f"#nominee-{nomination.pk} img").count() == 1  # the thumbnail
    assert visitor.locator(f"#nominee-{nomination.pk} img").evaluate("i => i.naturalWidth") == 320
    # A refused objection re-renders the form with its message (200: no console error).
    visitor.fill("#id_body", "不符")
    visitor.click("#objection-form button[type=submit]")
    visitor.wait_for_selector("[data-error-for=body]")
    assert visitor_errors == [], visitor_errors
    assert Objection.objects.unscoped("test").count() == 0
    visitor.fill("#id_body", "该同志去年的大棚数量与事迹材料不符，请核实。")
    visitor.fill("#id_contact", "13900001111")
    _no_sideways_scroll(visitor)
    visitor.click("#objection-form button[type=submit]")
    visitor.wait_for_selector("#notice-sent")
    visitor.screenshot(path=str(OUTPUT / "honors-exemplar-notice-375.png"), full_page=True)
    objection = Objection.objects.unscoped("test").get()
    assert objection.nomination == nomination and objection.contact == "13900001111"

    # 4. The committee answers it.
    committee.goto(base + reverse("honors:exemplar-nomination", args=[nomination.pk]))
    assert committee.locator(f"[data-objection='{objection.pk}'][data-outcome=open]").count() == 1
    committee.click(f"[data-objection='{objection.pk}'] a")
    committee.check("#id_outcome_0")  # dismissed
    committee.fill("#id_answer", "经实地核实，大棚数量属实。")
    committee.click("#answer-form button[type=submit]")
    committee.wait_for_selector(f"[data-objection='{objection.pk}'][data-outcome=dismissed]")
    visitor.goto(public_url)
    assert visitor.locator(f"#nominee-{nomination.pk} [data-answered='1']").count() == 1

    # 5. The notice ends (the clock moved through the ORM); the committee awards.
    fx.ended(round_obj)
    committee.goto(base + reverse("honors:exemplar-round", args=[round_obj.pk]))
    committee.click("#decide")
    committee.check(f"#id_award_{nomination.pk}_0")
    committee.fill(f"#id_note_{nomination.pk}", "县委研究同意")
    _no_sideways_scroll(committee)
    committee.click("#decide-form button[type=submit]")
    committee.wait_for_selector("#round-status[data-status=decided]")
    award = Award.objects.unscoped("test").get()
    assert award.title == "2026年11月优秀共产党员"

    # 6. The ledger and the public honor roll show it.
    committee.goto(base + reverse("honors:exemplar-ledger") + f"?year={award.year}")
    assert committee.locator(f"#ledger [data-award='{award.pk}']").count() == 1
    assert committee.locator("#ledger-counts").get_attribute("data-members") == "1"
    _no_sideways_scroll(committee)
    committee.screenshot(path=str(OUTPUT / "honors-exemplar-ledger-375.png"), full_page=True)
    visitor.goto(base + reverse("honors:exemplar-roll") + f"?year={award.year}")
    card = visitor.locator(f"#roll [data-award='{award.pk}']")
    assert card.count() == 1 and "张甲" in card.inner_text()
    assert card.locator("img").evaluate("i => i.naturalWidth") == 320
    _no_sideways_scroll(visitor)
    visitor.screenshot(path=str(OUTPUT / "honors-exemplar-roll-375.png"), full_page=True)
    for found in (errors, committee_errors, visitor_errors):
        assert not [e for e in found if "Content Security Policy" in e], found

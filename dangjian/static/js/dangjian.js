// Small behaviours declared in the markup, so that no page needs an inline script (CSP).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-print], [data-disable-on-click]");
  if (!target) return;
  if (target.hasAttribute("data-print")) window.print();
  if (target.hasAttribute("data-disable-on-click")) target.disabled = true;
});

// Study notes: a live character count and an autosaved draft.
// Counted as study.rules.countable_chars counts: letters and digits of every script (Chinese
// characters included); punctuation, symbols and whitespace are not.
const COUNTABLE = /[\p{L}\p{N}]/gu;
function showCount(area) {
  const target = document.querySelector(area.dataset.charCount);
  if (target) target.textContent = (area.value.match(COUNTABLE) || []).length;
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-char-count]").forEach(showCount);
});

// The draft is saved a moment after the last keystroke, and when the page is left. A new
// note's first save creates the draft (X-Autosave on the "new note" form); the server answers
// with the draft's autosave and edit addresses, and the page becomes the draft's edit page,
// so a reload finds the text.
const AUTOSAVE_DELAY_MS = 800;
let autosaveTimer = null;
function autosaveData(form) {
  const data = new FormData();
  for (const name of ["csrfmiddlewaretoken", "title", "body", "kind", "reading", "event"]) {
    if (form.elements[name]) data.append(name, form.elements[name].value);
  }
  return data;
}
async function autosave(form) {
  if (form.dataset.autosaving === "creating") {
    // The draft is being created: save again once it exists, never create two.
    autosaveTimer = setTimeout(() => autosave(form), AUTOSAVE_DELAY_MS);
    return;
  }
  autosaveTimer = null;
  const status = document.querySelector(form.dataset.autosaveStatus);
  const creating = !form.dataset.autosave;
  if (creating) form.dataset.autosaving = "creating";
  const url = form.dataset.autosave || form.dataset.autosaveCreate;
  try {
    const response = await fetch(url, {
      method: "POST",
      body: autosaveData(form),
      headers: { "X-Autosave": "1" },
      credentials: "same-origin",
    });
    if (status) status.innerHTML = await response.text();
    if (creating && response.status === 201) {
      form.dataset.autosave = response.headers.get("X-Autosave-Url");
      form.action = response.headers.get("X-Edit-Url");
      history.replaceState(null, "", form.action);
    }
  } catch (error) {
    if (status) status.textContent = status.dataset.offline || "…";
  } finally {
    delete form.dataset.autosaving;
  }
}
document.addEventListener("input", (event) => {
  const area = event.target.closest("[data-char-count]");
  if (area) showCount(area);
  const form = event.target.closest("form[data-autosave], form[data-autosave-create]");
  if (!form) return;
  clearTimeout(autosaveTimer);
  autosaveTimer = setTimeout(() => autosave(form), AUTOSAVE_DELAY_MS);
});
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState !== "hidden" || autosaveTimer === null) return;
  const form = document.querySelector("form[data-autosave]");
  if (form && form.dataset.autosave) {
    clearTimeout(autosaveTimer);
    autosaveTimer = null;
    navigator.sendBeacon(form.dataset.autosave, autosaveData(form));
  }
});

// 干训讲堂: reading time and "read to the end". While the page is visible it reports the
// seconds since its last report every data-hall-beat seconds (the server caps each report);
// when the sentinel at the end of the text comes into view it reports the end, once.
const hallEnd = () => document.querySelector("[data-hall-end]");
function hallCsrf() {
  const field = document.querySelector("input[name=csrfmiddlewaretoken]");
  return field ? field.value : "";
}
let hallLastBeat = Date.now();
function hallReport(finished) {
  const end = hallEnd();
  if (!end) return;
  const data = new FormData();
  data.append("csrfmiddlewaretoken", hallCsrf());
  data.append("seconds", String(Math.round((Date.now() - hallLastBeat) / 1000)));
  if (finished) data.append("finished", "on");
  hallLastBeat = Date.now();
  fetch(end.dataset.hallProgress, { method: "POST", body: data, credentials: "same-origin" })
    .then((response) => {
      if (finished && response.ok) end.dataset.hallReported = "1";
    })
    .catch(() => {});
}
document.addEventListener("DOMContentLoaded", () => {
  const end = hallEnd();
  if (!end) return;
  const beat = 1000 * Number(end.dataset.hallBeat || 30);
  setInterval(() => {
    if (document.visibilityState === "visible") hallReport(false);
  }, beat);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") hallLastBeat = Date.now();
  });
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      observer.disconnect();
      hallReport(true);
    }
  });
  observer.observe(end);
});

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

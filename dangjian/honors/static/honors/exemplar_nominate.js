// The nomination form: show the organization select for category "org", the member select
// otherwise (both stay in the form; the service reads the one the category needs).
(function () {
  "use strict";
  var category = document.getElementById("id_category");
  if (!category) return;
  function wrap(id) {
    var field = document.getElementById(id);
    return field ? field.closest(".col-12") : null;
  }
  var org = wrap("id_nominee_org");
  var person = wrap("id_nominee_person");
  function update() {
    var isOrg = category.value === "org";
    if (org) org.hidden = !isOrg;
    if (person) person.hidden = isOrg;
  }
  category.addEventListener("change", update);
  update();
})();

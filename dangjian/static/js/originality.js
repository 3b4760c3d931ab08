// Originality report: a tap on a copied passage shows its source and scrolls to the twin.
(function () {
  function showSource(index) {
    document.querySelectorAll(".dj-source").forEach(function (panel) {
      panel.classList.toggle("dj-collapsed", panel.id !== "dj-source-" + index);
    });
    return document.getElementById("dj-source-" + index);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".dj-show-source");
    if (link) {
      event.preventDefault();
      var panel = showSource(link.dataset.source);
      if (panel) panel.scrollIntoView({ behavior: "smooth", block: "start" });
      return;
    }
    var mark = event.target.closest("#dj-checked .dj-copy");
    if (!mark || !mark.dataset.twin) return;
    showSource(mark.dataset.source);
    var twin = document.getElementById(mark.dataset.twin);
    if (!twin) return;
    twin.scrollIntoView({ behavior: "smooth", block: "center" });
    twin.classList.add("dj-flash");
    setTimeout(function () { twin.classList.remove("dj-flash"); }, 1600);
  });
})();

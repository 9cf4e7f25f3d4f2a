// Live progress: polls the audit's JSON and updates the numbers; reloads when the audit ends.
(function () {
  var box = document.querySelector("[data-progress-url]");
  if (box) {
    var url = box.getAttribute("data-progress-url");
    var tick = function () {
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (p) {
          if (p.finished) { window.location.reload(); return; }
          ["pages", "failures", "current"].forEach(function (key) {
            var el = box.querySelector("[data-field=" + key + "]");
            if (el) { el.textContent = p[key] === null ? "" : String(p[key]); }
          });
          var stages = box.querySelectorAll("[data-stage]");
          stages.forEach(function (el) { el.hidden = el.getAttribute("data-stage") !== p.stage; });
          var bar = box.querySelector("progress");
          if (bar) { bar.value = Math.min(p.budget, p.pages + p.failures); bar.max = p.budget; }
          setTimeout(tick, 1000);
        })
        .catch(function () { setTimeout(tick, 3000); });
    };
    setTimeout(tick, 1000);
  }
  var again = document.querySelector("[data-refresh]");
  if (again) { setTimeout(function () { window.location.reload(); }, 2000); }
})();

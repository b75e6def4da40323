// Search-box suggestions (pinyin and initials too: yuekangma / ykm → 粤康码). Progressive enhancement:
// the form works without this script.
(function () {
  var input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (!q) { list.innerHTML = ""; return; }
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q))
        .then(function (r) { return r.json(); })
        .then(function (data) {
          list.innerHTML = "";
          data.suggestions.forEach(function (s) {
            var o = document.createElement("option");
            o.value = s;
            list.appendChild(o);
          });
        })
        .catch(function () {});
    }, 150);
  });
})();

// 政府信息公开申请表: show the identity fields of the chosen applicant category only (身份证明 for 自然人,
// 统一社会信用代码 and 联系人 for 法人或其他组织). Progressive enhancement: without JavaScript every field
// shows and the server checks whichever the category needs; a file, not inline code (the CSP allows none).
(function () {
  var category = document.getElementById("id_category");
  if (!category) return;
  var groups = document.querySelectorAll("[data-category]");
  function update() {
    var natural = category.value === "natural";
    groups.forEach(function (group) {
      var shown = (group.getAttribute("data-category") === "natural") === natural;
      group.hidden = !shown;
      group.querySelectorAll("input, select").forEach(function (control) {
        control.required = shown;
      });
    });
  }
  category.addEventListener("change", update);
  update();
})();

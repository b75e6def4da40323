// 打印 buttons ([data-print]): shown only where scripts run (the browser's own print menu works anyway);
// a file, not an inline handler (the CSP allows none). The print stylesheet in site.css hides the chrome.
(function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();

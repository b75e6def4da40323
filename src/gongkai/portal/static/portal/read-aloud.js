// 语音阅读 on article pages (MIIT 适老化: "至少要在正文页面中实现"): reads the title and the text with the
// browser's speech synthesis. Progressive enhancement: the button stays hidden without JavaScript or
// without speech support.
(function () {
  var button = document.querySelector("[data-read-aloud]");
  if (!button || !("speechSynthesis" in window)) return;
  var target = document.querySelector(button.getAttribute("data-read-aloud"));
  if (!target) return;
  var speaking = false;
  button.hidden = false;
  button.addEventListener("click", function () {
    if (speaking) {
      window.speechSynthesis.cancel();
      return;
    }
    var u = new SpeechSynthesisUtterance(target.innerText);
    u.lang = document.documentElement.lang === "en" ? "en" : "zh-CN";
    u.rate = 0.9;
    u.onstart = function () { speaking = true; button.textContent = button.dataset.stopLabel; };
    u.onend = u.onerror = function () { speaking = false; button.textContent = button.dataset.startLabel; };
    window.speechSynthesis.speak(u);
  });
})();

// Refused changes (a frozen issue, a wrong position) come back as the error page: show its
// message above the list instead of leaving the click without an answer.
document.body.addEventListener("htmx:beforeSwap", function (e) {
  if (e.detail.xhr.status < 400) return;
  e.detail.shouldSwap = false;
  var page = new DOMParser().parseFromString(e.detail.xhr.responseText, "text/html");
  var msg = page.querySelector(".error-page .error");
  document.getElementById("issue-message").textContent = msg ? msg.textContent : "操作失败";
});
document.body.addEventListener("htmx:afterSwap", function (e) {
  if (e.detail.xhr.status < 400 && e.detail.target.id === "issue-items") {
    document.getElementById("issue-message").textContent = "";
  }
});

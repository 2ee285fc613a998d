// The page's only script: shows the inputs of the chosen mode, posts the form to /api/check with
// the CSRF token this page was served with, and shows the answer. Text from the server is only
// ever set as textContent, never as markup.
"use strict";
(function () {
  var form = document.getElementById("check");
  var csrf = document.querySelector('meta[name="uccert-csrf"]').getAttribute("content");
  var error = document.getElementById("error");
  var result = document.getElementById("result");
  var words = { pass: "\u2713 pass", warn: "! warn", fail: "\u2717 FAIL" };

  function showMode() {
    var mode = form.querySelector('input[name="mode"]:checked').value;
    document.querySelectorAll("section.mode").forEach(function (s) {
      s.hidden = s.getAttribute("data-mode") !== mode;
    });
  }
  form.querySelectorAll('input[name="mode"]').forEach(function (r) { r.addEventListener("change", showMode); });
  showMode();

  function fail(message) {
    error.textContent = message;
    error.hidden = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    error.hidden = true;
    result.hidden = true;
    var mode = form.querySelector('input[name="mode"]:checked').value;
    var data = new FormData();
    data.append("mode", mode);
    data.append("name", form.elements.name.value.trim());
    var clients = [];
    form.querySelectorAll('input[name="client"]:checked').forEach(function (c) { clients.push(c.value); });
    data.append("clients", clients.join(","));
    if (mode === "paste") data.append("pem", form.elements.pem.value);
    if (mode === "upload") {
      if (form.elements.file.files.length > 0) data.append("file", form.elements.file.files[0]);
      data.append("password", form.elements.password.value);
    }
    if (mode === "endpoint") {
      data.append("host", form.elements.host.value.trim());
      data.append("port", form.elements.port.value.trim());
      data.append("proto", form.elements.proto.value);
    }
    var button = document.getElementById("run");
    button.disabled = true;
    button.textContent = "Checking\u2026";
    fetch("/api/check", { method: "POST", body: data, headers: { "X-Uccert-CSRF": csrf }, credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (text) {
          var body;
          try { body = JSON.parse(text); } catch (e) { body = { error: text.trim() || ("HTTP " + response.status) }; }
          return body;
        });
      })
      .then(function (body) {
        if (body.error) { fail(body.error); return; }
        var list = document.getElementById("verdicts");
        list.textContent = "";
        Object.keys(body.verdicts).forEach(function (client) {
          var v = body.verdicts[client];
          var li = document.createElement("li");
          li.setAttribute("data-client", client);
          li.setAttribute("data-verdict", v);
          li.textContent = client + ": " + (words[v] || v);
          list.appendChild(li);
        });
        var base = "/r/" + encodeURIComponent(body.id) + "/";
        document.getElementById("download-html").href = base + "report.html";
        document.getElementById("download-json").href = base + "report.json";
        document.getElementById("report").src = base + "view";
        result.hidden = false;
      })
      .catch(function (e) { fail("The request failed: " + e); })
      .then(function () {
        button.disabled = false;
        button.textContent = "Check";
      });
  });
})();

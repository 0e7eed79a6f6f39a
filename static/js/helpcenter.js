/* Progressive enhancement only: pages work without this file.
   - copy buttons next to the values readers type (hosts, username; ports in a step or the table, not in prose);
   - "Your e-mail address": kept in localStorage, never sent; fills the reader's own values;
   - last line: a guide's version blocks; the version chosen (per program, in localStorage) hides the others. */
(function () {
  "use strict";
  var STORE = "helpcenter.address";
  var TYPED = /\.host$|^username$/, PORT = /port$/; // what a reader types into a program
  var strings = document.documentElement.dataset;

  function addCopyButtons() {
    document.querySelectorAll("code.value").forEach(function (chip) {
      var ref = chip.dataset.ref || "";
      if (!TYPED.test(ref) && !(PORT.test(ref) && chip.closest(".step-value,td"))) return;
      if (chip.nextElementSibling && chip.nextElementSibling.classList.contains("copy")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = strings.copyLabel || "Copy";
      button.setAttribute("aria-label", (strings.copyLabel || "Copy") + ": " + chip.textContent);
      button.addEventListener("click", function () {
        var text = chip.textContent;
        var done = function () {
          button.textContent = strings.copiedLabel || "Copied";
          setTimeout(function () { button.textContent = strings.copyLabel || "Copy"; }, 2000);
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done);
        }
      });
      chip.insertAdjacentElement("afterend", button);
    });
  }

  function splitAddress(address) {
    var at = address.lastIndexOf("@");
    if (at < 1 || at !== address.indexOf("@") || at === address.length - 1) return null;
    return { local: address.slice(0, at), domain: address.slice(at + 1).toLowerCase() };
  }

  function personalise(settings, form) {
    var input = form.querySelector("input");
    var message = form.querySelector(".personalise-message");
    var originals = new Map();
    document.querySelectorAll("[data-ref]").forEach(function (el) {
      originals.set(el, { text: el.textContent, tag: el.tagName, href: el.getAttribute("href") });
    });

    function show(value, el, asValue) {
      el.textContent = value;
      if (el.tagName === "A") el.setAttribute("href", value);
      el.classList.toggle("personal", asValue);
    }

    function apply(address) {
      var parts = address ? splitAddress(address.trim()) : null;
      var served = parts && settings.domains.indexOf(parts.domain) !== -1;
      originals.forEach(function (original, el) {
        var ref = el.dataset.ref;
        var value = null;
        if (served) {
          var full = parts.local + "@" + parts.domain;
          if (settings.patterns[ref]) value = settings.patterns[ref].split(settings.placeholder).join(parts.domain);
          else if (ref === "reader.address") value = full;
          else if (ref === "reader.local_part") value = parts.local;
          else if (ref === "reader.domain") value = parts.domain;
          else if (ref === "username") value = settings.username === "local_part" ? parts.local : full;
        }
        if (value !== null) show(value, el, true);
        else {
          el.textContent = original.text;
          if (original.href !== null) el.setAttribute("href", original.href);
          el.classList.remove("personal");
        }
      });
      message.textContent = !address ? "" : served ? message.dataset.shown : message.dataset.unserved;
    }

    form.hidden = false;
    var saved = localStorage.getItem(STORE) || "";
    input.value = saved;
    apply(saved);
    input.addEventListener("input", function () {
      var value = input.value.trim();
      if (value) localStorage.setItem(STORE, value); else localStorage.removeItem(STORE);
      apply(value);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.querySelector("[data-forget]").addEventListener("click", function () {
      localStorage.removeItem(STORE);
      input.value = "";
      apply("");
    });
    var profileAddress = document.getElementById("profile-address");
    if (profileAddress && saved && !profileAddress.value) profileAddress.value = saved;
  }

  document.addEventListener("DOMContentLoaded", function () {
    addCopyButtons();
    var data = document.getElementById("mail-settings");
    var form = document.querySelector("[data-personalise]");
    if (data && form) personalise(JSON.parse(data.textContent), form);
  });
})();
{let S=localStorage,K="helpcenter.program",$=i=>document.getElementById(i),f=(_,h=location.hash,m=(h||document.querySelector(".troubleshooting-box a")?.hash)?.match(/#program-([^-]+)/),k=m?S[K]=m[1]:S[K],e=$("program-"+k),x=$("messages"),t=$("tell"),l=$(h.slice(1)))=>{e?.parentNode.prepend(e,e.nextElementSibling);e&&x&&(x.open=1);l?.scrollIntoView();t&&(t.value=t.defaultValue.replace("{p}",t.dataset[k]||"").replace("{m}",l?.querySelector(".program-message")?.innerText||""),t.parentNode.hidden=0)};f();onhashchange=f}
{let n=document.querySelector("nav.versions");if(n){let k="helpcenter.version."+n.dataset.program,b=document.querySelectorAll("details.version"),a=v=>{let o=[...b].some(d=>d.dataset.version==v);b.forEach(d=>{d.hidden=o&&d.dataset.version!=v;o&&!d.hidden&&(d.open=1)});n.querySelectorAll("a").forEach(l=>o&&l.dataset.version==v?l.setAttribute("aria-current","true"):l.removeAttribute("aria-current"))};n.onclick=e=>{let v=e.target.closest("a")?.dataset.version;if(v!=null){v?localStorage[k]=v:localStorage.removeItem(k);a(v)}};a(localStorage[k])}}

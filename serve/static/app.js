// fiscaldoc serve: click a fact (in the list or marked in the text) to see
// its keys and the source lines it was read from, and the table cells
// those lines fall in. Everything works without
// this script except the detail panel: lines have their own anchors.
(function () {
  "use strict";
  function lines(first, last) {
    var out = [];
    for (var n = first; n <= last && n > 0; n++) {
      var el = document.getElementById("L" + n);
      if (el) out.push(el);
    }
    return out;
  }
  function clear(cls) {
    document.querySelectorAll("." + cls).forEach(function (el) { el.classList.remove(cls); });
  }
  function select(seq, scrollText) {
    var row = document.getElementById("f" + seq);
    if (!row) return;
    clear("hl"); clear("sel");
    row.classList.add("sel");
    document.querySelectorAll('mark[data-f="' + seq + '"]').forEach(function (m) { m.classList.add("sel"); });
    var ls = lines(+row.dataset.first, +row.dataset.last);
    ls.forEach(function (l) { l.classList.add("hl"); });
    var first = +row.dataset.first, last = +row.dataset.last;
    if (first > 0) document.querySelectorAll("td[data-first]").forEach(function (c) {
      var f = +c.dataset.first, l = Math.max(+c.dataset.last, f);
      if (f > 0 && f <= last && l >= first) c.classList.add("hl");
    });
    if (scrollText && ls.length) ls[0].scrollIntoView({ block: "center" });
    else row.scrollIntoView({ block: "nearest" });
    var panel = document.getElementById("fact-detail");
    var tpl = document.getElementById("fd" + seq);
    if (panel && tpl) {
      panel.replaceChildren(tpl.content.cloneNode(true));
      panel.hidden = false;
    }
  }
  document.addEventListener("click", function (e) {
    var t = e.target;
    if (!(t instanceof Element) || t.closest("a")) return;
    var m = t.closest("mark[data-f]");
    if (m) { select(m.dataset.f, false); return; }
    var r = t.closest("tr.fact, tr.fact-ref");
    if (r) select(r.dataset.f, true);
  });
})();

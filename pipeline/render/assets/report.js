(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var words = data.strings;
  var matrix = document.getElementById("matrix");
  var panel = document.getElementById("panel");
  var heading = document.getElementById("panel-title");
  var subtitle = document.getElementById("panel-subtitle");
  var content = document.getElementById("panel-body");
  var opener = null;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function cellButton(key) {
    var buttons = matrix.querySelectorAll("button[data-cell]");
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].getAttribute("data-cell") === key) { return buttons[i]; }
    }
    return null;
  }

  function select(button) {
    var previous = matrix.querySelector("td.selected");
    if (previous) { previous.classList.remove("selected"); }
    if (button) { button.parentNode.classList.add("selected"); }
  }

  function quoteItem(quote) {
    var item = element("li");
    var block = element("blockquote");
    if (quote.before) { block.appendChild(element("span", "context", "…" + quote.before)); }
    block.appendChild(element("mark", "", quote.text));
    if (quote.after) { block.appendChild(element("span", "context", quote.after + "…")); }
    item.appendChild(block);
    var source = element("p", "source", quote.file + ", " + words.page + " " + quote.page);
    var offsets = element("span", "offsets", "[" + quote.start + "–" + quote.end + "]");
    offsets.title = words.characters + " " + quote.start + "–" + quote.end;
    source.appendChild(offsets);
    item.appendChild(source);
    return item;
  }

  function openCell(key) {
    var cut = key.lastIndexOf("|");
    var notation = key.slice(0, cut);
    var index = key.slice(cut + 1);
    if (cut < 0 || !/^[0-9]+$/.test(index)) { return false; }
    var row = data.rows[notation];
    var column = data.columns[Number(index)];
    if (row === undefined || column === undefined) { return false; }
    key = notation + "|" + Number(index);
    var count = data.counts[key] || 0;
    var quotes = data.evidence[key] || [];
    heading.textContent = row.label;
    heading.appendChild(element("code", "notation", " " + notation));
    subtitle.textContent = column.label + " · " + count + " " +
      (count === 1 ? words.annotation : words.annotations);
    content.replaceChildren();
    if (count === 0) {
      content.appendChild(element("p", "note", words.no_annotations));
    } else if (quotes.length === 0) {
      content.appendChild(element("p", "note", words.no_evidence));
    } else {
      content.appendChild(element("h3", "", words.evidence));
      if (quotes.length < count) {
        content.appendChild(element("p", "note",
          words.showing.replace("{shown}", quotes.length).replace("{count}", count)));
      }
      var list = element("ol", "quotes");
      quotes.forEach(function (quote) { list.appendChild(quoteItem(quote)); });
      content.appendChild(list);
    }
    opener = cellButton(key);
    select(opener);
    panel.hidden = false;
    document.body.classList.add("panel-open");
    var hash = "#cell=" + encodeURIComponent(notation) + "|" + Number(index);
    if (location.hash !== hash) {
      try { history.replaceState(null, "", hash); } catch (error) { /* a sandboxed frame */ }
    }
    if (opener) { opener.scrollIntoView({block: "center", inline: "center"}); }
    heading.focus();
    return true;
  }

  function closePanel() {
    if (panel.hidden) { return; }
    panel.hidden = true;
    document.body.classList.remove("panel-open");
    select(null);
    try {
      history.replaceState(null, "", location.pathname + location.search);
    } catch (error) { /* a sandboxed frame */ }
    if (opener) { opener.focus(); }
  }

  function openFromHash() {
    var hash = location.hash;
    if (hash.indexOf("#cell=") !== 0) { return; }
    try { openCell(decodeURIComponent(hash.slice(6))); } catch (error) { /* a bad link */ }
  }

  matrix.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-cell]");
    if (button) { openCell(button.getAttribute("data-cell")); }
  });
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closePanel(); }
  });
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
})();

/* The matrix's cell panel: a cell opens onto its quotes in a side panel, the open cell
   kept in the address (#cell=notation|column). The HTML report inlines this script; the
   pages of `plpbk-kg serve` load it as /report.js and draw their matrix's panel with the
   same parts (window.plpbkReport), so the two panels behave alike. */
(function () {
  "use strict";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* A quote ({file, page, start, end, text, before, after}) as a list item; `words` gives
     "page" and "characters" in the page's language. */
  function quoteItem(quote, words) {
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

  /* The panel of the cells of `options.matrix` (an element holding the table, which may be
     redrawn). `options.describe(notation, index)` says what a cell shows —
     {label, subtitle, fill: function (body)} — or null for no such cell. */
  function cellPanel(options) {
    var matrix = options.matrix;
    var panel = document.getElementById("panel");
    var heading = document.getElementById("panel-title");
    var subtitle = document.getElementById("panel-subtitle");
    var content = document.getElementById("panel-body");
    var opener = null;

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

    function keep(address) {
      try { history.replaceState(null, "", address); } catch (error) { /* a sandboxed frame */ }
    }

    function open(key) {
      var cut = key.lastIndexOf("|");
      var notation = key.slice(0, cut);
      var index = key.slice(cut + 1);
      if (cut < 0 || !/^[0-9]+$/.test(index)) { return false; }
      var cell = options.describe(notation, Number(index));
      if (!cell) { return false; }
      key = notation + "|" + Number(index);
      heading.textContent = cell.label;
      heading.appendChild(element("code", "notation", " " + notation));
      subtitle.textContent = cell.subtitle;
      content.replaceChildren();
      cell.fill(content);
      opener = cellButton(key);
      select(opener);
      panel.hidden = false;
      document.body.classList.add("panel-open");
      var hash = "#cell=" + encodeURIComponent(notation) + "|" + Number(index);
      if (location.hash !== hash) { keep(location.pathname + location.search + hash); }
      if (opener) { opener.scrollIntoView({block: "center", inline: "center"}); }
      heading.focus();
      return true;
    }

    function close() {
      if (panel.hidden) { return; }
      panel.hidden = true;
      document.body.classList.remove("panel-open");
      select(null);
      keep(location.pathname + location.search);
      if (opener) { opener.focus(); }
    }

    function fromHash() {
      var hash = location.hash;
      if (hash.indexOf("#cell=") !== 0) { return; }
      try { open(decodeURIComponent(hash.slice(6))); } catch (error) { /* a bad link */ }
    }

    matrix.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-cell]");
      if (button) { open(button.getAttribute("data-cell")); }
    });
    document.getElementById("panel-close").addEventListener("click", close);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); }
    });
    window.addEventListener("hashchange", fromHash);
    return {open: open, close: close, fromHash: fromHash};
  }

  window.plpbkReport = {element: element, quoteItem: quoteItem, cellPanel: cellPanel};

  var source = document.getElementById("report-data");
  if (!source) { return; }  // a page of plpbk-kg serve: it draws its own matrix
  var data = JSON.parse(source.textContent);
  var words = data.strings;

  cellPanel({
    matrix: document.getElementById("matrix"),
    describe: function (notation, index) {
      var row = data.rows[notation];
      var column = data.columns[index];
      if (row === undefined || column === undefined) { return null; }
      var key = notation + "|" + index;
      var count = data.counts[key] || 0;
      var quotes = data.evidence[key] || [];
      return {
        label: row.label,
        subtitle: column.label + " · " + count + " " +
          (count === 1 ? words.annotation : words.annotations),
        fill: function (content) {
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
            quotes.forEach(function (quote) { list.appendChild(quoteItem(quote, words)); });
            content.appendChild(list);
          }
        }
      };
    }
  }).fromHash();
})();

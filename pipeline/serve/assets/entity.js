/* The organisation and place pages (one script, <body data-entity="organisation|place">).
   organisation.html?org=IRI (queries/organisation.rq) and place.html?area=IRI or ?code=…
   (queries/place.rq) show the documents that name it (and, for a place, study it) with
   each mention's quote, and the statements about it: sentences stating which sector
   plays which role or provides which form that name it. Every quote links to its place
   in the document page. Without a parameter the page lists the organisations or places
   of the store (queries/organisations.rq, queries/places.rq). */
(function () {
  "use strict";
  var plpbk = window.plpbk;
  var el = plpbk.el;

  var kind = document.body.getAttribute("data-entity");
  var search = new URLSearchParams(location.search);
  var params = kind === "organisation"
    ? (search.get("org") ? {org: plpbk.iri(search.get("org"))} : null)
    : (search.get("area") ? {area: plpbk.iri(search.get("area"))}
       : search.get("code") ? {code: search.get("code")} : null);
  var content = document.getElementById("content");
  var message = document.getElementById("message");
  var loaded = null;

  function load() {
    var rows = params ? plpbk.query(kind, params)
      : plpbk.query(kind === "organisation" ? "organisations" : "places", {});
    return Promise.all([rows, plpbk.codebook()]).then(function (answers) {
      return {rows: answers[0], codebook: answers[1]};
    });
  }

  function quoteLine(row) {
    var item = el("li");
    var block = el("blockquote", "", row.quote);
    item.appendChild(block);
    var source = el("p", "source", row.file + ", " + plpbk.t("page") + " " + row.page);
    source.appendChild(el("span", "offsets", "[" + row.start + "–" + row.end + "]"));
    source.appendChild(document.createTextNode(" "));
    var open = plpbk.link("document.html", {file: row.file}, plpbk.t("open_in_document"),
                          "#o=" + row.start + "-" + row.end);
    open.className = "to-document";
    source.appendChild(open);
    item.appendChild(source);
    return item;
  }

  function statementText(row) {
    var codebook = loaded.codebook;
    var verb = row.evidence === "form" ? "provides" : "plays";
    return plpbk.label(codebook, row.statement_sector) + " " + plpbk.t(verb) + " " +
      plpbk.label(codebook, row.statement);
  }

  function byFile(rows) {
    var files = {};
    var order = [];
    rows.forEach(function (row) {
      if (!files[row.file]) { files[row.file] = []; order.push(row.file); }
      files[row.file].push(row);
    });
    order.sort();
    return order.map(function (file) { return {file: file, rows: files[file]}; });
  }

  function drawOne() {
    var rows = loaded.rows;
    var codebook = loaded.codebook;
    var title = document.getElementById("title");
    var facts = document.getElementById("facts");
    facts.replaceChildren();
    content.replaceChildren();
    if (!rows.length) {
      title.textContent = plpbk.t(kind);
      message.textContent = plpbk.t("not_found");
      return;
    }
    var first = rows[0];
    var name = kind === "organisation" ? first.organisation : first.place;
    title.textContent = name;
    document.title = name + " · plpbk-kg";
    var shown = kind === "organisation"
      ? [["sector", plpbk.label(codebook, first.sector)]]
      : [["kind", first.kind], ["region_code", first.code]];
    shown.forEach(function (fact) {
      facts.appendChild(el("dt", "", plpbk.t(fact[0])));
      facts.appendChild(el("dd", "", fact[1]));
    });

    var documents = el("section");
    documents.id = "documents";
    documents.appendChild(el("h2", "", plpbk.t(kind === "place" ? "documents_studying_naming" : "documents_naming")));
    var list = el("ul", "documents");
    byFile(rows.filter(function (row) {
      return row.evidence === "mention" || row.evidence === "studied";
    })).forEach(function (group) {
      var item = el("li");
      item.appendChild(plpbk.link("document.html", {file: group.file}, group.file));
      if (group.rows.some(function (row) { return row.evidence === "studied"; })) {
        item.appendChild(el("span", "studied", " · " + plpbk.t("studies_it")));
      }
      var mentions = group.rows.filter(function (row) { return row.evidence === "mention"; });
      if (mentions.length) {
        item.appendChild(el("span", "count", " · " + plpbk.plural(mentions.length, "mention_one", "mention_many")));
        var quotes = el("ol", "quotes");
        mentions.forEach(function (row) { quotes.appendChild(quoteLine(row)); });
        item.appendChild(quotes);
      }
      list.appendChild(item);
    });
    documents.appendChild(list);
    content.appendChild(documents);

    var statements = rows.filter(function (row) { return row.evidence === "role" || row.evidence === "form"; });
    var section = el("section");
    section.id = "statements";
    section.appendChild(el("h2", "", plpbk.t("statements")));
    if (!statements.length) {
      section.appendChild(el("p", "note", plpbk.t("no_rows")));
    } else {
      var items = el("ol", "quotes statements");
      statements.forEach(function (row) {
        var item = quoteLine(row);
        item.insertBefore(el("p", "statement", statementText(row)), item.firstChild);
        items.appendChild(item);
      });
      section.appendChild(items);
    }
    content.appendChild(section);
  }

  function drawList() {
    var title = document.getElementById("title");
    title.textContent = plpbk.t(kind === "organisation" ? "organisations" : "places_heading");
    document.title = title.textContent + " · plpbk-kg";
    content.replaceChildren();
    var entries = {};
    var order = [];
    loaded.rows.forEach(function (row) {
      var key = kind === "organisation" ? row.org : row.code;
      if (!key) { return; }
      if (!entries[key]) {
        entries[key] = {key: key, row: row, files: {}};
        order.push(key);
      }
      entries[key].files[row.file] = true;
    });
    var table = el("table", "plain entities");
    var head = el("tr");
    var columns = kind === "organisation"
      ? ["organisation", "sector", "documents_filter"]
      : ["place", "kind", "region_code", "documents_filter"];
    columns.forEach(function (key) {
      var th = el("th", "", plpbk.t(key));
      th.scope = "col";
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    order.sort(function (a, b) {
      var left = kind === "organisation" ? entries[a].row.organisation : entries[a].row.place;
      var right = kind === "organisation" ? entries[b].row.organisation : entries[b].row.place;
      return left < right ? -1 : left > right ? 1 : (a < b ? -1 : 1);
    });
    order.forEach(function (key) {
      var entry = entries[key];
      var row = el("tr");
      var cell = el("th");
      cell.scope = "row";
      cell.appendChild(kind === "organisation"
        ? plpbk.link("organisation.html", {org: key}, entry.row.organisation)
        : plpbk.link("place.html", {code: key}, entry.row.place));
      row.appendChild(cell);
      var values = kind === "organisation"
        ? [plpbk.label(loaded.codebook, entry.row.sector)]
        : [entry.row.kind, entry.row.code];
      values.push(Object.keys(entry.files).sort().join(", "));
      values.forEach(function (value) { row.appendChild(el("td", "", value)); });
      body.appendChild(row);
    });
    table.appendChild(body);
    content.appendChild(order.length ? table : el("p", "note", plpbk.t("no_rows")));
  }

  function draw() {
    message.textContent = "";
    if (params) { drawOne(); } else { drawList(); }
  }

  function render() {
    if (loaded) { draw(); return; }
    content.replaceChildren(el("p", "note", plpbk.t("loading")));
    load().then(function (answer) {
      loaded = answer;
      draw();
    }).catch(function (error) { plpbk.showError(content, error); });
  }

  plpbk.start(kind + ".html", render);
})();

/* The comparison matrix, live: `plpbk-kg compare`'s matrix as the server computes it
   (/api/matrix: once per published snapshot and filter, the counts and their colour steps
   with it), with the report's filters (families, documents, a place, by place, language).
   The page draws what it is given and counts nothing itself. A cell opens onto its quotes
   in the report's panel (report.js, served from the report's own assets), each quote
   linked to its place in the document page. The filters live in the address
   (?family=…&doc=…&place=…&by=place) and an open cell in its fragment
   (#cell=form.physical|2), so that a view can be shared. */
(function () {
  "use strict";
  var plpbk = window.plpbk;
  var report = window.plpbkReport;
  var el = plpbk.el;
  var EVIDENCE_DOCUMENTS = 40;  // pipeline/compare.py's EVIDENCE_DOCUMENTS, for a report

  var codebook = null;   // the families the filter offers, labels in both languages
  var files = [];        // the store's documents, which the filter offers
  var view = null;       // the matrix as the server computed it for the current filters
  var views = {};        // answers by address, so that a filter seen before is not asked again
  var asked = 0;         // the evidence last asked for: an older answer is dropped

  var area = document.getElementById("matrix-area");
  var message = document.getElementById("message");

  function filters() {
    var search = new URLSearchParams(location.search);
    return {
      families: search.getAll("family"),
      documents: search.getAll("doc"),
      place: (search.get("place") || "").trim(),
      by: search.get("by") === "place" ? "place" : "document"
    };
  }

  function address(chosen) {
    var search = new URLSearchParams();
    chosen.families.forEach(function (family) { search.append("family", family); });
    chosen.documents.forEach(function (file) { search.append("doc", file); });
    if (chosen.place) { search.set("place", chosen.place); }
    search.set("by", chosen.by);
    search.set("lang", plpbk.lang);
    return "/api/matrix?" + search.toString();
  }

  /* The matrix for `chosen`; when no document is left (`empty`), the reason in words. */
  function matrixFor(chosen) {
    var url = address(chosen);
    if (!views[url]) {
      views[url] = plpbk.getJSON(url).then(function (answer) {
        if (answer.empty) {
          answer.error = answer.empty.argument === "place"
            ? plpbk.t("no_place", {place: chosen.place}) : plpbk.t("no_documents");
        }
        return answer;
      }, function (error) {
        delete views[url];
        throw error;
      });
    }
    return views[url];
  }

  function columnDocuments(column) { return column.documents || [column.key]; }

  function drawFilters(chosen) {
    var familyBox = document.getElementById("family-choices");
    familyBox.replaceChildren();
    codebook.order.forEach(function (family) {
      var info = codebook.families[family];
      var label = el("label", "choice");
      var box = el("input");
      box.type = "checkbox";
      box.name = "family";
      box.value = family;
      box.checked = chosen.families.indexOf(family) >= 0;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + (info[plpbk.lang] || family) + " "));
      label.appendChild(el("code", "notation", family));
      familyBox.appendChild(label);
    });
    var documentBox = document.getElementById("document-choices");
    documentBox.replaceChildren();
    files.forEach(function (file) {
      var label = el("label", "choice");
      var box = el("input");
      box.type = "checkbox";
      box.name = "doc";
      box.value = file;
      box.checked = chosen.documents.indexOf(file) >= 0;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + file));
      documentBox.appendChild(label);
    });
    document.getElementById("place").value = chosen.place;
    document.getElementById("by").value = chosen.by;
  }

  function drawMatrix(chosen) {
    area.replaceChildren();
    message.textContent = "";
    var title = chosen.by === "place" ? plpbk.t("title_place") : plpbk.t("title_document");
    document.getElementById("title").textContent = title;
    document.title = title + " · plpbk-kg";
    if (view.error) {
      message.textContent = view.error;
      document.getElementById("summary").textContent = "";
      drawDocuments();
      return;
    }
    var codes = 0;
    view.families.forEach(function (family) { codes += family.codes.length; });
    document.getElementById("summary").textContent = [
      plpbk.plural(view.documents.length, "document", "documents"),
      plpbk.plural(codes, "code", "codes"),
      plpbk.plural(view.total, "annotation", "annotations")
    ].join(" · ");
    var table = el("table", "matrix");
    table.id = "matrix";
    var head = el("thead");
    var headRow = el("tr");
    var corner = el("th", "corner", plpbk.t("code_heading"));
    corner.scope = "col";
    headRow.appendChild(corner);
    view.columns.forEach(function (column) {
      var th = el("th");
      th.scope = "col";
      th.title = column.label + (view.by === "place"
        ? " — " + plpbk.t("counted_in") + ": " + columnDocuments(column).join(", ") : "");
      var span = el("span", "col");
      span.appendChild(view.by === "place"
        ? plpbk.link("place.html", {code: column.key}, column.label)
        : plpbk.link("document.html", {file: column.key}, column.label));
      th.appendChild(span);
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    view.families.forEach(function (family) {
      var body = el("tbody");
      body.setAttribute("data-family", family.notation);
      var band = el("tr", "family");
      var bandHead = el("th", "", family.label || family.notation);
      bandHead.scope = "rowgroup";
      band.appendChild(bandHead);
      var bandCell = el("td");
      bandCell.colSpan = Math.max(view.columns.length, 1);
      band.appendChild(bandCell);
      body.appendChild(band);
      family.codes.forEach(function (code) {
        var row = el("tr");
        var rowHead = el("th", "", view.rows[code].label);
        rowHead.scope = "row";
        rowHead.title = view.rows[code].definition || "";
        rowHead.appendChild(el("code", "notation", code));
        row.appendChild(rowHead);
        view.columns.forEach(function (column, index) {
          var count = view.cells[code + "|" + index] || 0;  // its colour step: the server's
          var td = el("td", "s" + (count ? view.steps[count] : 0));
          if (count) {
            var button = el("button", "", count);
            button.type = "button";
            button.setAttribute("data-cell", code + "|" + index);
            td.appendChild(button);
          }
          row.appendChild(td);
        });
        body.appendChild(row);
      });
      table.appendChild(body);
    });
    area.appendChild(table);
    drawDocuments();
  }

  /* The documents of the matrix: their metadata, each linked to its page. */
  function drawDocuments() {
    var box = document.getElementById("documents-area");
    box.replaceChildren();
    if (view.error) { return; }
    var table = el("table", "plain documents");
    var head = el("tr");
    ["file_name", "title", "language", "year", "places", "pages"].forEach(function (key) {
      var th = el("th", "", plpbk.t(key));
      th.scope = "col";
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    view.documents.forEach(function (row) {
      var tr = el("tr");
      var name = el("th");
      name.scope = "row";
      name.appendChild(plpbk.link("document.html", {file: row.file}, row.file));
      tr.appendChild(name);
      [row.title || "—", row.language, row.year || "—"].forEach(function (value) {
        tr.appendChild(el("td", "", value));
      });
      var places = el("td");
      row.places.forEach(function (place, index) {
        if (index) { places.appendChild(document.createTextNode("; ")); }
        places.appendChild(place.code
          ? plpbk.link("place.html", {code: place.code}, place.label)
          : document.createTextNode(place.label));
      });
      if (!places.childNodes.length) { places.textContent = "—"; }
      tr.appendChild(places);
      tr.appendChild(el("td", "", row.pages));
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
  }

  /* A quote of the evidence query as the report's panel shows it, with a link to its
     place in the document page. */
  function quoteItem(row) {
    var item = report.quoteItem({
      file: row.file, page: row.page, start: row.start, end: row.end,
      text: row.quote, before: row.prefix, after: row.suffix
    }, {page: plpbk.t("page"), characters: plpbk.t("characters")});
    var source = item.querySelector(".source");
    source.appendChild(document.createTextNode(" "));
    var open = plpbk.link("document.html", {file: row.file}, plpbk.t("open_in_document"),
                          "#o=" + row.start + "-" + row.end);
    open.className = "to-document";
    source.appendChild(open);
    return item;
  }

  /* A cell's quotes, read document by document: of a place's first EVIDENCE_DOCUMENTS
     documents only, as the report does (a place may be studied by thousands). */
  function evidence(column, code, count, content) {
    var mine = ++asked;
    content.appendChild(el("p", "note", plpbk.t("loading")));
    Promise.all(columnDocuments(column).slice(0, EVIDENCE_DOCUMENTS).map(function (file) {
      return plpbk.query("evidence", {file: file, code: code});
    })).then(function (answers) {
      if (mine !== asked) { return; }
      content.replaceChildren(el("h3", "", plpbk.t("evidence")));
      var shown = 0;
      answers.forEach(function (rows) { shown += rows.length; });
      if (shown < count) {
        content.appendChild(el("p", "note", plpbk.t("showing", {shown: shown, count: count})));
      }
      var list = el("ol", "quotes");
      answers.forEach(function (rows) { rows.forEach(function (row) { list.appendChild(quoteItem(row)); }); });
      content.appendChild(list);
    }).catch(function (error) { if (mine === asked) { plpbk.showError(content, error); } });
  }

  var panel = report.cellPanel({
    matrix: area,
    describe: function (code, index) {
      if (!view || view.error) { return null; }
      var column = view.columns[index];
      var row = view.rows[code];
      if (!column || !row) { return null; }
      var count = view.cells[code + "|" + index] || 0;
      return {
        label: row.label,
        subtitle: column.label + " · " + plpbk.plural(count, "annotation", "annotations"),
        fill: function (content) {
          if (!count) {
            content.appendChild(el("p", "note", plpbk.t("no_annotations")));
          } else {
            evidence(column, code, count, content);
          }
        }
      };
    }
  });

  function applyFilters(event) {
    if (event) { event.preventDefault(); }
    var form = document.getElementById("filters");
    var search = new URLSearchParams();
    form.querySelectorAll("input[name=family]:checked").forEach(function (box) { search.append("family", box.value); });
    form.querySelectorAll("input[name=doc]:checked").forEach(function (box) { search.append("doc", box.value); });
    var place = document.getElementById("place").value.trim();
    if (place) { search.set("place", place); }
    if (document.getElementById("by").value === "place") { search.set("by", "place"); }
    search.set("lang", plpbk.lang);
    history.replaceState(null, "", location.pathname + "?" + search.toString());
    panel.close();
    render();
  }

  /* Draw the matrix of the address's filters (asked for once), then open its cell. */
  function render() {
    var chosen = filters();
    var open = location.hash;
    if (!view) { area.replaceChildren(el("p", "note", plpbk.t("loading"))); }
    Promise.all([codebook || plpbk.codebook(), matrixFor(chosen)]).then(function (answers) {
      codebook = answers[0];
      view = answers[1];
      if (view.store_documents) { files = view.store_documents; }
      drawFilters(chosen);
      drawMatrix(chosen);
      if (open.indexOf("#cell=") === 0) { panel.fromHash(); }
    }).catch(function (error) { plpbk.showError(area, error); });
  }

  document.getElementById("filters").addEventListener("submit", applyFilters);
  document.getElementById("clear").addEventListener("click", function () {
    history.replaceState(null, "", location.pathname + "?lang=" + plpbk.lang);
    panel.close();
    render();
  });
  plpbk.start("index.html", render);
})();

/* The comparison matrix, live: what `plpbk-kg compare` shows, read from the store through
   the named queries (codebook, matrix, document-places, studied-places, evidence), with
   the report's filters (families, documents, a place, by place, language). A cell opens
   onto its quotes, each linked to its place in the document page. The filters live in
   the address (?family=…&doc=…&place=…&by=place) and an open cell in its fragment
   (#cell=form.physical|2), so that a view can be shared. */
(function () {
  "use strict";
  var plpbk = window.plpbk;
  var el = plpbk.el;
  var PALETTE_STEPS = 8;

  var data = null;       // what the store holds: codebook, profiles, places
  var view = null;       // the matrix as drawn: rows, columns, counts
  var opener = null;

  var area = document.getElementById("matrix-area");
  var panel = document.getElementById("panel");
  var heading = document.getElementById("panel-title");
  var subtitle = document.getElementById("panel-subtitle");
  var content = document.getElementById("panel-body");
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

  function load() {
    return Promise.all([
      plpbk.codebook(),
      plpbk.query("matrix", {}),
      plpbk.query("document-places", {}),
      plpbk.query("studied-places", {}),
      plpbk.query("document-metadata", {})
    ]).then(function (answers) {
      var profiles = {};
      answers[1].forEach(function (row) {
        var profile = JSON.parse(row.profile);
        var merged = profiles[profile.file] || (profiles[profile.file] = {});
        Object.keys(profile.codes || {}).forEach(function (code) {
          merged[code] = (merged[code] || 0) + Number(profile.codes[code]);
        });
      });
      var studied = {};
      answers[2].forEach(function (row) {
        var list = studied[row.file] || (studied[row.file] = []);
        if (!list.some(function (one) { return one.code === row.code; })) {
          list.push({code: row.code, label: row.place, kind: row.kind});
        }
      });
      return {codebook: answers[0], profiles: profiles, studied: studied, within: answers[3],
              metadata: answers[4]};
    });
  }

  function fold(text) { return text.toLowerCase().split(/\s+/).filter(Boolean).join(" "); }

  /* The documents studying `place` (a label or a Kemendagri code) or a place inside it. */
  function documentsIn(place) {
    var isCode = /^\d{2}(\.\d{2}){0,2}(\.\d{4})?$/.test(place);
    var wanted = fold(place);
    var found = {};
    data.within.forEach(function (row) {
      if (isCode ? row.code === place : fold(row.place) === wanted) { found[row.file] = true; }
    });
    return found;
  }

  function compute(chosen) {
    var codebook = data.codebook;
    var families = codebook.order.filter(function (family) {
      return !chosen.families.length || chosen.families.indexOf(family) >= 0;
    });
    var files = Object.keys(data.profiles).sort();
    if (chosen.documents.length) {
      files = files.filter(function (file) { return chosen.documents.indexOf(file) >= 0; });
    }
    if (chosen.place) {
      var inside = documentsIn(chosen.place);
      files = files.filter(function (file) { return inside[file]; });
      if (!files.length) { return {error: plpbk.t("no_place", {place: chosen.place})}; }
    }
    if (!files.length) { return {error: plpbk.t("no_documents")}; }
    var columns = [];
    if (chosen.by === "document") {
      columns = files.map(function (file) {
        return {key: file, label: file, documents: [file], link: ["document.html", {file: file}]};
      });
    } else {
      var byCode = {};
      files.forEach(function (file) {
        (data.studied[file] || []).forEach(function (place) {
          var column = byCode[place.code] || (byCode[place.code] = {
            key: place.code, label: place.label, kind: place.kind, documents: [],
            link: ["place.html", {code: place.code}]
          });
          column.documents.push(file);
        });
      });
      columns = Object.keys(byCode).map(function (code) { return byCode[code]; });
      columns.sort(function (a, b) {
        return a.label < b.label ? -1 : a.label > b.label ? 1 : (a.key < b.key ? -1 : 1);
      });
      columns.forEach(function (column) {
        var same = columns.filter(function (other) { return other.label === column.label; });
        if (same.length > 1) { column.label += " (" + column.kind + ")"; }
      });
    }
    var counts = {};
    var max = 0;
    var total = 0;
    var codes = [];
    families.forEach(function (family) { codes = codes.concat(codebook.families[family].codes); });
    columns.forEach(function (column, index) {
      codes.forEach(function (code) {
        var count = 0;
        column.documents.forEach(function (file) { count += data.profiles[file][code] || 0; });
        if (count) {
          counts[code + "|" + index] = count;
          max = Math.max(max, count);
          total += count;
        }
      });
    });
    return {families: families, columns: columns, counts: counts, max: max, total: total,
            codes: codes, files: files, by: chosen.by};
  }

  /* A count's colour step, as pipeline/render/heatmap.py's colour_step computes it. */
  function step(count, max) {
    if (count <= 0 || max <= 0) { return 0; }
    return Math.min(PALETTE_STEPS, Math.ceil(count * PALETTE_STEPS / max));
  }

  function drawFilters(chosen) {
    var familyBox = document.getElementById("family-choices");
    familyBox.replaceChildren();
    data.codebook.order.forEach(function (family) {
      var info = data.codebook.families[family];
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
    Object.keys(data.profiles).sort().forEach(function (file) {
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

  function drawMatrix() {
    var chosen = filters();
    drawFilters(chosen);
    view = compute(chosen);
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
    document.getElementById("summary").textContent = [
      plpbk.plural(view.files.length, "document", "documents"),
      plpbk.plural(view.codes.length, "code", "codes"),
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
        ? " — " + plpbk.t("counted_in") + ": " + column.documents.join(", ") : "");
      var span = el("span", "col");
      span.appendChild(plpbk.link(column.link[0], column.link[1], column.label));
      th.appendChild(span);
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    view.families.forEach(function (family) {
      var info = data.codebook.families[family];
      var body = el("tbody");
      body.setAttribute("data-family", family);
      var band = el("tr", "family");
      var bandHead = el("th", "", info[plpbk.lang] || family);
      bandHead.scope = "rowgroup";
      band.appendChild(bandHead);
      var bandCell = el("td");
      bandCell.colSpan = Math.max(view.columns.length, 1);
      band.appendChild(bandCell);
      body.appendChild(band);
      info.codes.forEach(function (code) {
        var row = el("tr");
        var rowHead = el("th", "", plpbk.label(data.codebook, code));
        rowHead.scope = "row";
        rowHead.title = data.codebook.codes[code].definition || "";
        rowHead.appendChild(el("code", "notation", code));
        row.appendChild(rowHead);
        view.columns.forEach(function (column, index) {
          var count = view.counts[code + "|" + index] || 0;
          var cell = el("td", "s" + step(count, view.max));
          if (count) {
            var button = el("button", "", count);
            button.type = "button";
            button.setAttribute("data-cell", code + "|" + index);
            cell.appendChild(button);
          }
          row.appendChild(cell);
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
    var shown = {};
    view.files.forEach(function (file) { shown[file] = true; });
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
    data.metadata.filter(function (row) { return shown[row.file]; }).forEach(function (row) {
      var tr = el("tr");
      var name = el("th");
      name.scope = "row";
      name.appendChild(plpbk.link("document.html", {file: row.file}, row.file));
      tr.appendChild(name);
      [row.title || "—", row.language, row.year || "—"].forEach(function (value) {
        tr.appendChild(el("td", "", value));
      });
      var places = el("td");
      (data.studied[row.file] || []).forEach(function (place, index) {
        if (index) { places.appendChild(document.createTextNode("; ")); }
        places.appendChild(plpbk.link("place.html", {code: place.code}, place.label));
      });
      if (!places.childNodes.length) { places.textContent = "—"; }
      tr.appendChild(places);
      tr.appendChild(el("td", "", row.pages));
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
  }

  function cellButton(key) {
    var buttons = area.querySelectorAll("button[data-cell]");
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].getAttribute("data-cell") === key) { return buttons[i]; }
    }
    return null;
  }

  function select(button) {
    var previous = area.querySelector("td.selected");
    if (previous) { previous.classList.remove("selected"); }
    if (button) { button.parentNode.classList.add("selected"); }
  }

  function quoteItem(quote) {
    var item = el("li");
    var block = el("blockquote");
    if (quote.prefix) { block.appendChild(el("span", "context", "…" + quote.prefix)); }
    block.appendChild(el("mark", "", quote.quote));
    if (quote.suffix) { block.appendChild(el("span", "context", quote.suffix + "…")); }
    item.appendChild(block);
    var source = el("p", "source", quote.file + ", " + plpbk.t("page") + " " + quote.page);
    var offsets = el("span", "offsets", "[" + quote.start + "–" + quote.end + "]");
    offsets.title = plpbk.t("characters") + " " + quote.start + "–" + quote.end;
    source.appendChild(offsets);
    source.appendChild(document.createTextNode(" "));
    var open = plpbk.link("document.html", {file: quote.file}, plpbk.t("open_in_document"),
                          "#o=" + quote.start + "-" + quote.end);
    open.className = "to-document";
    source.appendChild(open);
    item.appendChild(source);
    return item;
  }

  function openCell(key) {
    var cut = key.lastIndexOf("|");
    var code = key.slice(0, cut);
    var index = key.slice(cut + 1);
    if (cut < 0 || !/^[0-9]+$/.test(index) || !view || view.error) { return false; }
    var column = view.columns[Number(index)];
    if (!column || view.codes.indexOf(code) < 0) { return false; }
    key = code + "|" + Number(index);
    var count = view.counts[key] || 0;
    heading.textContent = plpbk.label(data.codebook, code);
    heading.appendChild(el("code", "notation", " " + code));
    subtitle.textContent = column.label + " · " + plpbk.plural(count, "annotation", "annotations");
    content.replaceChildren();
    if (!count) {
      content.appendChild(el("p", "note", plpbk.t("no_annotations")));
    } else {
      content.appendChild(el("p", "note", plpbk.t("loading")));
      Promise.all(column.documents.map(function (file) {
        return plpbk.query("evidence", {file: file, code: code});
      })).then(function (answers) {
        content.replaceChildren(el("h3", "", plpbk.t("evidence")));
        var list = el("ol", "quotes");
        answers.forEach(function (rows) { rows.forEach(function (row) { list.appendChild(quoteItem(row)); }); });
        content.appendChild(list);
      }).catch(function (error) { plpbk.showError(content, error); });
    }
    opener = cellButton(key);
    select(opener);
    panel.hidden = false;
    document.body.classList.add("panel-open");
    var hash = "#cell=" + encodeURIComponent(code) + "|" + Number(index);
    if (location.hash !== hash) { history.replaceState(null, "", location.pathname + location.search + hash); }
    if (opener) { opener.scrollIntoView({block: "center", inline: "center"}); }
    heading.focus();
    return true;
  }

  function closePanel() {
    if (panel.hidden) { return; }
    panel.hidden = true;
    document.body.classList.remove("panel-open");
    select(null);
    history.replaceState(null, "", location.pathname + location.search);
    if (opener) { opener.focus(); }
  }

  function openFromHash() {
    var hash = location.hash;
    if (hash.indexOf("#cell=") !== 0) { return; }
    try { openCell(decodeURIComponent(hash.slice(6))); } catch (error) { /* a bad link */ }
  }

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
    closePanel();
    drawMatrix();
  }

  function render() {
    if (data) {
      var open = location.hash;
      drawMatrix();
      if (open.indexOf("#cell=") === 0) { openFromHash(); }
      return;
    }
    area.replaceChildren(el("p", "note", plpbk.t("loading")));
    load().then(function (loaded) {
      data = loaded;
      drawMatrix();
      openFromHash();
    }).catch(function (error) { plpbk.showError(area, error); });
  }

  area.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-cell]");
    if (button) { openCell(button.getAttribute("data-cell")); }
  });
  document.getElementById("filters").addEventListener("submit", applyFilters);
  document.getElementById("clear").addEventListener("click", function () {
    history.replaceState(null, "", location.pathname + "?lang=" + plpbk.lang);
    closePanel();
    drawMatrix();
  });
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closePanel(); }
  });
  window.addEventListener("hashchange", openFromHash);
  plpbk.start("index.html", render);
})();

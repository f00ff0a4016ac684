/* A document page: the document's text page by page (queries/document-text.rq), every
   annotation marked in it (queries/document-annotations.rq: codes, statements and named
   entities, each its own style), and beside each page a margin of what was found there.
   `document.html?file=NAME#o=START-END` scrolls to characters START–END of the text that
   annotation offsets index into and marks them: that is how a quote of the matrix opens
   here. Pages are placed at their offsets (plpbk:startOffset), so offsets need no
   arithmetic beyond subtracting the page's start. */
(function () {
  "use strict";
  var plpbk = window.plpbk;
  var el = plpbk.el;

  var file = new URLSearchParams(location.search).get("file") || "";
  var data = null;
  var pagesBox = document.getElementById("pages");
  var message = document.getElementById("message");
  var anchors = new Map();  // annotation -> its first segment in the text
  var items = new Map();    // margin entry -> its annotation

  function target() {
    var match = /^#o=(\d+)-(\d+)$/.exec(location.hash);
    if (!match) { return null; }
    var start = Number(match[1]);
    var end = Number(match[2]);
    return end > start ? {start: start, end: end} : null;
  }

  function load() {
    return Promise.all([
      plpbk.query("document-text", {file: file}),
      plpbk.query("document-annotations", {file: file}),
      plpbk.query("document-metadata", {file: file}),
      plpbk.codebook()
    ]).then(function (answers) {
      var annotations = answers[1].map(function (row) {
        row.start = Number(row.start);
        row.end = Number(row.end);
        return row;
      });
      var pages = answers[0].map(function (row) {
        return {number: Number(row.page), start: Number(row.start), end: Number(row.end),
                source: row.source, text: row.text};
      });
      return {pages: pages, annotations: annotations, metadata: answers[2][0] || null,
              codebook: answers[3]};
    });
  }

  /* What kind of mark an annotation makes: c (a code), s (a statement), e (an entity). */
  function kindOf(annotation) {
    if (annotation.motivation === "classifying") { return "c"; }
    if (annotation.motivation === "describing") { return "s"; }
    return "e";
  }

  function describe(annotation) {
    var codebook = data.codebook;
    if (annotation.motivation === "classifying") {
      return plpbk.label(codebook, annotation.code) + " (" + annotation.code + ")";
    }
    if (annotation.motivation === "describing") {
      var verb = /^form\./.test(annotation.code) ? "provides" : "plays";
      return plpbk.label(codebook, annotation.sector) + " " + plpbk.t(verb) + " " +
        plpbk.label(codebook, annotation.code);
    }
    return annotation.label + (annotation.sector ? " (" + plpbk.label(codebook, annotation.sector) + ")" : "");
  }

  function entityLink(annotation, text) {
    if (/Organization$/.test(annotation.type)) {
      return plpbk.link("organisation.html", {org: annotation.body}, text);
    }
    if (/AdministrativeArea$/.test(annotation.type)) {
      return plpbk.link("place.html", {area: annotation.body}, text);
    }
    return el("span", "", text);
  }

  /* A page's text cut where annotations (and the marked quote) begin and end. */
  function pageText(page, marked) {
    var box = el("div", "page-text");
    // Offsets count code points (Python's string indices), not UTF-16 units: an emoji
    // is one character to the graph and two to a JavaScript string.
    var characters = Array.from(page.text);
    var length = characters.length;
    var spans = [];
    data.annotations.forEach(function (annotation) {
      var from = Math.max(annotation.start, page.start) - page.start;
      var to = Math.min(annotation.end, page.end) - page.start;
      if (from < to) { spans.push({from: from, to: to, annotation: annotation}); }
    });
    var markFrom = -1;
    var markTo = -1;
    if (marked) {
      markFrom = Math.max(marked.start, page.start) - page.start;
      markTo = Math.min(marked.end, page.end) - page.start;
    }
    var cuts = [0, length];
    spans.forEach(function (span) { cuts.push(span.from, span.to); });
    if (markFrom < markTo) { cuts.push(markFrom, markTo); }
    cuts = cuts.filter(function (cut) { return cut >= 0 && cut <= length; });
    cuts.sort(function (a, b) { return a - b; });
    for (var i = 0; i + 1 < cuts.length; i++) {
      var from = cuts[i];
      var to = cuts[i + 1];
      if (from === to) { continue; }
      var text = characters.slice(from, to).join("");
      var covering = spans.filter(function (span) { return span.from <= from && span.to >= to; });
      var isMarked = markFrom < markTo && markFrom <= from && markTo >= to;
      if (!covering.length && !isMarked) {
        box.appendChild(document.createTextNode(text));
        continue;
      }
      var kinds = {};
      covering.forEach(function (span) { kinds[kindOf(span.annotation)] = true; });
      var segment = el(isMarked ? "mark" : "span", "ann " + Object.keys(kinds).sort().map(function (kind) {
        return "k-" + kind;
      }).join(" ") + (isMarked ? " target" : ""), text);
      segment.setAttribute("data-offset", String(page.start + from));
      segment.title = covering.map(function (span) { return describe(span.annotation); }).join("\n");
      covering.forEach(function (span) {
        // The margin's entry for an annotation stands beside its first segment.
        if (!anchors.has(span.annotation)) { anchors.set(span.annotation, segment); }
      });
      box.appendChild(segment);
    }
    return box;
  }

  function margin(page) {
    var aside = el("aside", "margin");
    aside.setAttribute("aria-label", plpbk.t("margin"));
    var list = el("ol", "margin-list");
    data.annotations.filter(function (annotation) {
      return annotation.start < page.end && annotation.end > page.start;
    }).forEach(function (annotation) {
      var item = el("li", "k-" + kindOf(annotation));
      items.set(item, annotation);
      var jump = el("a", "jump", describe(annotation));
      jump.href = "#o=" + annotation.start + "-" + annotation.end;
      jump.title = annotation.quote;
      item.appendChild(jump);
      item.appendChild(el("span", "motivation", " · " + plpbk.t("motivation_" + annotation.motivation) + " "));
      if (kindOf(annotation) === "e") {
        var to = entityLink(annotation, "→");
        to.className = "entity-link";
        if (to.href) { item.appendChild(to); }
      }
      list.appendChild(item);
    });
    aside.appendChild(list);
    return aside;
  }

  /* Set each margin entry beside the line its annotation starts on, one under the other
     where lines are crowded (positions through the CSSOM: the CSP allows no style
     attribute). */
  function alignMargins() {
    pagesBox.querySelectorAll(".page-body").forEach(function (body) {
      var list = body.querySelector(".margin-list");
      if (!list) { return; }
      var entries = list.querySelectorAll("li");
      if (getComputedStyle(entries[0] || list).position !== "absolute") {
        entries.forEach(function (item) { item.style.top = ""; });
        list.style.minHeight = "";
        return;
      }
      var origin = list.getBoundingClientRect().top;
      var next = 0;
      entries.forEach(function (item) {
        var anchor = anchors.get(items.get(item));
        var wanted = anchor ? anchor.getBoundingClientRect().top - origin : next;
        var top = Math.max(wanted, next);
        item.style.top = top + "px";
        next = top + item.offsetHeight + 2;
      });
      list.style.minHeight = next + "px";
    });
  }

  function draw() {
    if (!data) { return; }
    var marked = target();
    anchors = new Map();
    items = new Map();
    pagesBox.replaceChildren();
    message.textContent = "";
    data.pages.forEach(function (page) {
      var section = el("section", "page");
      section.id = "page-" + page.number;
      var head = el("h2", "", plpbk.t("page_heading", {number: page.number}));
      if (page.source === "ocr") { head.appendChild(el("span", "ocr", " · " + plpbk.t("ocr_page"))); }
      section.appendChild(head);
      var body = el("div", "page-body");
      body.appendChild(pageText(page, marked));
      body.appendChild(margin(page));
      section.appendChild(body);
      pagesBox.appendChild(section);
    });
    alignMargins();
    if (marked) {
      var first = pagesBox.querySelector("mark.target");
      if (first) {
        message.textContent = plpbk.t("quote_marked", marked);
        first.scrollIntoView({block: "center"});
      } else {
        message.textContent = plpbk.t("quote_missing", marked);
      }
    }
  }

  function drawFacts() {
    var facts = document.getElementById("facts");
    facts.replaceChildren();
    var metadata = data.metadata || {};
    [["file_name", file], ["title", metadata.title], ["language", metadata.language],
     ["pages", metadata.pages || String(data.pages.length)],
     ["annotations_heading", String(data.annotations.length)]].forEach(function (fact) {
      if (!fact[1]) { return; }
      facts.appendChild(el("dt", "", plpbk.t(fact[0])));
      facts.appendChild(el("dd", "", fact[1]));
    });
  }

  function render() {
    var title = document.getElementById("title");
    title.textContent = (data && data.metadata && data.metadata.title) || file;
    document.title = file + " · plpbk-kg";
    if (!file) {
      message.textContent = plpbk.t("no_file");
      return;
    }
    if (data) {
      drawFacts();
      draw();
      return;
    }
    pagesBox.replaceChildren(el("p", "note", plpbk.t("loading")));
    load().then(function (loaded) {
      data = loaded;
      if (!data.pages.length) {
        pagesBox.replaceChildren();
        message.textContent = plpbk.t("no_document", {file: file});
        return;
      }
      title.textContent = (data.metadata && data.metadata.title) || file;
      drawFacts();
      draw();
    }).catch(function (error) { plpbk.showError(pagesBox, error); });
  }

  window.addEventListener("hashchange", draw);
  window.addEventListener("resize", alignMargins);
  plpbk.start("document.html", render);
})();

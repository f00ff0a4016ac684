/* What every page of `plpbk-kg serve` shares: its words in Indonesian and English
   (strings.json, a language switch), the site's header, elements built with textContent
   only (text is never parsed as markup: quotes and labels come from documents), and
   calls to the server's REST API (/api/queries/{name}) and SPARQL endpoint (/sparql). */
(function () {
  "use strict";

  var LANGUAGES = ["id", "en"];
  var STORAGE_KEY = "plpbk-kg.lang";
  var plpbk = {};
  var words = null;
  var renderPage = null;

  function chosenLanguage() {
    var asked = new URLSearchParams(location.search).get("lang");
    if (LANGUAGES.indexOf(asked) >= 0) { return asked; }
    try {
      var kept = window.localStorage.getItem(STORAGE_KEY);
      if (LANGUAGES.indexOf(kept) >= 0) { return kept; }
    } catch (error) { /* storage refused: the browser's language decides */ }
    return (navigator.language || "").toLowerCase().indexOf("id") === 0 ? "id" : "en";
  }

  plpbk.lang = chosenLanguage();

  /* The word for `key` in the page's language, with {name} replaced from `values`. */
  plpbk.t = function (key, values) {
    var text = words && words[plpbk.lang] && words[plpbk.lang][key];
    if (text === undefined) { text = key; }
    if (values) {
      Object.keys(values).forEach(function (name) {
        text = text.split("{" + name + "}").join(String(values[name]));
      });
    }
    return text;
  };

  plpbk.plural = function (count, one, many) {
    return count + " " + plpbk.t(count === 1 ? one : many);
  };

  /* An element with a class and a text, the text set as textContent. */
  plpbk.el = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  };

  /* A link to another page of the site, keeping the language. */
  plpbk.href = function (page, params, fragment) {
    var search = new URLSearchParams();
    Object.keys(params || {}).forEach(function (name) {
      var value = params[name];
      (Array.isArray(value) ? value : [value]).forEach(function (one) {
        if (one !== undefined && one !== null && one !== "") { search.append(name, one); }
      });
    });
    search.set("lang", plpbk.lang);
    return page + "?" + search.toString() + (fragment || "");
  };

  plpbk.link = function (page, params, text, fragment) {
    var anchor = plpbk.el("a", "", text);
    anchor.href = plpbk.href(page, params, fragment);
    return anchor;
  };

  /* Rows of a W3C SPARQL JSON result as objects of strings ("" where unbound). */
  plpbk.rowsOf = function (result) {
    if (Array.isArray(result)) { return result; }
    if (result && result.head && result.results) {
      var names = result.head.vars || [];
      return result.results.bindings.map(function (binding) {
        var row = {};
        names.forEach(function (name) { row[name] = binding[name] ? binding[name].value : ""; });
        return row;
      });
    }
    if (result && Array.isArray(result.rows)) {
      var columns = result.columns || [];
      // The REST API's records: {"columns": […], "rows": [{column: value}]}, values
      // numbers, booleans, strings or null; the pages read them all as text.
      return result.rows.map(function (values) {
        var row = {};
        columns.forEach(function (name, index) {
          var value = Array.isArray(values) ? values[index] : values[name];
          row[name] = value === null || value === undefined ? "" : String(value);
        });
        return row;
      });
    }
    throw new Error("unexpected answer");
  };

  /* A refused call as an Error: the server's message, its status, and (from the REST API)
     its JSON answer as `detail` (e.g. which filter of the matrix names nothing). */
  function failure(response) {
    return response.text().then(function (body) {
      var message = response.status + " " + response.statusText;
      var detail = null;
      try {
        detail = JSON.parse(body);
        message = detail.error || detail.message || detail.detail || message;
      } catch (error) {
        if (body) { message = body.slice(0, 300); }
      }
      var refused = new Error(message);
      refused.status = response.status;
      refused.detail = detail;
      throw refused;
    });
  }

  plpbk.getJSON = function (url) {
    return fetch(url, {headers: {"Accept": "application/json"}}).then(function (response) {
      if (!response.ok) { return failure(response); }
      return response.json();
    });
  };

  /* The rows of a named query, with its parameters (values are RDF terms or strings). */
  plpbk.query = function (name, params) {
    var search = new URLSearchParams();
    Object.keys(params || {}).forEach(function (key) {
      if (params[key] !== undefined && params[key] !== null && params[key] !== "") {
        search.append(key, params[key]);
      }
    });
    search.set("format", "json");
    return plpbk.getJSON("/api/queries/" + encodeURIComponent(name) + "?" + search.toString())
      .then(plpbk.rowsOf);
  };

  plpbk.queries = function () {
    return plpbk.getJSON("/api/queries").then(function (answer) {
      return Array.isArray(answer) ? answer : (answer.queries || []);
    });
  };

  /* Run SPARQL on the endpoint; `accept` picks the answer's format. */
  plpbk.sparql = function (text, accept) {
    var body = new URLSearchParams();
    body.set("query", text);
    return fetch("/sparql", {
      method: "POST",
      headers: {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
      body: body.toString()
    }).then(function (response) {
      if (!response.ok) { return failure(response); }
      return response;
    });
  };

  /* An IRI as a term for a parameter: <…>. */
  plpbk.iri = function (value) { return "<" + value + ">"; };

  plpbk.showError = function (where, error) {
    where.replaceChildren(plpbk.el("p", "error", plpbk.t("error", {error: error.message || error})));
    where.querySelector("p").setAttribute("role", "alert");
  };

  /* The codebook's codes and families by notation, labels in both languages. */
  plpbk.codebook = function () {
    return plpbk.query("codebook", {}).then(function (rows) {
      var codes = {};
      var families = {};
      var familyOrder = [];
      rows.forEach(function (row) {
        if (!families[row.family]) {
          families[row.family] = {
            notation: row.family, en: row.family_label_en, id: row.family_label_id,
            definition: row.family_definition, codes: []
          };
          familyOrder.push(row.family);
        }
        codes[row.code] = {
          notation: row.code, family: row.family, en: row.label_en, id: row.label_id,
          definition: row.definition, position: Number(row.position) || 0
        };
        families[row.family].codes.push(row.code);
      });
      familyOrder.forEach(function (family) {
        families[family].codes.sort(function (a, b) { return codes[a].position - codes[b].position; });
      });
      return {codes: codes, families: families, order: familyOrder};
    });
  };

  /* A code's label in the page's language, or its notation when the codebook lacks it. */
  plpbk.label = function (codebook, notation) {
    var code = codebook && codebook.codes[notation];
    return code ? (code[plpbk.lang] || code.en || notation) : notation;
  };

  function applyWords() {
    document.documentElement.lang = plpbk.lang;
    document.querySelectorAll("[data-words]").forEach(function (node) {
      node.textContent = plpbk.t(node.getAttribute("data-words"));
    });
    document.querySelectorAll("[data-words-placeholder]").forEach(function (node) {
      node.placeholder = plpbk.t(node.getAttribute("data-words-placeholder"));
    });
    document.querySelectorAll("[data-words-label]").forEach(function (node) {
      node.setAttribute("aria-label", plpbk.t(node.getAttribute("data-words-label")));
      node.title = plpbk.t(node.getAttribute("data-words-label"));
    });
  }

  function header(current) {
    var bar = document.getElementById("site-header");
    if (!bar) { return; }
    bar.replaceChildren();
    bar.appendChild(plpbk.link("index.html", {}, plpbk.t("app_title"))).className = "brand";
    var nav = plpbk.el("nav");
    nav.setAttribute("aria-label", plpbk.t("app_title"));
    [["index.html", "nav_matrix"], ["organisation.html", "nav_organisations"],
     ["place.html", "nav_places"], ["query.html", "nav_query"]].forEach(function (item) {
      var anchor = plpbk.link(item[0], {}, plpbk.t(item[1]));
      if (item[0] === current) { anchor.setAttribute("aria-current", "page"); }
      nav.appendChild(anchor);
    });
    bar.appendChild(nav);
    var label = plpbk.el("label", "language");
    label.appendChild(plpbk.el("span", "", plpbk.t("language_switch") + " "));
    var select = plpbk.el("select");
    select.id = "language";
    LANGUAGES.forEach(function (lang) {
      var option = plpbk.el("option", "", words[lang].language_name);
      option.value = lang;
      option.selected = lang === plpbk.lang;
      select.appendChild(option);
    });
    select.addEventListener("change", function () { plpbk.switchLanguage(select.value); });
    label.appendChild(select);
    bar.appendChild(label);
  }

  var currentPage = "";

  /* Show the page in `lang`: its words, its header, and its content drawn again. */
  plpbk.switchLanguage = function (lang) {
    if (LANGUAGES.indexOf(lang) < 0) { return; }
    plpbk.lang = lang;
    try { window.localStorage.setItem(STORAGE_KEY, lang); } catch (error) { /* not kept */ }
    var search = new URLSearchParams(location.search);
    search.set("lang", lang);
    history.replaceState(null, "", location.pathname + "?" + search.toString() + location.hash);
    applyWords();
    header(currentPage);
    if (renderPage) { renderPage(); }
  };

  /* Load the words, then draw the page (`render` again on each language switch). */
  plpbk.start = function (page, render) {
    currentPage = page;
    renderPage = render;
    plpbk.getJSON("strings.json").then(function (loaded) {
      words = loaded;
      applyWords();
      header(page);
      render();
    }).catch(function (error) {
      var main = document.querySelector("main") || document.body;
      main.replaceChildren(plpbk.el("p", "error", String(error.message || error)));
    });
  };

  window.plpbk = plpbk;
})();

/* The query page: a SPARQL editor (a plain textarea), the named queries of queries/ as
   examples (from /api/queries: name, question, parameters, columns), a results table,
   and downloads. An edited query, or a named one without parameters, runs on /sparql
   (the SPARQL 1.1 Protocol; the format chosen with Accept); a named query with parameter
   values runs on /api/queries/{name}, which binds them as RDF terms. */
(function () {
  "use strict";
  var plpbk = window.plpbk;
  var el = plpbk.el;

  var JSON_RESULTS = "application/sparql-results+json";
  var editor = document.getElementById("sparql");
  var results = document.getElementById("results");
  var count = document.getElementById("row-count");
  var examples = [];
  var chosen = null;

  function field(entry, names) {
    for (var i = 0; i < names.length; i++) {
      if (entry[names[i]] !== undefined && entry[names[i]] !== null) { return entry[names[i]]; }
    }
    return "";
  }

  /* A named query's parameter names, however the API lists them. */
  function parameterNames(entry) {
    var listed = field(entry, ["parameters", "params"]);
    if (Array.isArray(listed)) {
      return listed.map(function (one) { return typeof one === "string" ? one : one.name; })
        .filter(Boolean);
    }
    var names = [];
    String(listed).replace(/(?:^|,\s*|\.\s*)([A-Za-z_]\w*)\s*\(/g, function (all, name) {
      names.push(name);
      return all;
    });
    return names;
  }

  function question(entry) {
    return field(entry, ["question", "summary", "description"]).split("\n")[0];
  }

  function drawExamples() {
    var list = document.getElementById("examples");
    list.replaceChildren();
    examples.forEach(function (entry) {
      var item = el("li");
      var button = el("button", "example", entry.name);
      button.type = "button";
      button.setAttribute("data-query", entry.name);
      if (chosen && chosen.name === entry.name) { button.setAttribute("aria-pressed", "true"); }
      button.addEventListener("click", function () { choose(entry); });
      item.appendChild(button);
      item.appendChild(el("p", "note", question(entry)));
      list.appendChild(item);
    });
  }

  function textOf(entry) {
    return field(entry, ["text", "sparql", "query"]);
  }

  function choose(entry) {
    chosen = entry;
    editor.value = textOf(entry);
    document.getElementById("question").textContent = question(entry);
    var fields = document.getElementById("parameter-fields");
    fields.replaceChildren();
    var names = parameterNames(entry);
    names.forEach(function (name) {
      var label = el("label", "", name);
      label.setAttribute("for", "param-" + name);
      var input = el("input");
      input.id = "param-" + name;
      input.name = name;
      input.type = "text";
      input.autocomplete = "off";
      fields.appendChild(label);
      fields.appendChild(input);
    });
    document.getElementById("parameters").hidden = names.length === 0;
    drawExamples();
    var search = new URLSearchParams(location.search);
    search.set("name", entry.name);
    history.replaceState(null, "", location.pathname + "?" + search.toString());
  }

  function parameterValues() {
    var values = {};
    var any = false;
    document.querySelectorAll("#parameter-fields input").forEach(function (input) {
      if (input.value.trim()) {
        values[input.name] = input.value.trim();
        any = true;
      }
    });
    return any ? values : null;
  }

  /* How to run what the editor holds: the named query with parameters, or /sparql. */
  function request(format) {
    var values = parameterValues();
    if (chosen && values && editor.value === textOf(chosen)) {
      var search = new URLSearchParams(values);
      search.set("format", format);
      return fetch("/api/queries/" + encodeURIComponent(chosen.name) + "?" + search.toString())
        .then(checked);
    }
    var accept = format === "csv" ? "text/csv" : JSON_RESULTS + ", text/turtle;q=0.5";
    return plpbk.sparql(editor.value, accept);
  }

  function checked(response) {
    if (response.ok) { return response; }
    return response.text().then(function (body) {
      var message = response.status + " " + response.statusText;
      try {
        var parsed = JSON.parse(body);
        message = parsed.error || parsed.message || parsed.detail || message;
      } catch (error) {
        if (body) { message = body.slice(0, 300); }
      }
      throw new Error(message);
    });
  }

  /* The REST API's records ({"columns", "rows"}) as W3C results, for one table. */
  function asResults(answer) {
    if (answer.head) { return answer; }
    return {
      head: {vars: answer.columns},
      results: {bindings: answer.rows.map(function (row) {
        var binding = {};
        answer.columns.forEach(function (name) {
          if (row[name] !== null && row[name] !== undefined) {
            binding[name] = {type: "literal", value: String(row[name])};
          }
        });
        return binding;
      })}
    };
  }

  function table(answer) {
    var names = answer.head.vars || [];
    var grid = el("table", "plain results-table");
    var head = el("tr");
    names.forEach(function (name) {
      var th = el("th", "", name);
      th.scope = "col";
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    grid.appendChild(thead);
    var body = el("tbody");
    answer.results.bindings.forEach(function (binding) {
      var row = el("tr");
      names.forEach(function (name) {
        var term = binding[name];
        var cell = el("td", term ? "term-" + term.type : "", term ? term.value : "");
        if (term && term["xml:lang"]) { cell.title = "@" + term["xml:lang"]; }
        row.appendChild(cell);
      });
      body.appendChild(row);
    });
    grid.appendChild(body);
    return grid;
  }

  function run(event) {
    if (event) { event.preventDefault(); }
    results.replaceChildren(el("p", "note", plpbk.t("loading")));
    count.textContent = "";
    request("json").then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("json") < 0) {
        return response.text().then(function (text) {
          results.replaceChildren(el("pre", "graph", text));
        });
      }
      return response.json().then(function (answer) {
        answer = asResults(answer);
        if (typeof answer.boolean === "boolean") {
          results.replaceChildren(el("p", "boolean", String(answer.boolean)));
          return;
        }
        var rows = answer.results.bindings.length;
        count.textContent = plpbk.t("row_count", {count: rows});
        results.replaceChildren(rows ? table(answer) : el("p", "note", plpbk.t("no_rows")));
      });
    }).catch(function (error) {
      count.textContent = "";
      plpbk.showError(results, error);
    });
  }

  function download(format) {
    request(format).then(function (response) {
      return response.blob();
    }).then(function (blob) {
      var anchor = el("a");
      anchor.href = URL.createObjectURL(blob);
      anchor.download = (chosen ? chosen.name : "query") + "." + format;
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(function () { URL.revokeObjectURL(anchor.href); }, 10000);
    }).catch(function (error) { plpbk.showError(results, error); });
  }

  function render() {
    document.title = plpbk.t("query_title") + " · plpbk-kg";
    if (examples.length) { drawExamples(); return; }
    plpbk.queries().then(function (listed) {
      examples = listed;
      var wanted = new URLSearchParams(location.search).get("name");
      var first = examples.filter(function (entry) { return entry.name === wanted; })[0];
      if (first) { choose(first); } else { drawExamples(); }
    }).catch(function (error) { plpbk.showError(results, error); });
  }

  document.getElementById("query-form").addEventListener("submit", run);
  document.getElementById("download-csv").addEventListener("click", function () { download("csv"); });
  document.getElementById("download-json").addEventListener("click", function () { download("json"); });
  plpbk.start("query.html", render);
})();

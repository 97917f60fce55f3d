/* jizhu search: the index under data/search/ (format in the README), read in the browser.
   Files are loaded as <script>s that call jizhuSearch(name, data), so search works from file://. */
(function () {
  "use strict";
  var HAN = /[\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{323af}]/u;
  var WORD = /[\p{L}\p{N}]/u;
  var SPACE = /\s/u;
  var SCRIPT_LIMIT = 8;   /* results in the header's list */
  var PAGE_LIMIT = 50;    /* results on the search page */
  var MAX_VARIANTS = 8;

  var box = document.querySelector("[data-search]");
  if (!box) return;
  var root = box.getAttribute("data-search");          /* …/data/search/ */
  var siteRoot = root.replace(/data\/search\/$/, "");
  var scriptKey = document.documentElement.getAttribute("data-script");
  var isFile = location.protocol === "file:";

  /* --- loading ------------------------------------------------------- */
  var files = {}, waiting = {};
  window.jizhuSearch = function (name, data) {
    files[name] = data;
    if (waiting[name]) { waiting[name].resolve(data); }
  };
  function load(name) {
    if (waiting[name]) return waiting[name].promise;
    var entry = waiting[name] = {};
    entry.promise = new Promise(function (resolve, reject) {
      entry.resolve = resolve;
      var tag = document.createElement("script");
      tag.src = root + name + ".js";
      tag.async = true;
      tag.onerror = function () { delete waiting[name]; reject(new Error(name)); };
      tag.onload = function () { if (!(name in files)) { delete waiting[name]; reject(new Error(name)); } };
      document.head.appendChild(tag);
    });
    return entry.promise;
  }

  /* --- folding and tokens (the rules of jizhu/pages/search_tokens.py) ---- */
  var fold = null;
  function foldChar(c) {
    var n = c.normalize("NFKC");
    if (Array.from(n).length === 1) c = n;
    if (HAN.test(c)) return (fold && fold.chars[c]) || c;
    return c.toLowerCase();
  }
  /* [{k: "h"|"w"|"s", v, s, e}] with s, e offsets into text (UTF-16) */
  function tokens(text) {
    var out = [], word = "", start = -1, i = 0;
    function endWord(at) { if (word) out.push({ k: "w", v: word, s: start, e: at }); word = ""; }
    for (var ch of text) {
      var c = foldChar(ch);
      if (SPACE.test(c)) endWord(i);
      else if (HAN.test(c)) { endWord(i); out.push({ k: "h", v: c, s: i, e: i + ch.length }); }
      else if (WORD.test(c)) { if (!word) start = i; word += c; }
      else { endWord(i); out.push({ k: "s", v: c, s: i, e: i + ch.length }); }
      i += ch.length;
    }
    endWord(i);
    return out;
  }

  /* A query as terms: each word, each run of Han characters (with its regional variants). */
  function parse(text) {
    var toks = tokens(text), terms = [], run = null;
    toks.forEach(function (t, i) {
      if (t.k === "h") {
        if (run && run.end === i - 1) { run.text += t.v; run.end = i; }
        else { run = { han: true, text: t.v, start: i, end: i }; terms.push(run); }
      } else if (t.k === "w") { terms.push({ han: false, text: t.v, start: i, end: i }); run = null; }
      else run = null;
    });
    terms.forEach(function (term) {
      term.variants = term.han ? variants(term.text) : [term.text];
    });
    return terms;
  }
  function variants(text) {
    var found = [text];
    (fold ? fold.regional : []).forEach(function (pair) {
      for (var side = 0; side < 2 && found.length < MAX_VARIANTS; side++) {
        var from = pair[side], to = pair[1 - side];
        found.slice().forEach(function (v) {
          var changed = v.split(from).join(to);
          if (changed !== v && found.indexOf(changed) < 0 && found.length < MAX_VARIANTS) found.push(changed);
        });
      }
    });
    return found;
  }
  function variantKeys(v) {
    var chars = Array.from(v);
    if (chars.length < 2 || !HAN.test(chars[0])) return [v];
    var keys = [];
    for (var i = 0; i + 1 < chars.length; i++) keys.push(chars[i] + chars[i + 1]);
    return keys;
  }

  /* --- the index ------------------------------------------------------- */
  var meta = null;
  function ready() {
    return Promise.all([load("fold"), load("meta-" + scriptKey)]).then(function (got) {
      fold = got[0];
      meta = got[1];
      var start = 0;
      meta.starts = meta.transcripts.map(function (t) { var s = start; start += t[3]; return s; });
      meta.docs = start;
      return meta;
    });
  }
  function bucket(key) {
    var h = 0x811c9dc5;
    for (var ch of key) { h ^= ch.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
    return Math.floor(h * meta.shards / 4294967296);  /* the hash's leading bits: search_merge.bucket */
  }
  var decoded = {};
  /* A key's documents: Map document -> count (k/ shards). */
  function postings(key) {
    if (key in decoded) return decoded[key];
    var raw = (files["k/" + bucket(key)] || {})[key];
    var map = new Map();
    if (raw) {
      raw.split(";").forEach(function (piece) {  /* one transcript's: its number, then its documents */
        var doc = meta.starts[parseInt(piece.slice(0, meta.width), 36)];
        piece.slice(meta.width).split(",").forEach(function (entry) {
          var star = entry.indexOf("*");
          doc += parseInt(star >= 0 ? entry.slice(0, star) : entry, 36);
          map.set(doc, star >= 0 ? parseInt(entry.slice(star + 1), 36) : 1);
        });
      });
    }
    return (decoded[key] = map);
  }
  /* A bigram's or word's token positions (p/ shards, in k/'s order): get(document) -> [positions],
     each document's decoded when first asked for (a query asks only for those holding every bigram). */
  function positions(key) {
    var name = "\u0000" + key;
    if (name in decoded) return decoded[name];
    var raw = ((files["p/" + bucket(key)] || {})[key] || "").split(","), order = new Map(), made = new Map(), i = 0;
    postings(key).forEach(function (_, doc) { order.set(doc, i++); });
    return (decoded[name] = { get: function (doc) {
      var found = made.get(doc);
      if (!found) {
        var p = 0;
        found = (raw[order.get(doc)] || "").split(".").map(function (d) { p += parseInt(d, 36); return p; });
        made.set(doc, found);
      }
      return found;
    } });
  }
  function positioned(key) { return key.charAt(0) !== "@" && !(Array.from(key).length === 1 && HAN.test(key)); }
  function shardsFor(keys, withPositions) {
    var wanted = {};
    keys.forEach(function (k) {
      wanted["k/" + bucket(k)] = true;
      if (withPositions && positioned(k)) wanted["p/" + bucket(k)] = true;
    });
    return Promise.all(Object.keys(wanted).map(load));
  }
  function transcriptOf(doc) {
    var lo = 0, hi = meta.starts.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (meta.starts[mid] <= doc) lo = mid; else hi = mid - 1; }
    return lo;
  }

  /* How well each document matches one term: 2 for the exact phrase, else the share of its bigrams.
     Positions are read only when `placed` (a phrase of three characters or more, or several terms). */
  function termMatches(term, placed) {
    var best = new Map();
    term.variants.forEach(function (v) {
      var keys = variantKeys(v);
      var lists = keys.map(postings);
      var docs = new Map();
      lists.forEach(function (list) { list.forEach(function (_, d) { docs.set(d, (docs.get(d) || 0) + 1); }); });
      var places = placed && positioned(keys[0]) ? keys.map(positions) : null;
      docs.forEach(function (count, d) {
        var score = count / keys.length, starts = [];
        if (count === keys.length) {
          if (!places) score = 2;  /* a single bigram, word or character: present is exact */
          else {
            places[0].get(d).forEach(function (p) {
              for (var i = 1; i < places.length; i++) if (places[i].get(d).indexOf(p + i) < 0) return;
              starts.push(p);
            });
            if (starts.length) score = 2;
          }
        }
        var hits = lists.reduce(function (n, l) { return n + (l.get(d) || 0); }, 0);
        var old = best.get(d);
        if (!old || score > old.score) best.set(d, { score: score, starts: starts, length: term.han ? Array.from(v).length : 1, hits: hits });
      });
    });
    return best;
  }
  function adjacent(matches) {
    var ends = matches[0].starts.map(function (s) { return s + matches[0].length; });
    for (var i = 1; i < matches.length && ends.length; i++) {
      var next = [];
      matches[i].starts.forEach(function (s) { if (ends.indexOf(s) >= 0 || ends.indexOf(s - 1) >= 0) next.push(s + matches[i].length); });
      ends = next;
    }
    return ends.length > 0;
  }

  /* Every matching unit (answer, turn, paragraph), best first, after the filters. */
  function search(query, filters) {
    var terms = parse(query);
    if (!terms.length) return Promise.resolve({ terms: terms, results: [] });
    var keys = [];
    terms.forEach(function (t) { t.variants.forEach(function (v) { keys = keys.concat(variantKeys(v)); }); });
    if (filters.speaker) keys.push(filters.speaker);
    var placed = terms.length > 1 || terms.some(function (t) {
      return t.han && t.variants.some(function (v) { return Array.from(v).length > 2; });
    });
    return shardsFor(keys, placed).then(function () {
      var per = terms.map(function (t) { return termMatches(t, placed); });
      var speaker = filters.speaker ? postings(filters.speaker) : null;
      var results = [];
      per[0].forEach(function (first, d) {
        var matches = [first];
        for (var i = 1; i < per.length; i++) {
          var m = per[i].get(d);
          if (!m) return;
          matches.push(m);
        }
        if (matches.some(function (m) { return m.score < 0.5; })) return;
        if (speaker && !speaker.has(d)) return;
        var t = transcriptOf(d), info = meta.transcripts[t];
        if (filters.transcript && info[0] !== filters.transcript) return;
        if (filters.from && !(info[2] && info[2] >= filters.from)) return;
        if (filters.to && !(info[2] && info[2] <= filters.to)) return;
        var exact = matches.filter(function (m) { return m.score === 2; }).length;
        var whole = matches.length > 1 && exact === matches.length && matches.every(function (m) { return m.starts.length; }) && adjacent(matches);
        var hits = matches.reduce(function (n, m) { return n + m.hits; }, 0);
        var score = (whole ? 1000 : 0) + 100 * exact + 10 * matches.reduce(function (n, m) { return n + m.score; }, 0) + Math.min(hits, 9);
        results.push({ doc: d, transcript: t, score: score, date: info[2] || "" });
      });
      results.sort(function (a, b) {  /* best, then newest (ISO dates compare as strings), then in reading order */
        return b.score - a.score || (a.date < b.date ? 1 : a.date > b.date ? -1 : 0) || a.doc - b.doc;
      });
      return { terms: terms, results: results };
    });
  }

  /* The text chunk of a document, and the document's entry in it. */
  function chunkOf(result) {
    var info = meta.transcripts[result.transcript], local = result.doc - meta.starts[result.transcript];
    var n = 0;
    while (n + 1 < info[4].length && info[4][n + 1] <= local) n++;
    return load("text/" + info[0] + "/" + n).then(function (chunk) {
      var i = local - info[4][n], entry = chunk.docs[i], unit = entry[1];
      var theirs = chunk.scripts[scriptKey], changes = theirs ? theirs.docs[i] || [null, null] : [null, null];
      var question = unit in chunk.questions ? inScript(chunk.questions[unit], theirs && theirs.questions[unit]) : "";
      return { slug: info[0], title: info[1], date: info[2], id: entry[0], unit: unit,
               speaker: inScript(entry[2], changes[0]), text: inScript(entry[3], changes[1]),
               question: question, pair: unit in chunk.questions };
    });
  }
  /* A chunk's text (in its first script) in the page's: folded when the page's script is Simplified,
     then patched (search.py, `patch`): runs [index, characters] in code points, or the whole text. */
  function inScript(text, patch) {
    if (scriptKey === meta.text.base) return text;
    if (typeof patch === "string") return patch;
    var chars = Array.from(text);
    if (meta.text.folded.indexOf(scriptKey) >= 0) chars = chars.map(function (c) { return fold.chars[c] || c; });
    (patch || []).forEach(function (run) {
      Array.from(run[1]).forEach(function (c, k) { chars[run[0] + k] = c; });
    });
    return chars.join("");
  }
  /* The first `limit` results with their texts. */
  function describe(results, limit) {
    var batch = results.slice(0, limit);
    return Promise.all(batch.map(chunkOf));
  }

  /* --- highlighting ---------------------------------------------------- */
  /* Spans [start, end) of `text` that match the query: exact terms, else their bigrams. */
  function hitSpans(text, terms) {
    var toks = tokens(text), spans = [];
    terms.forEach(function (term) {
      var found = false;
      term.variants.forEach(function (v) {
        var want = term.han ? Array.from(v) : [v];
        for (var i = 0; i + want.length <= toks.length; i++) {
          var ok = true;
          for (var j = 0; j < want.length && ok; j++) ok = toks[i + j].v === want[j] && toks[i + j].k !== "s";
          if (ok) { spans.push([toks[i].s, toks[i + want.length - 1].e]); found = true; }
        }
      });
      if (found || !term.han) return;
      term.variants.forEach(function (v) {
        variantKeys(v).forEach(function (k) {
          var pair = Array.from(k);
          for (var i = 0; i + pair.length <= toks.length; i++) {
            if (toks[i].v === pair[0] && (pair.length < 2 || toks[i + 1].v === pair[1])) spans.push([toks[i].s, toks[i + pair.length - 1].e]);
          }
        });
      });
    });
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    spans.forEach(function (s) {
      var last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]); else merged.push(s.slice());
    });
    return merged;
  }
  /* The words around the first hit, as nodes: text and <mark>s. */
  function snippet(text, terms, width) {
    var spans = hitSpans(text, terms);
    var from = 0, to = text.length;
    if (text.length > width * 2) {
      var centre = spans.length ? spans[0][0] : 0;
      from = Math.max(0, centre - Math.floor(width / 2));
      to = Math.min(text.length, from + width * 2);
    }
    var frag = document.createDocumentFragment(), at = from;
    if (from > 0) frag.appendChild(document.createTextNode("…"));
    spans.forEach(function (s) {
      if (s[1] <= from || s[0] >= to) return;
      var a = Math.max(s[0], from), b = Math.min(s[1], to);
      if (a > at) frag.appendChild(document.createTextNode(text.slice(at, a)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(a, b);
      frag.appendChild(mark);
      at = b;
    });
    if (at < to) frag.appendChild(document.createTextNode(text.slice(at, to)));
    if (to < text.length) frag.appendChild(document.createTextNode("…"));
    return frag;
  }
  /* On arrival from a result (?hl=query#id): mark the hit in the paragraph, then drop ?hl from the address. */
  function highlightOnArrival() {
    var params = new URLSearchParams(location.search), query = params.get("hl");
    if (!query) return;
    params.delete("hl");
    var rest = params.toString();
    history.replaceState(null, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    load("fold").then(function (data) {
      fold = data;
      var walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT, {
        acceptNode: function (n) { return n.parentElement.closest(".p-link, .note, .note-ref, sup") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; }
      });
      var nodes = [], text = "", node;
      while ((node = walker.nextNode())) { nodes.push({ node: node, at: text.length }); text += node.data; }
      var spans = hitSpans(text, parse(query));
      for (var k = nodes.length - 1; k >= 0; k--) {
        var n = nodes[k];
        for (var j = spans.length - 1; j >= 0; j--) {
          var a = Math.max(spans[j][0], n.at) - n.at, b = Math.min(spans[j][1], n.at + n.node.data.length) - n.at;
          if (b <= a) continue;
          var middle = n.node.splitText(a);
          middle.splitText(b - a);
          var mark = document.createElement("mark");
          mark.className = "search-hit";
          middle.parentNode.replaceChild(mark, middle);
          mark.appendChild(middle);
        }
      }
      var first = target.querySelector("mark.search-hit");
      if (first) first.scrollIntoView({ block: "center" });
    });
  }

  /* --- links ------------------------------------------------------------ */
  function pageHref(slug, rest) {
    return siteRoot + scriptKey + "/" + slug + "/" + rest;
  }
  function answerHref(d, query) {
    return pageHref(d.slug, (isFile ? "index.html" : "") + "?hl=" + encodeURIComponent(query) + "#" + d.id);
  }
  function shareHref(d) {
    return pageHref(d.slug, d.unit + "/" + (isFile ? "index.html" : ""));
  }
  function say(template, n) { return template.replace("%d", n); }
  function make(tag, cls, content) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (content) el.textContent = content;
    return el;
  }
  function short(s, n) { return s.length > n ? s.slice(0, n) + "…" : s; }

  /* --- the header box: an ARIA 1.2 combobox with a listbox --------------- */
  function combobox() {
    var strings = box.dataset;
    var link = box.querySelector("a");
    var input = document.createElement("input");
    input.type = "search";
    input.id = "search-input";
    input.className = "search-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", "search-listbox");
    input.setAttribute("aria-label", strings.label);
    input.setAttribute("autocomplete", "off");
    input.placeholder = strings.placeholder;
    var popup = make("div", "search-popup");
    popup.hidden = true;
    var status = make("p", "search-status");
    status.id = "search-status";
    status.setAttribute("role", "status");
    var list = make("ul", "search-listbox");
    list.id = "search-listbox";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", strings.results);
    var all = make("a", "search-all", strings.all);
    popup.append(list, all);
    var field = make("div", "search-field");
    field.append(input, status, popup);
    box.appendChild(field);
    box.classList.add("search-ready");
    link.addEventListener("click", function (e) {  /* phones: the link opens the box, one tap */
      if (getComputedStyle(link).display === "none") return;
      e.preventDefault();
      box.classList.add("search-open");
      input.focus();
    });

    var active = -1, options = [], serial = 0, timer = 0;
    function open(on) {
      popup.hidden = !on;
      input.setAttribute("aria-expanded", on ? "true" : "false");
      if (!on) move(-1);
    }
    function move(i) {
      if (options[active]) options[active].setAttribute("aria-selected", "false");
      active = i;
      if (options[i]) {
        options[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    function go(href) { location.href = href; }
    function run() {
      var query = input.value.trim(), mine = ++serial;
      all.href = siteRoot + scriptKey + "/search/" + (isFile ? "index.html" : "") + (query ? "?q=" + encodeURIComponent(query) : "");
      if (!query) { list.textContent = ""; options = []; status.textContent = ""; open(false); return; }
      ready().then(function () { return search(query, {}); }).then(function (found) {
        return describe(found.results, SCRIPT_LIMIT).then(function (shown) { return { found: found, shown: shown }; });
      }).then(function (r) {
        if (mine !== serial) return;
        list.textContent = "";
        options = r.shown.map(function (d, i) {
          var li = make("li", "search-option");
          li.id = "search-option-" + i;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          li.append(make("span", "search-title", d.title + (d.date ? " · " + d.date : "")));
          if (!isQuestion(d)) li.append(make("span", "search-question", short(d.question, 60)));
          var words = make("span", "search-snippet");
          if (d.speaker) words.append(make("span", "search-speaker", d.speaker + "："));
          words.appendChild(snippet(d.text, r.found.terms, 36));
          li.append(words);
          li.addEventListener("mousedown", function (e) { e.preventDefault(); });
          li.addEventListener("click", function () { go(answerHref(d, query)); });
          li.setAttribute("data-href", answerHref(d, query));
          list.appendChild(li);
          return li;
        });
        active = -1;
        input.removeAttribute("aria-activedescendant");
        var n = r.found.results.length;
        status.textContent = n ? say(strings.count, n) : strings.none;
        list.setAttribute("data-query", query);  /* what the list shows results for */
        open(true);
      }, function () {
        if (mine === serial) { status.textContent = strings.error; open(false); }
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 60); });
    input.addEventListener("focus", function () { ready().catch(function () {}); if (options.length) open(true); });
    input.addEventListener("blur", function () { setTimeout(function () { if (!box.contains(document.activeElement)) { open(false); box.classList.remove("search-open"); } }, 150); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (popup.hidden && options.length) { open(true); }
        var n = options.length;
        if (!n) return;
        move(e.key === "ArrowDown" ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (options[active]) go(options[active].getAttribute("data-href"));
        else if (input.value.trim()) go(all.href);
      } else if (e.key === "Escape") {
        if (!popup.hidden) { open(false); e.preventDefault(); }
        else if (input.value) { input.value = ""; run(); e.preventDefault(); }
      } else if (e.key === "Home" || e.key === "End") {
        move(-1);
      }
    });
    return input;
  }
  function isQuestion(d) { return !d.question || d.question.indexOf(d.text) >= 0; }

  /* --- the search page: the same search with filters and share links ---- */
  function searchPage(page) {
    var strings = box.dataset;
    var fallback = page.querySelectorAll("[data-search-fallback]");  /* the list shows again while there is no query */
    fallback.forEach(function (el) { if (el.tagName === "P") el.hidden = true; });
    var form = page.querySelector("[data-search-form]");
    form.hidden = false;
    var input = form.querySelector("input[type=search]"), speaker = form.querySelector("[name=speaker]"),
        transcript = form.querySelector("[name=transcript]"), from = form.querySelector("[name=from]"),
        to = form.querySelector("[name=to]");
    var status = page.querySelector("[data-search-status]"), list = page.querySelector("[data-search-results]");
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    var serial = 0, timer = 0;
    ready().then(function () {
      meta.speakers.forEach(function (s) { speaker.append(new Option(s[1], s[0])); });
      meta.transcripts.forEach(function (t) { transcript.append(new Option(t[1] + (t[2] ? " · " + t[2] : ""), t[0])); });
      speaker.value = params.get("speaker") || "";
      transcript.value = params.get("transcript") || "";
      from.value = params.get("from") || "";
      to.value = params.get("to") || "";
      run();
    }, function () { status.textContent = strings.error; });
    function run() {
      var query = input.value.trim(), mine = ++serial;
      var filters = { speaker: speaker.value, transcript: transcript.value, from: from.value, to: to.value };
      var state = new URLSearchParams();
      if (query) state.set("q", query);
      Object.keys(filters).forEach(function (k) { if (filters[k]) state.set(k, filters[k]); });
      history.replaceState(null, "", location.pathname + (state.toString() ? "?" + state : ""));
      fallback.forEach(function (el) { el.hidden = !!query || el.tagName === "P"; });
      if (!query) { list.textContent = ""; status.textContent = ""; return; }
      search(query, filters).then(function (found) {
        return describe(found.results, PAGE_LIMIT).then(function (shown) {
          if (mine !== serial) return;
          list.textContent = "";
          shown.forEach(function (d) {
            var li = make("li", "search-result");
            var h = make("h2", "search-title");
            var a = make("a", "", d.title);
            a.href = answerHref(d, query);
            h.append(a);
            li.append(h);
            if (d.date) li.append(make("p", "search-about", d.date));
            if (!isQuestion(d)) li.append(make("p", "search-question", short(d.question, 120)));
            var words = make("p", "search-snippet");
            if (d.speaker) words.append(make("span", "search-speaker", d.speaker + "："));
            words.appendChild(snippet(d.text, found.terms, 60));
            li.append(words);
            if (d.pair) {
              var share = make("a", "search-share", strings.share);
              share.href = shareHref(d);
              li.append(share);
            }
            list.appendChild(li);
          });
          var n = found.results.length;
          status.textContent = n ? say(strings.count, n) : strings.none;
          list.setAttribute("data-query", JSON.stringify([query, filters]));
        });
      }, function () { if (mine === serial) status.textContent = strings.error; });
    }
    function later() { clearTimeout(timer); timer = setTimeout(run, 60); }
    input.addEventListener("input", later);
    [speaker, transcript, from, to].forEach(function (el) { el.addEventListener("change", run); });
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    return input;
  }

  function start() {
    var page = document.querySelector("[data-search-page]");
    var input = page ? searchPage(page) : combobox();
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      var el = document.activeElement;
      if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
      e.preventDefault();
      box.classList.add("search-open");
      input.focus();
    });
    highlightOnArrival();
  }
  /* For tests and bench/search.py: the engine without the interface; forget() drops decoded postings. */
  window.jizhuSearchApi = { ready: ready, search: search, describe: describe, tokens: tokens, parse: parse,
                            forget: function () { decoded = {}; } };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

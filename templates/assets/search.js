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
      if (!meta.starts) {
        var start = 0;
        meta.starts = meta.transcripts.map(function (t) { var s = start; start += t[3]; return s; });
        meta.docs = start;
        /* Transcripts newest first (ISO dates compare as strings), then in the site's order: the order
           of results of one score. */
        meta.rank = meta.transcripts.map(function (_, i) { return i; }).sort(function (a, b) {
          var x = meta.transcripts[a][2] || "", y = meta.transcripts[b][2] || "";
          return x < y ? 1 : x > y ? -1 : a - b;
        });
      }
      return meta;
    });
  }
  function bucket(key) {
    var h = 0x811c9dc5;
    for (var ch of key) { h ^= ch.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
    return Math.floor(h * meta.shards / 4294967296);  /* the hash's leading bits: search_merge.bucket */
  }

  /* Numbers as search.py writes them (`number`): characters of MORE (base 16), then one of DIGITS. */
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_abcdefghijklmnopqrstuvwxyz", MORE = "!#$%()*+-./:;=?@";
  var VALUE = new Int16Array(128).fill(-1), COMMA = 44;
  for (var v = 0; v < 64; v++) VALUE[DIGITS.charCodeAt(v)] = v;
  for (v = 0; v < 16; v++) VALUE[MORE.charCodeAt(v)] = 64 + v;
  var cursor = 0;
  function read(s) {  /* the number at `cursor` in s, moving past it */
    var n = 0, x;
    while ((x = VALUE[s.charCodeAt(cursor++)]) >= 64) n = n * 16 + x - 64;
    return n * 64 + x;
  }

  var decoded = new Map(), shardKeys = new Map();
  var NONE = { n: 0, docs: new Int32Array(0), counts: new Int32Array(0) };
  /* Where `key` stands in its loaded k/ shard (undefined when it is not there). */
  function keyAt(shard, key) {
    var index = shardKeys.get(shard), data = files["k/" + shard];
    if (!index) {
      if (!data) return undefined;
      index = new Map();
      data[0].forEach(function (k, i) { index.set(k, i); });
      shardKeys.set(shard, index);
    }
    return index.get(key);
  }
  /* A key's documents in site order, {n, docs, counts}, from its k/ shard; positions with placesOf. */
  function postings(key) {
    var found = decoded.get(key);
    if (found) return found;
    var shard = bucket(key), at = keyAt(shard, key);
    if (at === undefined) { decoded.set(key, NONE); return NONE; }
    var s = files["k/" + shard][1][at], len = s.length;
    var docs = new Int32Array(len), counts = new Int32Array(len), n = 0;
    cursor = 0;
    while (cursor < len) {  /* one transcript's piece: its number (`width` digits), then its documents */
      var t = 0;
      for (var w = 0; w < meta.width; w++) t = t * 64 + VALUE[s.charCodeAt(cursor++)];
      var doc = meta.starts[t] - 1;
      while (cursor < len && s.charCodeAt(cursor) !== COMMA) {
        var value = read(s);
        doc += (value >> 1) + 1;
        docs[n] = doc;
        counts[n++] = value & 1 ? read(s) + 2 : 1;
      }
      cursor++;
    }
    found = { n: n, docs: docs, counts: counts, shard: shard, at: at, pos: null, posStart: null };
    decoded.set(key, found);
    return found;
  }
  /* The key's token positions (p/ shard), decoded whole when first needed: document i's are
     pos[posStart[i]] up to pos[posStart[i + 1]]. */
  function placesOf(list) {
    if (list.pos) return list;
    var s = (files["p/" + list.shard] || [])[list.at] || "", k = 0;
    var pos = new Int32Array(s.length), starts = new Int32Array(list.n + 1);
    cursor = 0;
    for (var d = 0; d < list.n; d++) {
      if (s.charCodeAt(cursor) === COMMA) cursor++;  /* the next transcript's */
      starts[d] = k;
      for (var c = list.counts[d], p = -1; c > 0; c--) { p += read(s) + 1; pos[k++] = p; }
    }
    starts[list.n] = k;
    list.pos = pos;
    list.posStart = starts;
    return list;
  }
  function find(docs, n, doc) {  /* binary search: doc's index in docs[0..n), or -1 */
    var lo = 0, hi = n - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1, x = docs[mid];
      if (x === doc) return mid;
      if (x < doc) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
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

  /* Sorted lists of documents merged, calling each(doc, [index in each list or -1]) in site order. */
  function union(lists, each) {
    var m = lists.length, heads = new Int32Array(m), where = new Int32Array(m), END = 2147483647;
    for (;;) {
      var doc = END;
      for (var j = 0; j < m; j++) if (heads[j] < lists[j].n && lists[j].docs[heads[j]] < doc) doc = lists[j].docs[heads[j]];
      if (doc === END) return;
      for (j = 0; j < m; j++) where[j] = heads[j] < lists[j].n && lists[j].docs[heads[j]] === doc ? heads[j]++ : -1;
      each(doc, where);
    }
  }
  /* The documents holding at least half the bigrams of one variant of a term, with how many and
     their occurrences (`hits`). */
  function variantMatches(v, placed, han) {
    var keys = variantKeys(v), lists = keys.map(postings), m = keys.length, size = 0;
    lists.forEach(function (l) { size += l.n; });
    var found = { n: 0, docs: new Int32Array(size), present: new Int32Array(size), hits: new Int32Array(size),
                  keys: m, lists: lists, places: placed && positioned(keys[0]), length: han ? Array.from(v).length : 1 };
    union(lists, function (doc, where) {
      var present = 0, hits = 0;
      for (var j = 0; j < m; j++) if (where[j] >= 0) { present++; hits += lists[j].counts[where[j]]; }
      if (present * 2 < m) return;  /* a score under ½: no match */
      found.docs[found.n] = doc;
      found.present[found.n] = present;
      found.hits[found.n++] = hits;
    });
    return found;
  }
  /* A term's candidate documents with the best score and hits any could have: `exact` (2) wherever
     one variant holds every bigram (positions may tell the phrase is not there), else the share of
     its bigrams. Positions are read only when `placed` (a phrase of three characters or more, or
     several terms). */
  function termMatches(term, placed) {
    term.matches = term.variants.map(function (v) { return variantMatches(v, placed, term.han); });
    term.starts = term.matches.some(function (m) { return m.places; });
    var size = 0;
    term.matches.forEach(function (m) { size += m.n; });
    var found = { n: 0, docs: new Int32Array(size), score: new Float64Array(size), hits: new Int32Array(size) };
    union(term.matches, function (doc, where) {
      var score = 0, hits = 0;
      term.matches.forEach(function (m, j) {
        var i = where[j];
        if (i < 0) return;
        score = Math.max(score, m.present[i] === m.keys ? 2 : m.present[i] / m.keys);
        hits = Math.max(hits, m.hits[i]);
      });
      found.docs[found.n] = doc;
      found.score[found.n] = score;
      found.hits[found.n++] = hits;
    });
    return found;
  }
  /* How well document d matches a term: the first variant of the best score, with where its
     exact phrase starts. */
  function termAt(term, d) {
    var best = null;
    term.matches.forEach(function (m) {
      var i = find(m.docs, m.n, d);
      if (i < 0) return;
      var score = m.present[i] / m.keys, starts = [];
      if (m.present[i] === m.keys) {
        if (!m.places) score = 2;  /* a single bigram, word or character: present is exact */
        else {
          starts = phraseStarts(m.lists, d);
          if (starts.length) score = 2;
        }
      }
      if (!best || score > best.score) best = { score: score, starts: starts, length: m.length, hits: m.hits[i] };
    });
    return best;
  }
  function phraseStarts(lists, d) {
    var places = lists.map(function (l) {
      placesOf(l);
      var i = find(l.docs, l.n, d);
      return l.pos.subarray(l.posStart[i], l.posStart[i + 1]);
    });
    var starts = [];
    places[0].forEach(function (p) {
      for (var i = 1; i < places.length; i++) if (places[i].indexOf(p + i) < 0) return;
      starts.push(p);
    });
    return starts;
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
  function total(whole, exact, sum, hits) {
    return (whole ? 1000 : 0) + 100 * exact + 10 * sum + Math.min(hits, 9);
  }
  /* A document's score: the exact phrase (2 a term) first, every term together in order highest. */
  function scoreOf(terms, d) {
    var matches = terms.map(function (t) { return termAt(t, d); });
    var exact = 0, sum = 0, hits = 0;
    matches.forEach(function (m) { exact += m.score === 2 ? 1 : 0; sum += m.score; hits += m.hits; });
    var whole = matches.length > 1 && exact === matches.length && matches.every(function (m) { return m.starts.length; }) && adjacent(matches);
    return total(whole, exact, sum, hits);
  }
  /* Whether a transcript's date meets the days from `from` to `to` (either may be ""): a date-time counts
     as its day, a month (2025-07) or a year (2025) as all its days; an undated transcript meets no range. */
  function withinDates(date, from, to) {
    if (!from && !to) return true;
    var day = (date || "").slice(0, 10);
    if (!day) return false;
    var first = day + "-01-01".slice(day.length - 4), last = day + "-12-31".slice(day.length - 4);
    return (!from || last >= from) && (!to || first <= to);
  }
  /* Transcripts the filters keep (null: all). */
  function allowed(filters) {
    if (!filters.transcript && !filters.from && !filters.to) return null;
    return meta.transcripts.map(function (info) {
      return !(filters.transcript && info[0] !== filters.transcript) && withinDates(info[2], filters.from, filters.to);
    });
  }

  /* The best `limit` matching documents, best first, after the filters, and how many match in all.
     Which documents match needs no positions (every term at least half there), so the count is
     exact; positions only rank. Each candidate has a best possible score (a phrase present wherever
     its bigrams are); candidates are scored for real in the order of that bound (then newest, then
     reading order) until no remaining one can enter the first `limit`. */
  function search(query, filters, limit) {
    if (limit === undefined) limit = Infinity;
    var terms = parse(query);
    if (!terms.length) return Promise.resolve({ terms: terms, results: [], count: 0 });
    var keys = [];
    terms.forEach(function (t) { t.variants.forEach(function (v) { keys = keys.concat(variantKeys(v)); }); });
    if (filters.speaker) keys.push(filters.speaker);
    var placed = terms.length > 1 || terms.some(function (t) {
      return t.han && t.variants.some(function (v) { return Array.from(v).length > 2; });
    });
    return shardsFor(keys, placed).then(function () {
      var per = terms.map(function (t) { return termMatches(t, placed); });
      var speaker = filters.speaker ? postings(filters.speaker) : null;
      var kept = allowed(filters);
      var rarest = 0;
      per.forEach(function (p, j) { if (p.n < per[rarest].n) rarest = j; });
      var lead = per[rarest], heads = new Int32Array(per.length), spoken = 0, t = 0, T = meta.starts.length;
      var docs = [], upper = [], owner = [];
      next: for (var i = 0; i < lead.n; i++) {
        var d = lead.docs[i];
        for (var j = 0; j < per.length; j++) {  /* every term, walking each list once */
          var p = per[j];
          while (heads[j] < p.n && p.docs[heads[j]] < d) heads[j]++;
          if (heads[j] >= p.n || p.docs[heads[j]] !== d) continue next;
        }
        if (speaker) {
          while (spoken < speaker.n && speaker.docs[spoken] < d) spoken++;
          if (spoken >= speaker.n || speaker.docs[spoken] !== d) continue;
        }
        while (t + 1 < T && meta.starts[t + 1] <= d) t++;
        if (kept && !kept[t]) continue;
        var exact = 0, sum = 0, hits = 0;
        for (j = 0; j < per.length; j++) {
          var s = per[j].score[heads[j]];
          exact += s === 2 ? 1 : 0;
          sum += s;
          hits += per[j].hits[heads[j]];
        }
        var whole = terms.length > 1 && exact === terms.length && terms.every(function (term) { return term.starts; });
        docs.push(d);
        owner.push(t);
        upper.push(total(whole, exact, sum, hits));
      }
      var first = new Int32Array(T).fill(-1), last = new Int32Array(T);
      owner.forEach(function (o, k) { if (first[o] < 0) first[o] = k; last[o] = k + 1; });
      var levels = Array.from(new Set(upper)).sort(function (a, b) { return b - a; });
      var top = [];
      ranking: for (var l = 0; l < levels.length; l++) {
        var level = levels[l];
        for (var r = 0; r < T; r++) {
          var o = meta.rank[r];
          for (var k = first[o]; k >= 0 && k < last[o]; k++) {
            if (upper[k] !== level) continue;
            var worst = top.length >= limit ? top[top.length - 1] : null;
            if (worst && (level < worst.score || level === worst.score && (r > worst.rank || r === worst.rank && docs[k] > worst.doc))) break ranking;
            var entry = { doc: docs[k], transcript: o, rank: r, score: scoreOf(terms, docs[k]), date: meta.transcripts[o][2] || "" };
            var at = top.length;
            while (at > 0 && before(entry, top[at - 1])) at--;
            if (at < limit) {
              top.splice(at, 0, entry);
              if (top.length > limit) top.pop();
            }
          }
        }
      }
      return { terms: terms, results: top, count: docs.length };
    });
  }
  function before(a, b) {  /* best, then newest, then in reading order */
    return a.score > b.score || a.score === b.score && (a.rank < b.rank || a.rank === b.rank && a.doc < b.doc);
  }
  /* The text chunk of a document, and the document's entry in it. */
  function chunkOf(result) {
    var info = meta.transcripts[result.transcript], local = result.doc - meta.starts[result.transcript];
    var n = 0;
    while (n + 1 < info[4].length && info[4][n + 1] <= local) n++;
    return load("text/" + info[0] + "/" + n).then(function (chunk) {
      var i = local - info[4][n], entry = chunk.docs[i], unit = entry[1];
      var theirs = chunk.scripts[scriptKey];
      function text(k) { return asides(inScript(chunk.docs[k][3], ((theirs && theirs.docs[k]) || [null, null])[1])); }
      var question = "";
      if (unit in chunk.questions) {  /* the question: the pair's first documents, joined as search.py's `joined` */
        var first = i;
        while (first > 0 && chunk.docs[first - 1][1] === unit) first--;
        for (var k = first; k < first + chunk.questions[unit]; k++) {
          var said = text(k).text;
          question += (/[A-Za-z0-9]$/.test(question) ? " " : "") + said;
        }
      }
      var words = text(i), changes = (theirs && theirs.docs[i]) || [null, null];
      return { slug: info[0], title: info[1], date: (info[2] || "").slice(0, 10), id: entry[0], unit: unit,
               speaker: inScript(entry[2], changes[0]), text: words.text, asides: words.asides,
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
  /* A chunk's text without the marks around its bracketed notes (search.py, `ASIDE`), and where
     the notes stand: [[start, end]…]. */
  function asides(marked) {
    var text = "", found = [], open = -1;
    for (var i = 0; i < marked.length; i++) {
      var c = marked.charAt(i);
      if (c === "\ue000") open = text.length;
      else if (c === "\ue001") { if (open >= 0) found.push([open, text.length]); open = -1; }
      else text += c;
    }
    return { text: text, asides: found };
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
  /* The words around the first hit, as nodes: text, <mark>s on the hits, and the bracketed notes
     (`asides`) set apart as on the page. */
  /* Columns a character takes, much as outline.width counts them: two for a Han character or a
     full-width mark, one for a Latin letter, so an English snippet holds about twice the letters. */
  function columns(ch) {
    return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\ud800-\udbff]/.test(ch) ? 2 : 1;
  }
  /* The stretch of `text` a snippet shows: `width` columns before the first hit and 4 × `width` in all
     (more before it when the text ends sooner), its ends moved off the middle of a Latin word (to a
     space at most 15 letters on). */
  function around(text, spans, width) {
    var hit = spans.length ? spans[0] : [0, 0], from = hit[0], room = width;
    while (from > 0 && room >= columns(text[from - 1])) room -= columns(text[--from]);
    var to = from;
    room = width * 4;
    while (to < text.length && room >= columns(text[to])) room -= columns(text[to++]);
    while (from > 0 && room >= columns(text[from - 1])) room -= columns(text[--from]);  /* near the end: room left */
    if (from === 0 && to === text.length) return [from, to];
    if (from > 0 && /\w/.test(text[from - 1]) && /\w/.test(text[from])) {
      var space = text.slice(from, from + 16).indexOf(" ");  /* looked for near the cut only */
      if (space !== -1 && from + space < hit[0]) from += space + 1;
    }
    if (to < text.length && /\w/.test(text[to - 1]) && /\w/.test(text[to])) {
      var start = Math.max(from + 1, to - 15), last = text.slice(start, to).lastIndexOf(" ");
      if (last !== -1 && start + last >= hit[1]) to = start + last;
    }
    return [from, to];
  }
  /* "Jon Calhoun: …" for English, "王明：…" otherwise. */
  function saidBy(speaker, text) {
    return speaker + (/^[\x20-\x7e]+$/.test(speaker) && /^[\x20-\x7e]/.test(text) ? ": " : "：");
  }
  function snippet(text, terms, width, notes) {
    var spans = hitSpans(text, terms);
    var range = around(text, spans, width), from = range[0], to = range[1];
    var cuts = [from, to];
    spans.concat(notes || []).forEach(function (s) {
      [s[0], s[1]].forEach(function (at) { if (at > from && at < to) cuts.push(at); });
    });
    cuts = cuts.sort(function (a, b) { return a - b; }).filter(function (at, i) { return !i || at !== cuts[i - 1]; });
    function within(list, at) { return list.some(function (s) { return s[0] <= at && at < s[1]; }); }
    var frag = document.createDocumentFragment();
    if (from > 0) frag.appendChild(document.createTextNode("…"));
    for (var i = 0; i + 1 < cuts.length; i++) {
      var node = document.createTextNode(text.slice(cuts[i], cuts[i + 1]));
      if (within(spans, cuts[i])) { var mark = document.createElement("mark"); mark.appendChild(node); node = mark; }
      if (within(notes || [], cuts[i])) { var aside = make("span", "search-aside"); aside.appendChild(node); node = aside; }
      frag.appendChild(node);
    }
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
      ready().then(function () { return search(query, {}, SCRIPT_LIMIT); }).then(function (found) {
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
          if (d.speaker) words.append(make("span", "search-speaker", saidBy(d.speaker, d.text)));
          words.appendChild(snippet(d.text, r.found.terms, 36, d.asides));
          li.append(words);
          li.addEventListener("mousedown", function (e) { e.preventDefault(); });
          li.addEventListener("click", function () { go(answerHref(d, query)); });
          li.setAttribute("data-href", answerHref(d, query));
          list.appendChild(li);
          return li;
        });
        active = -1;
        input.removeAttribute("aria-activedescendant");
        var n = r.found.count;
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
      search(query, filters, PAGE_LIMIT).then(function (found) {
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
            if (d.speaker) words.append(make("span", "search-speaker", saidBy(d.speaker, d.text)));
            words.appendChild(snippet(d.text, found.terms, 60, d.asides));
            li.append(words);
            if (d.pair) {
              var share = make("a", "search-share", strings.share);
              share.href = shareHref(d);
              li.append(share);
            }
            list.appendChild(li);
          });
          var n = found.count;
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
  window.jizhuSearchApi = { ready: ready, search: search, describe: describe, tokens: tokens, parse: parse, saidBy: saidBy, withinDates: withinDates,
                            snippet: function (text, query, width) { return snippet(text, parse(query), width).textContent; },
                            forget: function () { decoded = new Map(); shardKeys = new Map(); } };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

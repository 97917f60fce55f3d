/* jizhu preview: brings an open page up to date after a rebuild without reloading it, when it can.
   A livereload.js plugin (its reload command comes here first). The page is fetched again and
   compared with the page as it was served (not with the page as its scripts have changed it): text
   and attributes that changed are set in place, and an element whose inside changed shape (a
   paragraph added) gets its new inside, so the reader keeps the scroll position, the focus and
   the state of every script.
   Anything it cannot place exactly, or an element a script of the page holds on to, reloads the
   page instead, as does a page the server answers with an error.
   The preview server puts this file in every page it serves, with the number of the build shown. */
(function () {
  "use strict";
  var SELF = "script[data-jizhu-preview]";
  /* Elements the page's scripts keep or listen to (site.js, notes.js, glossary.js, search.js):
     putting a new copy in their place would leave those scripts holding the old one. */
  var HELD = "a.note-ref, .note, [data-notes], [data-glossary], a.term, [data-toc], [data-menu], " +
    "[data-script-link], [data-needs-js], [data-search], [data-search-page], [data-quote-source], " +
    "button, details, summary, input, select, textarea, form, script, style, link, iframe, video, audio";
  var TEXT = 3, COMMENT = 8, ELEMENT = 1;
  var shown = null;        /* the page as served: the document the page shows now, before its scripts ran */
  var busy = false, again = false;

  document.addEventListener("readystatechange", function () {
    /* "interactive": parsing is done and the page's deferred scripts have not run yet */
    if (document.readyState === "interactive" && !shown) shown = document.documentElement.cloneNode(true);
  });

  function reloadPage() { window.location.reload(); }

  function ours(node) { return node.nodeType === ELEMENT && node.matches(SELF); }

  function sameAttributes(a, b) {
    if (a.attributes.length !== b.attributes.length) return false;
    for (var i = 0; i < a.attributes.length; i++) {
      if (b.getAttribute(a.attributes[i].name) !== a.attributes[i].value) return false;
    }
    return true;
  }

  function holdsInside(element) { return !!element.querySelector(HELD); }

  /* Collects in `changes` what turns `a` (as served before) into `b` (as served now); false when
     that cannot be done in place and the element around them has to take the change. */
  function compare(a, b, changes) {
    if (a.nodeType !== b.nodeType || a.nodeName !== b.nodeName) return false;
    if (ours(a) || a.isEqualNode(b)) return true;
    if (a.nodeType === TEXT || a.nodeType === COMMENT) {
      changes.push({ kind: "text", old: a, value: b.nodeValue });
      return true;
    }
    if (a.nodeType !== ELEMENT || a.nodeName === "SCRIPT" || a.nodeName === "STYLE") return false;
    if (!sameAttributes(a, b)) changes.push({ kind: "attributes", old: a, now: b });
    var inner = [];
    var fits = a.childNodes.length === b.childNodes.length;
    for (var i = 0; fits && i < a.childNodes.length; i++) fits = compare(a.childNodes[i], b.childNodes[i], inner);
    if (fits) {
      Array.prototype.push.apply(changes, inner);
      return true;
    }
    /* its inside changed shape: the element stays (what holds it keeps it), its inside is put in whole,
       unless the page's scripts hold something there */
    if (a.nodeName === "HTML" || a.nodeName === "HEAD" || holdsInside(a) || holdsInside(b)) return false;
    changes.push({ kind: "inside", old: a, now: b });
    return true;
  }

  /* The node of the live page that `node` (of the page as served) is: found from the nearest element
     with an id, or from the root, by position; null when the page's scripts moved things there. */
  function locate(node) {
    var path = [];
    while (!(node.nodeType === ELEMENT && node.id) && node.parentNode && node.parentNode.nodeType === ELEMENT) {
      path.unshift(Array.prototype.indexOf.call(node.parentNode.childNodes, node));
      node = node.parentNode;
    }
    var live = node.nodeType === ELEMENT && node.id ? document.getElementById(node.id) : document.documentElement;
    if (!live || live.nodeName !== node.nodeName) return null;
    for (var i = 0; i < path.length; i++) {
      live = live.childNodes[path[i]];
      if (!live) return null;
    }
    return live;
  }

  function matches(live, change) {
    var old = change.old;
    if (!live || live.nodeType !== old.nodeType || live.nodeName !== old.nodeName) return false;
    if (old.nodeType !== ELEMENT) return live.nodeValue === old.nodeValue;
    if (change.kind === "attributes") return live.id === old.id;
    /* an inside put in whole must be exactly as served: no script added to it or changed it */
    if (live.childNodes.length !== old.childNodes.length) return false;
    for (var i = 0; i < old.childNodes.length; i++) if (!live.childNodes[i].isEqualNode(old.childNodes[i])) return false;
    return true;
  }

  function apply(live, change) {
    if (change.kind === "text") {
      live.nodeValue = change.value;
    } else if (change.kind === "attributes") {
      var old = change.old, now = change.now, i, name;
      for (i = 0; i < old.attributes.length; i++) {
        name = old.attributes[i].name;
        if (!now.hasAttribute(name)) live.removeAttribute(name);
      }
      for (i = 0; i < now.attributes.length; i++) {
        name = now.attributes[i].name;
        if (old.getAttribute(name) !== now.attributes[i].value) live.setAttribute(name, now.attributes[i].value);
      }
    } else {
      live.replaceChildren.apply(live, Array.prototype.map.call(change.now.childNodes, function (node) {
        return document.importNode(node, true);
      }));
    }
  }

  /* Brings the page to `next` in place; false (nothing changed) when it cannot. */
  function morph(next) {
    var changes = [];
    if (!shown || !compare(shown, next.documentElement, changes)) return false;
    var found = changes.map(function (change) { return locate(change.old); });
    for (var i = 0; i < changes.length; i++) if (!matches(found[i], changes[i])) return false;
    changes.forEach(function (change, i) { apply(found[i], change); });
    shown = next.documentElement;
    if (changes.length) {
      window.dispatchEvent(new Event("resize"));  /* the notes place themselves again beside their words */
      document.dispatchEvent(new CustomEvent("jizhu:updated", { detail: { changes: changes.length } }));
    }
    return true;
  }

  function update() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(window.location.href, { cache: "no-store", credentials: "same-origin" }).then(function (response) {
      if (!response.ok) return reloadPage();  /* the error page, or a page that is gone: shown as served */
      var build = response.headers.get("X-Jizhu-Build");
      return response.text().then(function (html) {
        if (!morph(new DOMParser().parseFromString(html, "text/html"))) return reloadPage();
        if (build) window.jizhuPreview.build = build;
      });
    }).catch(reloadPage).then(function () {
      busy = false;
      if (again) { again = false; update(); }
    });
  }

  function Plugin() {}
  Plugin.identifier = "jizhu";
  Plugin.version = "2";
  /* Tells the server which build the page shows: a page showing an older one is brought up to date. */
  Plugin.prototype.analyze = function () { return { build: window.jizhuPreview.build }; };
  Plugin.prototype.reload = function (path) {
    if (/\.(css|jpe?g|png|gif|svg|webp)$/i.test(path)) return false;  /* livereload.js swaps these in place */
    update();
    return true;
  };
  window.LiveReloadPluginJizhu = Plugin;
})();

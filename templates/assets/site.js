/* jizhu: small enhancements. Every page reads fully without this file. */
(function () {
  "use strict";
  var STORE = "jizhu-script";
  var NARROW = window.matchMedia("(max-width: 56em)");

  function remember(key) {
    try { localStorage.setItem(STORE, key); } catch (e) { /* private mode: nothing to remember */ }
  }
  function remembered() {
    try { return localStorage.getItem(STORE); } catch (e) { return null; }
  }

  /* file:// has no directory index: point folder links at their index.html. */
  function fixFileLinks() {
    if (location.protocol !== "file:") return;
    document.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (/^[a-z]+:/i.test(href) || href.charAt(0) === "#") return;
      a.setAttribute("href", href.replace(/\/(#|$)/, "/index.html$1"));
    });
    document.querySelectorAll("form[action], [formaction]").forEach(function (el) {
      var name = el.hasAttribute("formaction") ? "formaction" : "action";
      el.setAttribute(name, el.getAttribute(name).replace(/\/$/, "/index.html"));
    });
  }

  /* The chooser at the site root: a remembered choice, else the browser's languages. */
  function choose() {
    if (!document.querySelector("[data-chooser]")) return;
    var choice = remembered();
    if (!choice) {
      var langs = (navigator.languages || [navigator.language || ""]).map(function (l) { return l.toLowerCase(); });
      for (var i = 0; i < langs.length && !choice; i++) {
        if (/^zh-(hans|cn|sg|my)/.test(langs[i])) choice = "zh-hans";
        else if (/^zh(-|$)/.test(langs[i])) choice = "zh-hant";
      }
    }
    var link = choice && document.querySelector('[data-script-link="' + choice + '"]');
    if (link) location.replace(link.href);
  }

  /* The id the reader is looking at: the first paragraph, key point or heading whose bottom is below the header. */
  function currentId() {
    var header = document.querySelector(".site-header");
    var top = header ? header.getBoundingClientRect().bottom + 8 : 8;
    var hash = location.hash.slice(1);
    var target = hash && document.getElementById(hash);
    if (target) {
      var r = target.getBoundingClientRect();
      if (r.top < top + 40 && r.bottom > top) return hash;
    }
    var candidates = document.querySelectorAll("main p[id], main li[id], main section[id] > h2");
    function idOf(el) { return el.tagName === "H2" ? el.parentElement.id : el.id; }
    for (var i = 0; i < candidates.length; i++) {
      if (candidates[i].getBoundingClientRect().bottom > top) return idOf(candidates[i]);
    }
    return candidates.length ? idOf(candidates[candidates.length - 1]) : "";  /* past them all: the last */
  }

  /* Script switch: carry the reader's place to the other script's page. */
  function switchLinks() {
    var links = document.querySelectorAll("[data-script-link]");
    links.forEach(function (a) {
      a.addEventListener("click", function () {
        remember(a.getAttribute("data-script-link"));
        if (a.closest(".script-switch")) follow(a);
      });
    });
    return Array.prototype.filter.call(links, function (a) { return a.closest(".script-switch"); });
  }
  function follow(a, id) {
    if (id === undefined) id = currentId();
    var base = a.getAttribute("href").split("#")[0];
    a.setAttribute("href", id ? base + "#" + id : base);
  }

  /* Scroll the sidebar alone (scrollIntoView would move the page under the reader too). */
  function keepInView(box, link) {
    var b = box.getBoundingClientRect();
    var l = link.getBoundingClientRect();
    if (l.top < b.top) box.scrollTop -= b.top - l.top + 16;
    else if (l.bottom > b.bottom) box.scrollTop += l.bottom - b.bottom + 16;
  }

  /* The sticky contents bar on phones sits right under the header, whatever its height. */
  function headerHeight() {
    var header = document.querySelector(".site-header");
    if (!header) return;
    function measure() { document.documentElement.style.setProperty("--header-height", header.offsetHeight + "px"); }
    measure();
    if (window.ResizeObserver) new ResizeObserver(measure).observe(header);
  }

  /* Table of contents: folded on phones into a bar that names where the reader is; marks it. */
  function toc(switches) {
    var details = document.querySelector("[data-toc]");
    if (!details) return;
    var here = details.querySelector("[data-toc-here]");
    if (NARROW.matches) details.open = false;
    NARROW.addEventListener("change", function (e) { details.open = !e.matches; });
    var links = {};
    details.querySelectorAll("a[href^='#']").forEach(function (a) {
      links[a.getAttribute("href").slice(1)] = a;
      a.addEventListener("click", function () { if (NARROW.matches) details.open = false; });
    });
    details.addEventListener("toggle", function () {  /* an opened list shows where the reader is */
      if (details.open && NARROW.matches && marked) keepInView(details.querySelector("nav"), marked);
    });
    document.addEventListener("click", function (event) {  /* a tap beside the opened list closes it */
      if (NARROW.matches && details.open && !details.contains(event.target)) details.open = false;
    });
    var marked = null;
    var pending = false;
    function update() {
      pending = false;
      var id = currentId();
      switches.forEach(function (a) { follow(a, id); });
      var el = id && document.getElementById(id);
      var link = null;
      while (el && !link) {
        link = links[el.id];
        el = el.parentElement && el.parentElement.closest("[id]");
      }
      if (link === marked) return;
      if (marked) marked.removeAttribute("aria-current");
      if (link) {
        link.setAttribute("aria-current", "location");
        if (!NARROW.matches) keepInView(details, link);
        else if (details.open) keepInView(details.querySelector("nav"), link);
      }
      if (here) here.textContent = link ? link.textContent.trim() : "";
      marked = link;
    }
    window.addEventListener("scroll", function () {
      if (!pending) { pending = true; window.requestAnimationFrame(update); }
    }, { passive: true });
    window.addEventListener("hashchange", update);
    window.requestAnimationFrame(update);  /* after notes.js has placed the notes: one layout, not two */
  }

  /* Copy link: the absolute address of an answer (fragment) or of its share page. */
  function pageAddress() {
    return location.href.split("#")[0].replace(/index\.html$/, "");
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }
  /* Each answer's links to its share page and to the answer in the other scripts become its "share" menu:
     the answer's link (#s01-q01), "copy quote", "copy link", the share page, "copy share link" and the other
     scripts. Without JavaScript the two links are all there is (copying needs JavaScript, and the contents
     link every answer): the page does not carry sixty menus' links and buttons. The labels, like every copy
     button's "copied" and "failed", are on <body>. */
  function shareMenus() {
    var labels = document.body.dataset;
    document.querySelectorAll("a.share-link").forEach(function (share) {
      var id = share.parentNode.id, others = [];
      for (var next = share.nextElementSibling; next && next.tagName === "A"; next = next.nextElementSibling) {
        others.push(next);
      }
      var menu = document.createElement("details"), summary = document.createElement("summary");
      var list = document.createElement("ul");
      menu.className = "share-menu";
      summary.textContent = share.textContent;
      summary.setAttribute("aria-describedby", share.getAttribute("aria-describedby"));
      function add(item) {
        var li = document.createElement("li");
        li.appendChild(item);
        list.appendChild(li);
      }
      function button(label, name, value) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "copy-link";
        b.setAttribute(name, value);
        b.textContent = label;
        return b;
      }
      var answer = document.createElement("a");
      answer.href = "#" + id;
      answer.textContent = labels.answerLink;
      share.parentNode.replaceChild(menu, share);
      share.removeAttribute("class");
      share.removeAttribute("aria-describedby");
      share.textContent = labels.sharePage;
      add(answer);
      add(button(labels.copyQuote, "data-copy-answer", id));
      add(button(labels.copyLink, "data-copy", "#" + id));
      add(share);
      /* "s01-q01/" ("s01-q01/index.html" from file://) */
      add(button(labels.copyShare, "data-copy", share.getAttribute("href")));
      others.forEach(add);
      menu.appendChild(summary);
      menu.appendChild(list);
    });
  }
  /* Each note's link in the other scripts (the script switch's pages, at the note) and its "copy link" button. */
  function noteButtons() {
    var label = document.body.dataset.copyLink;
    var others = document.querySelectorAll(".script-switch a[data-script-link]");
    document.querySelectorAll(".note[id] > .note-tools").forEach(function (tools) {
      others.forEach(function (other) {
        var link = document.createElement("a");
        link.className = "other-script";
        link.href = other.getAttribute("href").split("#")[0] + "#" + tools.parentNode.id;
        link.hreflang = other.hreflang;
        link.lang = other.lang;
        link.textContent = other.getAttribute("data-short");
        tools.appendChild(document.createTextNode(" "));
        tools.appendChild(link);
      });
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-link";
      button.setAttribute("data-copy", "#" + tools.parentNode.id);
      button.textContent = label;
      tools.appendChild(document.createTextNode(" "));
      tools.appendChild(button);
    });
  }

  /* Each paragraph of a turn gets its ¶ link, for pointers: out of the Tab order (the answer's share
     menu holds the answer's link for the keyboard) and shown on hover (style.css). */
  function paragraphLinks() {
    var label = document.body.dataset.permalink;
    document.querySelectorAll("main.transcript .turn > [id]:not(.retired)").forEach(function (p) {
      var link = document.createElement("a");
      link.className = "p-link";
      link.href = "#" + p.id;
      link.tabIndex = -1;
      link.setAttribute("aria-label", label);
      link.textContent = "¶";
      p.appendChild(link);
    });
  }

  function copyButtons() {
    var said = document.body.dataset;
    shareMenus();
    noteButtons();
    document.querySelectorAll("[data-needs-js]").forEach(function (item) { item.hidden = false; });
    document.querySelectorAll("button[data-copy], button[data-copy-answer]").forEach(function (button) {
      var label = button.textContent;
      button.hidden = false;
      button.setAttribute("aria-live", "polite");
      button.addEventListener("click", function () {
        var target = button.getAttribute("data-copy");  /* "#s01-q01" (this page) or "s01-q01/" (its share page) */
        var text = target === null ? answerQuote(button.getAttribute("data-copy-answer")) : pageAddress() + target;
        button.style.minWidth = button.getBoundingClientRect().width + "px";  /* "copied" is shorter: the button keeps its width */
        copyText(text).then(function () {
          button.textContent = said.copied;
        }, function () {
          button.textContent = said.failed;
          if (target && target.charAt(0) === "#") history.replaceState(null, "", target);
        });
        setTimeout(function () { button.textContent = label; button.style.minWidth = ""; }, 2000);
      });
    });
  }

  /* The words of a paragraph as read: without note numbers or the ¶ link. */
  function plainText(p) {
    var copy = p.cloneNode(true);
    copy.querySelectorAll(".note-ref, .p-link, .note, .term-pop").forEach(function (el) { el.remove(); });
    return copy.textContent.replace(/\u2060/g, "").trim();
  }

  /* An answer as a quote: its words, who said them, where, and a link to the answer. */
  function quoteText(text, speaker, id) {
    var data = document.querySelector("[data-quote-source]");
    var credit = [speaker, data.getAttribute("data-title"), data.getAttribute("data-source"),
                  data.getAttribute("data-date")].filter(Boolean).join("，");
    return data.getAttribute("data-open") + text + data.getAttribute("data-close") + "\n—— " + credit + "\n" +
      pageAddress() + id;
  }
  function answerQuote(id) {
    var answers = document.querySelectorAll("#" + id + " .turn:not(.turn-question)");
    var speakers = [], paragraphs = [];
    answers.forEach(function (turn) {
      var speaker = turn.querySelector(".speaker");
      if (speaker && speakers.indexOf(speaker.textContent.trim()) < 0) speakers.push(speaker.textContent.trim());
      turn.querySelectorAll("p[id]").forEach(function (p) { paragraphs.push(plainText(p)); });
    });
    return quoteText(paragraphs.join("\n"), speakers.join("、"), "#" + id);
  }

  /* Share menus: one open at a time; Escape or a click elsewhere closes it. */
  function menus() {
    var all = document.querySelectorAll("details.share-menu");
    function closeAll(except) {
      all.forEach(function (menu) { if (menu !== except && menu.open) menu.open = false; });
    }
    all.forEach(function (menu) {
      menu.addEventListener("toggle", function () { if (menu.open) closeAll(menu); });
      menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
      });
    });
    document.addEventListener("click", function (event) {
      var inside = event.target.closest && event.target.closest("details.share-menu");
      if (!inside || event.target.closest(".share-menu a")) closeAll(null);
    });
  }

  /* Copy quote: select words in a turn, get the quote with who said it, where, and a link that
     highlights the words (a text fragment, in this page's script). */
  function copyQuote() {
    var main = document.querySelector("main.transcript");
    var data = document.querySelector("[data-quote-source]");
    if (!main || !data) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-quote";
    button.hidden = true;
    button.textContent = data.getAttribute("data-label");
    button.setAttribute("aria-live", "polite");
    document.body.appendChild(button);
    var quote = null;
    function selected() {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
      var range = selection.getRangeAt(0);
      var start = range.startContainer.parentElement, end = range.endContainer.parentElement;
      var turn = start && start.closest(".turn");
      if (!turn || !main.contains(turn) || !end || end.closest(".turn") !== turn) return null;
      if (start.closest(".note") || end.closest(".note")) return null;  /* a note opened in place is not the speaker's */
      var text = selection.toString().replace(/\s+/g, " ").trim();
      if (!text) return null;
      var speaker = turn.querySelector(".speaker");
      var pair = turn.closest("[id].pair") || turn;
      return { text: text, speaker: speaker ? speaker.textContent.trim() : "", id: pair.id, rect: range.getBoundingClientRect() };
    }
    document.addEventListener("selectionchange", function () {
      quote = selected();
      if (!quote) { button.hidden = true; return; }
      button.hidden = false;
      button.style.top = (window.scrollY + quote.rect.bottom + 6) + "px";
      button.style.left = Math.max(8, Math.min(window.scrollX + quote.rect.left, document.documentElement.clientWidth - 160)) + "px";
    });
    button.addEventListener("mousedown", function (e) { e.preventDefault(); });  /* keep the selection */
    button.addEventListener("click", function () {
      if (!quote) return;
      copyText(quoteText(quote.text, quote.speaker, "#:~:text=" + encodeURIComponent(quote.text))).then(function () {
        button.textContent = data.getAttribute("data-copied");
        setTimeout(function () { button.textContent = data.getAttribute("data-label"); button.hidden = true; }, 1500);
      });
    });
  }

  function start() {
    document.documentElement.classList.add("js");
    fixFileLinks();
    paragraphLinks();
    choose();
    copyButtons();  /* changes to the page first, then what reads its layout */
    menus();
    copyQuote();
    headerHeight();
    toc(switchLinks());
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

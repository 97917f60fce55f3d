/* jizhu glossary: a term shows its definition in place, on hover, focus or tap, with a link to the
   full entry; the entry then marks the way back to where the reader was.
   Without this file a term is a link to its entry, and every entry links back to each use. */
(function () {
  "use strict";
  var SHOW_DELAY = 150, HIDE_DELAY = 300;  /* ms: a pointer passing over a term opens nothing */

  function start() {
    var glossary = document.querySelector("[data-glossary]");
    if (!glossary) return;
    var pop = null, owner = null, timer = 0, touched = false, quiet = false;

    function entry(term) { return document.getElementById(term.getAttribute("href").slice(1)); }

    function make(term) {
      var dt = entry(term);
      var box = document.createElement("div");
      box.className = "term-pop";
      box.id = "pop-" + term.id;
      box.setAttribute("role", "dialog");
      box.setAttribute("aria-label", dt.textContent.trim());
      var name = document.createElement("p");
      name.className = "term-pop-name";
      name.textContent = dt.textContent.trim();
      var definition = dt.nextElementSibling.cloneNode(true);
      definition.querySelectorAll(".term-back").forEach(function (el) { el.remove(); });
      var body = document.createElement("div");
      body.id = box.id + "-text";
      while (definition.firstChild) body.appendChild(definition.firstChild);
      var more = document.createElement("a");
      more.className = "term-pop-more";
      more.href = "#" + dt.id;
      more.textContent = glossary.getAttribute("data-full") + " →";
      more.addEventListener("click", function () { cameFrom(term); });
      box.appendChild(name);
      box.appendChild(body);
      box.appendChild(more);
      box.addEventListener("mouseenter", function () { clearTimeout(timer); });
      box.addEventListener("mouseleave", function () { later(hide, HIDE_DELAY); });
      return box;
    }

    function show(term) {
      clearTimeout(timer);
      if (owner === term) return;
      hide();
      owner = term;
      pop = make(term);
      term.after(pop);  /* right after the term: Tab goes from the term into the definition */
      var parent = pop.offsetParent || document.body;
      var t = term.getBoundingClientRect(), p = parent.getBoundingClientRect();
      var width = pop.offsetWidth, room = document.documentElement.clientWidth;
      var left = Math.max(8, Math.min(t.left, room - width - 8));
      pop.style.left = (left - p.left) + "px";
      pop.style.top = (t.bottom - p.top + 6) + "px";
      term.setAttribute("aria-expanded", "true");
      term.setAttribute("aria-describedby", pop.id + "-text");
    }
    function hide() {
      clearTimeout(timer);
      if (!owner) return;
      owner.setAttribute("aria-expanded", "false");
      owner.removeAttribute("aria-describedby");
      pop.remove();
      pop = owner = null;
    }
    function later(action, delay) {
      clearTimeout(timer);
      timer = setTimeout(action, delay);
    }

    /* The entry lights the link back to the term the reader came from. */
    function cameFrom(term) {
      glossary.querySelectorAll(".term-back a[aria-current]").forEach(function (a) { a.removeAttribute("aria-current"); });
      var back = glossary.querySelector('.term-back a[href="#' + term.id + '"]');
      if (back) back.setAttribute("aria-current", "true");
    }

    document.querySelectorAll("main a.term[id]").forEach(function (term) {
      term.setAttribute("aria-expanded", "false");
      term.addEventListener("mouseenter", function () { later(function () { show(term); }, SHOW_DELAY); });
      term.addEventListener("mouseleave", function () { if (owner === term) later(hide, HIDE_DELAY); else clearTimeout(timer); });
      term.addEventListener("focus", function () { if (quiet) quiet = false; else show(term); });
      term.addEventListener("pointerdown", function (event) { touched = event.pointerType !== "mouse" && owner !== term; });
      term.addEventListener("click", function (event) {
        if (touched) { event.preventDefault(); show(term); touched = false; return; }  /* first tap: the definition */
        cameFrom(term);  /* a click, Enter or second tap: the full entry */
      });
    });
    document.addEventListener("keydown", function (event) {  /* Escape closes; focus inside goes back to the term */
      if (event.key !== "Escape" || !owner) return;
      var term = owner, inside = pop.contains(document.activeElement);
      hide();
      if (inside) { quiet = true; term.focus({ preventScroll: true }); }
    });
    document.addEventListener("focusin", function (event) {
      if (owner && event.target !== owner && !pop.contains(event.target)) hide();
    });
    document.addEventListener("pointerdown", function (event) {
      if (owner && !pop.contains(event.target) && event.target !== owner) hide();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

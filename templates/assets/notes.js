/* jizhu notes: sidenotes on wide screens, notes that open in place on narrow ones.
   Without this file every note is an endnote with a link back to its quote (and so in print). */
(function () {
  "use strict";
  var WIDE = window.matchMedia("screen and (min-width: 72em)");  /* keep in step with style.css */
  var GAP = 12;  /* px between stacked sidenotes */
  var SHOWN_EM = 12;  /* lines of a folded note: keep in step with style.css (max-height) */
  var LONG = "table, pre";  /* only these make a note long enough to fold */

  function start() {
    var section = document.querySelector("[data-notes]");
    var main = section && section.closest("main");
    if (!main) return;
    var notes = Array.prototype.slice.call(section.querySelectorAll(".note"));
    var markers = {};
    var homes = {};
    var bodies = {};
    var toggles = {};
    var active = null;
    notes.forEach(function (note) {
      markers[note.id] = document.querySelector('a.note-ref[href="#' + note.id + '"]');
      homes[note.id] = document.createComment(note.id);
      note.parentNode.insertBefore(homes[note.id], note);
      note.tabIndex = -1;  /* a marker moves the focus here, so the keyboard reads on in the note */
      bodies[note.id] = note.querySelector(".note-body");
      bodies[note.id].id = note.id + "-body";
      var toggle = document.createElement("button");
      toggle.type = "button";
      toggle.className = "note-more";
      toggle.hidden = true;
      toggle.setAttribute("aria-controls", bodies[note.id].id);
      toggle.addEventListener("click", function () { expand(note, !note.classList.contains("note-expanded")); });
      bodies[note.id].parentNode.insertBefore(toggle, bodies[note.id].nextSibling);
      toggles[note.id] = toggle;
      /* a link inside the hidden lines gets keyboard focus: show them */
      note.addEventListener("focusin", function (event) {
        if (bodies[note.id].contains(event.target)) expand(note, true);
      });
    });

    /* Wide screens: a note is shown whole unless it holds a table or code and is long; then it shows
       its first lines and a "more" that opens it where it is. */
    function mark(note, open) {
      note.classList.toggle("note-expanded", open);
      toggles[note.id].textContent = section.getAttribute(open ? "data-less" : "data-more");
      toggles[note.id].setAttribute("aria-expanded", String(open));
    }
    function expand(note, open) {
      mark(note, open);
      if (WIDE.matches) place();
    }
    function shorten() {
      var size = parseFloat(getComputedStyle(bodies[notes[0].id]).fontSize);
      var long = notes.map(function (note) {
        return !!bodies[note.id].querySelector(LONG) && bodies[note.id].scrollHeight > size * SHOWN_EM * 1.4;
      });
      notes.forEach(function (note, i) {  /* reads above, writes here: one layout */
        note.classList.toggle("note-long", long[i]);
        toggles[note.id].hidden = !long[i];
        if (long[i] && !toggles[note.id].textContent) mark(note, false);  /* layout() places them all next */
      });
    }

    /* Narrow screens: a marker opens its note right after the paragraph, and closes it again. */
    function isOpen(note) { return note.classList.contains("note-open"); }
    function open(note) {
      var marker = markers[note.id];
      var block = marker.closest("p, li");
      if (block.tagName === "LI") block.appendChild(note);
      else block.parentNode.insertBefore(note, block.nextSibling);
      note.classList.add("note-open");
      marker.setAttribute("aria-expanded", "true");
    }
    function close(note) {
      homes[note.id].parentNode.insertBefore(note, homes[note.id].nextSibling);
      note.classList.remove("note-open");
      if (!WIDE.matches) markers[note.id].setAttribute("aria-expanded", "false");
    }

    /* Wide screens: each note in the margin level with its marker. Crowded notes move down only as far
       as the one above needs. With `held`, that note sits level with its marker and the notes above it
       move up to make room: a clicked note is always beside its words. */
    function place(held) {
      var top = main.getBoundingClientRect().top;
      var wanted = notes.map(function (note) { return markers[note.id].getBoundingClientRect().top - top; });
      var heights = notes.map(function (note) { return note.offsetHeight; });
      var y = [];
      var bottom = 0;
      notes.forEach(function (note, i) {
        y[i] = Math.max(wanted[i], bottom);
        bottom = y[i] + heights[i] + GAP;
      });
      var at = held ? notes.indexOf(held) : -1;
      if (at >= 0 && y[at] > wanted[at]) {
        y[at] = wanted[at];
        for (var i = at + 1; i < notes.length; i++) y[i] = Math.max(wanted[i], y[i - 1] + heights[i - 1] + GAP);
        for (var j = at - 1; j >= 0; j--) y[j] = Math.min(y[j], y[j + 1] - heights[j] - GAP);
        bottom = y[notes.length - 1] + heights[notes.length - 1] + GAP;
      }
      notes.forEach(function (note, i) { note.style.top = Math.round(y[i]) + "px"; });
      var needed = Math.ceil(bottom) + "px";
      if (main.style.minHeight !== needed) main.style.minHeight = needed;
    }

    var pending = false;
    function layout() {
      pending = false;
      document.documentElement.classList.toggle("notes-side", WIDE.matches);
      if (WIDE.matches) {
        /* the notes are as wide as the margin column (style.css lets it grow with the screen) */
        var tracks = getComputedStyle(main.parentNode).gridTemplateColumns.split(" ");
        main.style.setProperty("--side-width", tracks[tracks.length - 1]);
        notes.forEach(function (note) {
          if (isOpen(note)) close(note);
          markers[note.id].removeAttribute("aria-expanded");
          markers[note.id].setAttribute("aria-controls", note.id);
        });
        shorten();
        place(active);
      } else {
        main.style.minHeight = "";
        notes.forEach(function (note) {
          note.style.top = "";
          note.classList.remove("note-long");
          toggles[note.id].hidden = true;
          markers[note.id].setAttribute("aria-controls", note.id);
          if (!isOpen(note)) markers[note.id].setAttribute("aria-expanded", "false");
        });
      }
    }
    function later() {
      if (!pending) { pending = true; window.requestAnimationFrame(layout); }
    }

    /* Wide screens: a marker lights its note where it stands and never scrolls the text. */
    function highlight(note) {
      if (active) active.classList.remove("note-active");
      active = note;
      note.classList.add("note-active");
      place(note);
      note.focus({ preventScroll: true });
    }

    notes.forEach(function (note) {
      markers[note.id].addEventListener("click", function (event) {
        event.preventDefault();  /* the note is beside its words, or opens right under them: no jump */
        if (WIDE.matches) highlight(note);
        else if (isOpen(note)) close(note);
        else open(note);
      });
    });

    /* A link to a note (#n-…) opens it where it belongs: in place on a narrow screen, whole in the margin. */
    function arrive() {
      var note = location.hash && document.getElementById(location.hash.slice(1));
      if (!note || notes.indexOf(note) < 0) return;
      if (!WIDE.matches && !isOpen(note)) open(note);
      if (WIDE.matches && note.classList.contains("note-long")) mark(note, true);
      if (WIDE.matches) { active = note; place(note); }
      note.scrollIntoView();
    }

    layout();
    arrive();
    window.addEventListener("hashchange", arrive);
    WIDE.addEventListener("change", later);
    window.addEventListener("resize", later);
    if (window.ResizeObserver) new ResizeObserver(later).observe(section.parentNode);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(later);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// newspan's page view and annotator. Draws the page from the data newspan wrote into the
// file (#newspan-data): its text in chunks, each leaf's kind, article, input span and
// confidence. In the annotator (key `e`, or opened by `newspan annotate`) each leaf is a piece
// whose role, article and paragraph group can be changed; `save` writes the page's answer in
// the format of docs/ANNOTATION.md. No network: saving posts to the page's own server when it
// has one, else downloads the file.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("newspan-data").textContent);

  // Roles a piece can take, the key that sets each, and the gold list it goes to.
  const KEYS = {
    k: "kicker", t: "title", s: "subtitle", b: "byline", d: "dateline", p: "paragraph",
    h: "subhead", c: "caption", j: "jump", x: "boilerplate", i: "ignore",
  };
  const IN_ARTICLE = ["kicker", "title", "subtitle", "byline", "dateline", "paragraph", "subhead", "caption", "jump"];
  const GROUPED = ["paragraph", "caption"];
  const KINDS = ["kicker", "title", "subtitle", "byline", "dateline", "fragment", "subhead", "caption", "jump", "boilerplate", "unassigned"];
  // Below this confidence a span is marked.
  const LOW = 0.5;

  const roleOf = (kind) => (kind === "fragment" ? "paragraph" : kind);
  // Each article its own hue, far from its neighbours' (the golden angle).
  const colour = (a) => "hsl(" + ((a * 137.508) % 360).toFixed(1) + ", 72%, 40%)";

  // --- The pieces: one per leaf, in page order. ---
  let pieces = data.leaves.map((l, i) => ({
    i: i,
    kind: l.k,
    role: roleOf(l.k),
    a: l.a,
    g: l.k === "fragment" ? l.g : l.k === "caption" ? -1 - i : null,
    s: l.s,
    e: l.e,
    c: l.c === undefined ? null : l.c,
    h: !!l.h,
    names: (l.sub || []).filter((x) => x[0] === "byline_name").map((x) => x[1]),
    sub: l.sub || [],
    text: "",
    el: null,
    edited: false,
  }));
  let nextArticle = Math.max(-1, ...pieces.map((p) => p.a)) + 1;
  let nextGroup = 1 << 30;

  // --- The page. ---
  const body = document.body;
  body.innerHTML =
    '<header><h1></h1><span id="facts"></span><span id="mode"></span>' +
    '<span id="legend"></span><button id="edit" type="button">annotate (e)</button>' +
    '<button id="save" type="button" hidden>save (ctrl+s)</button>' +
    '<div id="help">select: click, shift+click (range), ctrl+click (add) · role: ' +
    Object.entries(KEYS).map(([k, r]) => "<kbd>" + k + "</kbd> " + r).join(" ") +
    ' · <kbd>n</kbd> new article from here · <kbd>m</kbd> merge articles · <kbd>f</kbd> join fragments' +
    ' · <kbd>g</kbd> split fragments · <kbd>a</kbd> authors · <kbd>/</kbd> split a span at the text cursor · <kbd>u</kbd>/<kbd>ctrl+z</kbd> undo · <kbd>esc</kbd> clear</div>' +
    '</header><main><pre id="page"></pre></main><aside><h2>Articles</h2><ol id="articles"></ol>' +
    '<h2 id="page-level"></h2></aside><div id="status"><span id="said"></span><span id="hover"></span></div>';
  body.querySelector("h1").textContent = data.name;
  body.querySelector("#facts").textContent =
    data.encoding + " · " + data.layout + " · " + data.bytes + " bytes · " + data.articles + " articles";
  const legend = body.querySelector("#legend");
  for (const k of KINDS) {
    const s = document.createElement("span");
    s.className = "k-" + k;
    s.dataset.kind = k;
    s.textContent = k;
    legend.appendChild(s);
  }
  const page = body.querySelector("#page");
  for (const [text, leaf] of data.chunks) {
    if (leaf < 0) {
      page.appendChild(document.createTextNode(text));
      continue;
    }
    const p = pieces[leaf];
    const el = document.createElement("span");
    el.textContent = text;
    el.dataset.i = String(leaf);
    el.dataset.s = String(p.s);
    el.dataset.e = String(p.e);
    p.text = text;
    p.el = el;
    page.appendChild(el);
  }
  const status = body.querySelector("#status");
  const said = status.querySelector("#said");
  const hover = status.querySelector("#hover");

  function paint(p) {
    if (!p.el) return;
    // As parsed, a leaf shows its kind (a paragraph's pieces are fragments); once relabelled,
    // its role.
    const shown = p.edited ? p.role : p.kind;
    const cls = ["leaf", "k-" + shown];
    if (p.c !== null && p.c < LOW && !p.edited) cls.push("low");
    if (selected.has(p.i)) cls.push("selected");
    p.el.className = cls.join(" ");
    p.el.dataset.kind = shown;
    if (p.a >= 0) {
      p.el.dataset.article = String(p.a);
      p.el.style.setProperty("--ac", colour(p.a));
    } else {
      delete p.el.dataset.article;
      p.el.style.removeProperty("--ac");
    }
    p.el.title = describe(p);
  }

  function describe(p) {
    const parts = [p.role];
    if (p.a >= 0) parts.push("article " + (rank.get(p.a) + 1));
    parts.push("input bytes " + p.s + "\u2013" + p.e);
    if (p.c !== null) parts.push("confidence " + p.c.toFixed(3));
    for (const [k, t] of p.sub) parts.push(k.replace("byline_name", "name") + ": " + t);
    return parts.join(" \u00b7 ");
  }

  // --- Articles, in the order of their first piece. ---
  let rank = new Map();
  function articles() {
    const list = new Map();
    for (const p of pieces) {
      if (p.a < 0 || !IN_ARTICLE.includes(p.role)) continue;
      if (!list.has(p.a)) list.set(p.a, []);
      list.get(p.a).push(p);
    }
    return [...list.entries()].map(([a, ps]) => ({ a: a, pieces: ps }));
  }

  function sidebar() {
    const arts = articles();
    rank = new Map(arts.map((x, k) => [x.a, k]));
    const ol = body.querySelector("#articles");
    ol.textContent = "";
    for (const art of arts) {
      const li = document.createElement("li");
      li.dataset.article = String(art.a);
      li.style.setProperty("--ac", colour(art.a));
      const of = (role) => art.pieces.filter((p) => p.role === role).map((p) => p.text.trim());
      const head = of("title").join(" ") || of("kicker").concat(of("subtitle")).join(" ") || "(no headline)";
      const groups = new Set(art.pieces.filter((p) => p.role === "paragraph").map((p) => p.g));
      const meta = [];
      if (of("byline").length) meta.push(of("byline").join("; "));
      if (of("dateline").length) meta.push(of("dateline")[0]);
      meta.push(groups.size + " paragraph" + (groups.size === 1 ? "" : "s"));
      li.innerHTML = '<div class="head"></div><div class="meta"></div>';
      li.querySelector(".head").textContent = head;
      li.querySelector(".meta").textContent = meta.join(" \u00b7 ");
      li.addEventListener("click", () => {
        const first = art.pieces[0].el;
        first.scrollIntoView({ block: "center" });
        for (const p of art.pieces) {
          p.el.classList.remove("flash");
          void p.el.offsetWidth;
          p.el.classList.add("flash");
        }
      });
      ol.appendChild(li);
    }
    const count = (r) => pieces.filter((p) => p.role === r).length;
    body.querySelector("#page-level").textContent =
      "Page: " + count("boilerplate") + " boilerplate, " + count("unassigned") + " unassigned" +
      (editing ? ", " + count("ignore") + " ignored" : "");
    for (const p of pieces) paint(p);
  }

  // --- The annotator. ---
  let editing = false;
  const selected = new Set();
  let anchor = null;
  const undo = [];

  function setEditing(on) {
    editing = on;
    body.classList.toggle("editing", on);
    body.querySelector("#mode").textContent = on ? "annotating" : "";
    body.querySelector("#save").hidden = !on;
    body.querySelector("#edit").textContent = on ? "view (e)" : "annotate (e)";
    if (!on) selected.clear();
    sidebar();
  }

  // An undo step keeps every piece (the list itself: a split adds one) and its fields.
  const FIELDS = ["role", "a", "g", "names", "edited", "text", "s", "e", "h"];
  function snapshot() {
    undo.push(pieces.map((p) => [p, FIELDS.map((f) => (f === "names" ? p.names.slice() : p[f]))]));
    if (undo.length > 500) undo.shift();
  }

  function restore() {
    const last = undo.pop();
    if (!last) return say("nothing to undo");
    const kept = new Set();
    pieces = last.map(([p, values]) => {
      FIELDS.forEach((f, k) => (p[f] = values[k]));
      kept.add(p.el);
      return p;
    });
    // A piece split off since goes; the piece it came from gets its text back.
    for (const el of [...page.querySelectorAll(".leaf")]) if (!kept.has(el)) el.remove();
    renumber();
    selected.clear();
    sidebar();
    say("undone");
  }

  function renumber() {
    pieces.forEach((p, i) => {
      p.i = i;
      if (p.el) {
        p.el.dataset.i = String(i);
        p.el.dataset.s = String(p.s);
        p.el.dataset.e = String(p.e);
        if (p.el.textContent !== p.text) p.el.textContent = p.text;
      }
    });
  }

  // Split a span where the text cursor (or the start of the text selected) stands in it: a
  // dateline the parser left inside a paragraph's first line, two heads on one line. The new
  // piece keeps the role, article and paragraph; relabel either part. Input offsets follow
  // for UTF-8 pages (for others the parts show the whole span's range).
  function splitPiece() {
    const sel = window.getSelection();
    const node = sel && sel.rangeCount ? sel.getRangeAt(0).startContainer : null;
    const el = node && (node.nodeType === 3 ? node.parentElement : node).closest(".leaf");
    if (!editing || !el) return say("put the text cursor where the span should split (select text in it)");
    const p = pieces[Number(el.dataset.i)];
    const k = sel.getRangeAt(0).startOffset;
    const head = p.text.slice(0, k);
    const tail = p.text.slice(k);
    if (!head.trim() || !tail.trim()) return say("the split must leave text on both sides");
    snapshot();
    const q = Object.assign({}, p, { text: tail, names: [], sub: [], edited: true });
    if (data.encoding.toUpperCase() === "UTF-8") {
      q.s = p.s + new TextEncoder().encode(head).length;
      p.e = q.s;
    }
    p.text = head;
    p.h = false;
    p.edited = true;
    q.el = document.createElement("span");
    q.el.textContent = tail;
    el.after(q.el);
    pieces.splice(p.i + 1, 0, q);
    renumber();
    sel.removeAllRanges();
    selected.clear();
    selected.add(p.i);
    sidebar();
    say("split in two: label each part");
  }

  function chosen() {
    return [...selected].sort((x, y) => x - y).map((i) => pieces[i]);
  }

  // The article a piece joins when it comes into one: the previous piece's, else the next's.
  function nearArticle(p) {
    for (let k = p.i - 1; k >= 0; k--) if (pieces[k].a >= 0) return pieces[k].a;
    for (let k = p.i + 1; k < pieces.length; k++) if (pieces[k].a >= 0) return pieces[k].a;
    return nextArticle++;
  }

  function setRole(role) {
    const ps = chosen();
    if (!ps.length) return say("select a piece first");
    if (role === "dateline") {
      // An article has one dateline: its first paragraph's opening.
      const arts = new Set();
      for (const p of ps) {
        const a = p.a >= 0 ? p.a : nearArticle(p);
        const other = pieces.find((q) => q.a === a && q.role === "dateline" && !ps.includes(q));
        if (other || arts.has(a)) return say("that article has a dateline already: relabel it first");
        arts.add(a);
      }
    }
    snapshot();
    for (const p of ps) {
      const was = p.role;
      p.role = role;
      p.edited = true;
      if (!IN_ARTICLE.includes(role)) {
        p.a = -1;
        p.g = null;
        continue;
      }
      if (p.a < 0) p.a = nearArticle(p);
      if (GROUPED.includes(role) && was !== role) p.g = nextGroup++;
      if (!GROUPED.includes(role)) p.g = null;
    }
    sidebar();
    say(ps.length + " piece(s) \u2192 " + role);
  }

  // A new article from the first selected piece on: every later piece of the same article.
  function split() {
    const first = chosen()[0];
    if (!first || first.a < 0) return say("select a piece of an article");
    snapshot();
    const from = first.a;
    const to = nextArticle++;
    for (const p of pieces) if (p.i >= first.i && p.a === from) p.a = to;
    sidebar();
    say("new article from here");
  }

  // The selected pieces' articles become the first one's.
  function merge() {
    const ps = chosen().filter((p) => p.a >= 0);
    if (ps.length < 2) return say("select pieces of two articles or more");
    snapshot();
    const into = ps[0].a;
    const gone = new Set(ps.map((p) => p.a));
    for (const p of pieces) if (gone.has(p.a)) p.a = into;
    sidebar();
    say("articles merged");
  }

  // Fragments. Join: every piece of the paragraphs (or captions) the selection touches
  // becomes one with the first, in page order, in the first one's article. Split: a selected
  // piece starts a new paragraph with the pieces after it in its old one.
  function join(together) {
    const ps = chosen().filter((p) => GROUPED.includes(p.role));
    if (!ps.length) return say("select paragraph or caption pieces");
    snapshot();
    if (together) {
      const first = ps[0];
      const touched = new Set(ps.map((p) => p.role + ":" + p.g));
      let moved = 0;
      for (const p of pieces) {
        if (!touched.has(p.role + ":" + p.g) || p === first) continue;
        if (p.a !== first.a) moved++;
        Object.assign(p, { role: first.role, g: first.g, a: first.a, edited: true });
      }
      first.edited = true;
      sidebar();
      return say("joined into one " + first.role + (moved ? " (" + moved + " piece(s) moved into its article)" : ""));
    }
    for (const sel of ps) {
      const old = sel.role + ":" + sel.g;
      const g = nextGroup++;
      for (const p of pieces) {
        if (p.i >= sel.i && p.role + ":" + p.g === old) Object.assign(p, { g: g, edited: true });
      }
    }
    sidebar();
    say(ps.length + " new " + (ps.length === 1 ? "paragraph" : "paragraphs") + " from the selection");
  }

  function authors() {
    const p = chosen().find((x) => x.role === "byline");
    if (!p) return say("select a byline");
    const got = window.prompt("Names in this byline, separated by commas:", p.names.join(", "));
    if (got === null) return;
    snapshot();
    p.names = got.split(/[,\uff0c\u3001]/).map((x) => x.trim()).filter(Boolean);
    p.edited = true;
    sidebar();
  }

  // --- The answer. ---
  const SPLIT_HYPHENS = ["-", "\u00ad", "\u2010"];
  function isWide(ch) {
    const c = ch.codePointAt(0);
    const within = (lo, hi) => c >= lo && c <= hi;
    return within(0x3400, 0x4dbf) || within(0x4e00, 0x9fff) || within(0xf900, 0xfaff) ||
      within(0x20000, 0x3ffff) || within(0x3040, 0x30ff) || within(0x31f0, 0x31ff) ||
      within(0xac00, 0xd7af) || within(0x3005, 0x3007) || within(0x3000, 0x303f) ||
      within(0xff00, 0xff60) || within(0xffe0, 0xffee) || within(0x2018, 0x201f) ||
      c === 0x2026 || c === 0x2014 || c === 0x2015 || within(0x25a0, 0x25ff) ||
      within(0x2460, 0x24ff) || c === 0xb7 || c === 0x2027 || c === 0x30fb;
  }
  // Fragments joined as newspan joins them: nothing at a seam next to a wide character or
  // after a hyphen, one space elsewhere; a hyphen that only split a word is dropped.
  function joinText(ps) {
    let out = "";
    let prevRemoved = false;
    for (const p of ps) {
      let t = p.text.trim();
      if (p.h) for (const hy of SPLIT_HYPHENS) if (t.endsWith(hy)) { t = t.slice(0, -hy.length); break; }
      if (!t) continue;
      for (const line of t.split(/\r\n|\r|\n/).map((x) => x.trim()).filter(Boolean)) {
        if (out) {
          const a = [...out].pop();
          const b = [...line][0];
          const tight = prevRemoved || isWide(a) || isWide(b) || a === "-" || a === "\u2010";
          if (!tight) out += " ";
        }
        out += line;
        prevRemoved = false;
      }
      prevRemoved = p.h;
    }
    return out;
  }

  function gold() {
    const out = { articles: [], boilerplate: [], ignore: [] };
    for (const art of articles()) {
      const g = {
        kicker: [], title: [], subtitle: [], bylines: [], authors: [], dateline: null,
        paragraphs: [], subheads: [], captions: [], jumps: [],
      };
      const groups = new Map();
      for (const p of art.pieces) {
        const t = p.text.trim();
        switch (p.role) {
          case "kicker": g.kicker.push(t); break;
          case "title": g.title.push(t); break;
          case "subtitle": g.subtitle.push(t); break;
          case "subhead": g.subheads.push(t); break;
          case "jump": g.jumps.push(t); break;
          case "byline": g.bylines.push(t); g.authors.push(...p.names); break;
          case "dateline": if (g.dateline === null) g.dateline = t; break;
          default: {
            const key = p.role + ":" + p.g;
            if (!groups.has(key)) groups.set(key, { role: p.role, ps: [] });
            groups.get(key).ps.push(p);
          }
        }
      }
      for (const grp of groups.values()) {
        const text = joinText(grp.ps);
        if (text) (grp.role === "paragraph" ? g.paragraphs : g.captions).push(text);
      }
      out.articles.push(g);
    }
    for (const p of pieces) {
      if (p.role === "boilerplate") out.boilerplate.push(p.text.trim());
      if (p.role === "ignore" || p.role === "unassigned") out.ignore.push(p.text.trim());
    }
    return out;
  }

  function goldName() {
    const base = data.name.split(/[\\/]/).pop();
    // As `newspan train` pairs them: NAME.txt with NAME.gold.json.
    return base.replace(/\.txt$/, "") + ".gold.json";
  }

  function save() {
    const left = pieces.filter((p) => p.role === "unassigned").length;
    if (left && !window.confirm(left + " piece(s) are still unassigned: save them as ignore (not scored)?")) {
      return say("not saved: label the unassigned pieces (red) first");
    }
    const text = JSON.stringify(gold(), null, 1) + "\n";
    const note = left ? " (" + left + " unassigned piece(s) saved as ignore)" : "";
    if (data.save) {
      fetch(data.save, { method: "POST", headers: { "Content-Type": "application/json" }, body: text })
        .then((r) => r.text().then((t) => say(r.ok ? "saved " + t + note : "not saved: " + t)))
        .catch((e) => say("not saved: " + e));
    } else {
      const a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      a.download = goldName();
      a.click();
      say("downloaded " + goldName() + note);
    }
  }

  // Messages stay until the next one; hovering shows a span's facts beside them.
  function say(text) {
    said.textContent = text;
    status.dataset.said = text;
  }

  // --- Events. ---
  page.addEventListener("click", (ev) => {
    const el = ev.target.closest(".leaf");
    if (!editing || !el) return;
    const i = Number(el.dataset.i);
    if (ev.shiftKey && anchor !== null) {
      selected.clear();
      for (let k = Math.min(anchor, i); k <= Math.max(anchor, i); k++) selected.add(k);
    } else if (ev.ctrlKey || ev.metaKey) {
      if (selected.has(i)) selected.delete(i); else selected.add(i);
      anchor = i;
    } else {
      selected.clear();
      selected.add(i);
      anchor = i;
    }
    for (const p of pieces) paint(p);
  });
  page.addEventListener("mouseover", (ev) => {
    const el = ev.target.closest(".leaf");
    if (el) hover.textContent = describe(pieces[Number(el.dataset.i)]);
  });
  body.querySelector("#edit").addEventListener("click", () => setEditing(!editing));
  body.querySelector("#save").addEventListener("click", save);
  document.addEventListener("keydown", (ev) => {
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "s") {
      ev.preventDefault();
      if (editing) save();
      return;
    }
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "z") {
      ev.preventDefault();
      if (editing) restore();
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "e") return setEditing(!editing);
    if (!editing) return;
    if (ev.key === "Escape") {
      selected.clear();
      for (const p of pieces) paint(p);
    } else if (KEYS[ev.key]) setRole(KEYS[ev.key]);
    else if (ev.key === "n") split();
    else if (ev.key === "m") merge();
    else if (ev.key === "f") join(true);
    else if (ev.key === "g") join(false);
    else if (ev.key === "a") authors();
    else if (ev.key === "u") restore();
    else if (ev.key === "/") splitPiece();
  });

  // For tests and scripts: the answer as the annotator would save it.
  window.newspanGold = gold;
  setEditing(!!data.save);
})();

"""The page view (`newspan --html`) and the annotator (`newspan annotate`) in a real browser:
headless Chromium from the distribution's packages, driven through ChromeDriver by Selenium.

Run by `cargo test` (tests/browser.rs) with NEWSPAN_BIN set to the build's `newspan` and
NEWSPAN_BROWSER_OUT to a folder for the screenshots. Nothing is downloaded: Chromium and
ChromeDriver are /usr/bin/chromium and /usr/bin/chromedriver (Debian's chromium and
chromium-driver), Selenium Manager is kept offline.

- The view of every sample page (and of a GB18030 page): the leaves drawn are exactly the JSON's
  leaf spans (input byte range, text, kind, article), each article's leaves share one outline
  colour and neighbouring articles differ, a leaf's background is its kind's in the legend, the
  side list names every article and scrolls to it, low-confidence spans are marked, and the page
  fetches nothing. A screenshot of each goes to the output folder.
- The annotator, served by `newspan annotate`: saved as it opens, the answer is the parse's own
  (derived here from `newspan --json`, independently of the page's script); after a relabel,
  an undo, a merge, a split, a join and an ignore, saved by the keyboard, it is the answer this
  test derives by applying the same edits to the parse; and `newspan train` learns from the
  saved answers, and `newspan --model` parses with what it learned.
"""

import glob
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest

os.environ.setdefault("SE_OFFLINE", "true")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir))
BIN = os.environ.get("NEWSPAN_BIN", os.path.join(ROOT, "target", "debug", "newspan"))
OUT = os.environ.get("NEWSPAN_BROWSER_OUT") or tempfile.mkdtemp(prefix="newspan-browser-")
os.makedirs(OUT, exist_ok=True)
PAGES = sorted(glob.glob(os.path.join(ROOT, "examples", "pages", "*.txt")))
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# Gold lists of an article, and the JSON key each is read from.
LISTS = ["kicker", "title", "subtitle", "subheads", "jumps"]


def browser():
    o = Options()
    o.binary_location = CHROMIUM
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--window-size=1400,1000", "--user-data-dir=" + tempfile.mkdtemp(prefix="newspan-chromium-")]:
        o.add_argument(a)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=o)


def run(*args, **kw):
    return subprocess.run([BIN, *args], check=True, stdout=subprocess.PIPE, **kw).stdout


def parse_json(path):
    return json.loads(run("--json", path))


def leaves_of(page):
    """Every leaf span of a newspan/1 object: (start, end, kind, article, text, confidence)."""
    out = []

    def add(s, kind, a):
        out.append((s["start"], s["end"], kind, a, s["text"], s.get("confidence")))

    for a, art in enumerate(page["articles"]):
        for key, kind in [("kicker", "kicker"), ("title", "title"), ("subtitle", "subtitle"),
                          ("subheads", "subhead"), ("captions", "caption"), ("jumps", "jump"),
                          ("bylines", "byline")]:
            for s in art[key]:
                add(s, kind, a)
        if art["dateline"]:
            add(art["dateline"], "dateline", a)
        for p in art["paragraphs"]:
            for f in p["fragments"]:
                add(f, "fragment", a)
    for s in page["boilerplate"]:
        add(s, "boilerplate", -1)
    for s in page["unassigned"]:
        add(s, "unassigned", -1)
    return sorted(out)


DRAWN = """
return [...document.querySelectorAll('#page .leaf')].map(el => {
  const cs = getComputedStyle(el);
  return {i: +el.dataset.i, s: +el.dataset.s, e: +el.dataset.e, kind: el.dataset.kind,
          article: el.dataset.article === undefined ? -1 : +el.dataset.article,
          text: el.textContent, title: el.title, outline: cs.outlineColor,
          outlineStyle: cs.outlineStyle, background: cs.backgroundColor,
          low: el.classList.contains('low')};
});
"""

LEGEND = """
const out = {};
for (const el of document.querySelectorAll('#legend span'))
  out[el.dataset.kind] = getComputedStyle(el).backgroundColor;
return out;
"""

SIDE = """
return [...document.querySelectorAll('#articles li')].map(li => ({
  article: +li.dataset.article, head: li.querySelector('.head').textContent,
  bar: getComputedStyle(li).borderLeftColor}));
"""


def in_view(driver, i):
    return driver.execute_script(
        "const r = document.querySelector('#page .leaf[data-i=\"' + arguments[0] + '\"]').getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight;", i)


class View(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.driver = browser()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    def check_view(self, path, name):
        html = os.path.join(OUT, name + ".html")
        with open(html, "wb") as f:
            f.write(run("--html", path))
        page = parse_json(path)
        d = self.driver
        d.get("file://" + html)
        drawn = d.execute_script(DRAWN)
        want = leaves_of(page)
        got = sorted((x["s"], x["e"], x["kind"], x["article"], x["text"], None) for x in drawn)
        self.assertEqual([w[:5] for w in want], [g[:5] for g in got], name)
        # Hovering tells the input bytes as given.
        for x in drawn:
            self.assertIn("input bytes %d\u2013%d" % (x["s"], x["e"]), x["title"])
        # One outline colour an article, its neighbour's another; the side list's bar the same.
        colours = {}
        for x in drawn:
            if x["article"] < 0:
                self.assertEqual(x["outlineStyle"], "none", "page-level spans are not outlined")
                continue
            self.assertEqual(x["outlineStyle"], "solid")
            colours.setdefault(x["article"], set()).add(x["outline"])
        self.assertEqual(sorted(colours), list(range(len(page["articles"]))), name)
        for a, c in colours.items():
            self.assertEqual(len(c), 1, "article %d drawn in %s" % (a, c))
        flat = [next(iter(colours[a])) for a in sorted(colours)]
        for a in range(1, len(flat)):
            self.assertNotEqual(flat[a - 1], flat[a], "articles %d and %d share a colour" % (a - 1, a))
        # A leaf's background is its kind's in the legend.
        legend = d.execute_script(LEGEND)
        for x in drawn:
            self.assertEqual(x["background"], legend[x["kind"]], "%s at %d" % (x["kind"], x["s"]))
        # Low confidence marked, and only that.
        conf = {(w[0], w[1]): w[5] for w in want}
        for x in drawn:
            c = conf[(x["s"], x["e"])]
            self.assertEqual(x["low"], c is not None and c < 0.5, "confidence %s at %d" % (c, x["s"]))
        # The side list: every article, its headline, its colour; a click scrolls to it.
        side = d.execute_script(SIDE)
        self.assertEqual([s["article"] for s in side], list(range(len(page["articles"]))))
        for s, art in zip(side, page["articles"]):
            titles = " ".join(t["text"].strip() for t in art["title"])
            if titles:
                self.assertEqual(s["head"], titles)
            self.assertEqual(s["bar"], next(iter(colours[s["article"]])))
        last = len(side) - 1
        first_leaf = min(x["i"] for x in drawn if x["article"] == last)
        d.find_elements("css selector", "#articles li")[last].click()
        time.sleep(0.2)
        self.assertTrue(in_view(d, first_leaf), "the list scrolls to the article")
        d.execute_script("window.scrollTo(0, 0); document.querySelector('main').scrollTo(0, 0)")
        # Self-contained: nothing fetched.
        self.assertEqual(d.execute_script("return performance.getEntriesByType('resource').length"), 0)
        d.save_screenshot(os.path.join(OUT, name + ".png"))

    def test_every_sample_page(self):
        for path in PAGES:
            with self.subTest(page=os.path.basename(path)):
                self.check_view(path, "view-" + os.path.basename(path)[:-4])

    def test_a_gb18030_page(self):
        with open(os.path.join(ROOT, "examples", "pages", "epaper-zh.txt"), encoding="utf-8") as f:
            text = f.read()
        path = os.path.join(OUT, "epaper-zh-gb18030.txt")
        with open(path, "wb") as f:
            f.write(text.encode("gb18030"))
        self.check_view(path, "view-epaper-zh-gb18030")


# --- The annotator: the answer derived here from the parse and the edits. ---

def pieces_of(page):
    """The annotator's pieces, derived from the JSON: one per leaf in page order, with role,
    article, group (paragraph or caption) and the byline's names."""
    ps = []
    for a, art in enumerate(page["articles"]):
        def put(s, role, group=None, names=()):
            ps.append({"s": s["start"], "e": s["end"], "text": s["text"], "role": role, "a": a,
                       "g": group, "from": group, "names": list(names)})
        for key, role in [("kicker", "kicker"), ("title", "title"), ("subtitle", "subtitle"),
                          ("subheads", "subhead"), ("jumps", "jump")]:
            for s in art[key]:
                put(s, role)
        for s in art["captions"]:
            put(s, "caption", ("c", s["start"]))
        for b in art["bylines"]:
            put(b, "byline", names=[n["text"] for n in b["names"]])
        if art["dateline"]:
            put(art["dateline"], "dateline")
        for p in art["paragraphs"]:
            for f in p["fragments"]:
                put(f, "paragraph", ("p", p["fragments"][0]["start"]))
    for s in page["boilerplate"]:
        ps.append({"s": s["start"], "e": s["end"], "text": s["text"], "role": "boilerplate", "a": -1, "g": None, "from": None, "names": []})
    for s in page["unassigned"]:
        ps.append({"s": s["start"], "e": s["end"], "text": s["text"], "role": "unassigned", "a": -1, "g": None, "from": None, "names": []})
    ps.sort(key=lambda p: (p["s"], p["e"]))
    return ps


def wide(c):
    o = ord(c)
    return (0x3400 <= o <= 0x9fff or 0xf900 <= o <= 0xfaff or 0x3000 <= o <= 0x30ff or 0xff00 <= o <= 0xff60
            or 0x2018 <= o <= 0x201f or o in (0x2014, 0x2026, 0xb7))


def joined(texts):
    out = ""
    for t in texts:
        t = t.strip()
        if not t:
            continue
        if out and not (wide(out[-1]) or wide(t[0]) or out[-1] == "-"):
            out += " "
        out += t
    return out


def gold_of(ps, page):
    """The answer the annotator saves for these pieces. A paragraph the edits left whole keeps
    newspan's own joined text; a joined one is the join of its paragraphs' texts."""
    para_text = {}
    for art in page["articles"]:
        for p in art["paragraphs"]:
            para_text[("p", p["fragments"][0]["start"])] = p["text"]
    for art in page["articles"]:
        for c in art["captions"]:
            # A caption over several lines: its lines joined, as a paragraph's fragments.
            para_text[("c", c["start"])] = joined(c["text"].splitlines())
    originals = {}
    for p in ps:
        if p["from"] is not None:
            originals.setdefault(p["from"], []).append(p)
    order = []
    for p in ps:
        if p["a"] >= 0 and p["role"] not in ("boilerplate", "ignore", "unassigned") and p["a"] not in order:
            order.append(p["a"])
    arts = []
    for a in order:
        g = {"kicker": [], "title": [], "subtitle": [], "bylines": [], "authors": [], "dateline": None,
             "paragraphs": [], "subheads": [], "captions": [], "jumps": []}
        groups = {}
        for p in ps:
            if p["a"] != a:
                continue
            r, t = p["role"], p["text"].strip()
            if r in ("kicker", "title", "subtitle"):
                g[r].append(t)
            elif r == "subhead":
                g["subheads"].append(t)
            elif r == "jump":
                g["jumps"].append(t)
            elif r == "byline":
                g["bylines"].append(t)
                g["authors"].extend(p["names"])
            elif r == "dateline":
                g["dateline"] = g["dateline"] if g["dateline"] is not None else t
            else:
                groups.setdefault((r, p["g"]), []).append(p)
        for (r, key), members in groups.items():
            froms = []
            for m in members:
                if m["from"] not in froms:
                    froms.append(m["from"])
            whole = all(f is not None and all(q in members for q in originals[f]) for f in froms)
            if whole:
                text = joined(para_text[f] for f in froms)
            else:
                text = joined(m["text"] for m in members)
            (g["paragraphs"] if r == "paragraph" else g["captions"]).append(text)
        arts.append(g)
    return {"articles": arts,
            "boilerplate": [p["text"].strip() for p in ps if p["role"] == "boilerplate"],
            "ignore": [p["text"].strip() for p in ps if p["role"] in ("ignore", "unassigned")]}


class Annotator(unittest.TestCase):
    maxDiff = None
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="newspan-annotate-")
        self.driver = browser()
        self.servers = []

    def tearDown(self):
        self.driver.quit()
        for s in self.servers:
            s.kill()
            s.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def serve(self, page):
        gold = os.path.join(self.dir, os.path.basename(page)[:-4] + ".gold.json")
        p = subprocess.Popen([BIN, "annotate", page, "--port", "0", "--gold", gold],
                             stdout=subprocess.PIPE, text=True)
        self.servers.append(p)
        line = p.stdout.readline()
        p.stdout.close()
        self.assertIn("http://127.0.0.1:", line)
        url = line.split()[2]
        self.driver.get(url)
        self.assertEqual(self.driver.execute_script("return document.body.classList.contains('editing')"), True)
        # The keys go to the page.
        self.driver.find_element("css selector", "header h1").click()
        return gold

    def leaf(self, i):
        return self.driver.find_element("css selector", '#page .leaf[data-i="%d"]' % i)

    def click(self, i, key=None):
        el = self.leaf(i)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
        if key is None:
            el.click()
        else:
            ActionChains(self.driver).key_down(key).click(el).key_up(key).perform()

    def press(self, keys):
        ActionChains(self.driver).send_keys(keys).perform()

    def save(self, gold):
        if os.path.exists(gold):
            os.remove(gold)
        self.driver.execute_script("document.querySelector('#status').dataset.said = ''")
        ActionChains(self.driver).key_down(Keys.CONTROL).send_keys("s").key_up(Keys.CONTROL).perform()
        said = ""
        for _ in range(200):
            said = self.driver.execute_script("return document.querySelector('#status').dataset.said") or ""
            if said:
                break
            time.sleep(0.05)
        self.assertTrue(said.startswith("saved"), said)
        with open(gold, encoding="utf-8") as f:
            return json.load(f)

    def test_saved_as_opened_is_the_parse(self):
        for path in PAGES:
            with self.subTest(page=os.path.basename(path)):
                page = parse_json(path)
                gold = self.serve(path)
                self.assertEqual(self.save(gold), gold_of(pieces_of(page), page))

    def edit_and_check(self, path):
        page = parse_json(path)
        ps = pieces_of(page)
        gold = self.serve(path)
        arts = page["articles"]

        def starts(a):
            return [i for i, p in enumerate(ps) if p["a"] == a and p["role"] == "paragraph" and p["s"] == p["g"][1]]

        def single(a, k):
            return len(arts[a]["paragraphs"][k]["fragments"]) == 1

        # The article edited most: a paragraph after its first that is a single line (it
        # becomes a subhead) with two more paragraphs after it (the next one starts a new
        # article, and one remains beside it).
        big, k = next((a, k) for a in range(len(arts)) for k in range(1, len(starts(a)) - 2) if single(a, k))
        others = [a for a in range(len(arts)) if a != big]
        # That paragraph becomes a subhead; undone; done again.
        target = starts(big)[k]
        self.click(target)
        self.press("h")
        self.press("u")
        self.assertEqual(self.save(gold), gold_of(ps, page), "undo restores the answer")
        self.click(target)
        self.press("h")
        ps[target]["role"], ps[target]["g"] = "subhead", None
        # A new article from its third paragraph on.
        split = starts(big)[k + 1]
        self.click(split)
        self.press("n")
        for i, p in enumerate(ps):
            if i >= split and p["a"] == big:
                p["a"] = 1000
        # Two other articles merged (a piece of each selected).
        m1, m2 = others[0], others[1]
        self.click(next(i for i, p in enumerate(ps) if p["a"] == m1))
        self.click(next(i for i, p in enumerate(ps) if p["a"] == m2), Keys.CONTROL)
        self.press("m")
        for p in ps:
            if p["a"] == m2:
                p["a"] = m1
        # The first two paragraphs of another joined: range-select their starts, join.
        j = next(a for a in others[2:] + [m1] if len(starts(a)) >= 2)
        first, second = starts(j)[:2]
        self.click(first)
        self.click(second, Keys.SHIFT)
        self.press("f")
        # Every paragraph (or caption) the range touches, whole, joins the first.
        touched = {(ps[i]["role"], ps[i]["g"]) for i in range(first, second + 1)
                   if ps[i]["role"] in ("paragraph", "caption")}
        into = (ps[first]["role"], ps[first]["g"], ps[first]["a"])
        for p in ps:
            if (p["role"], p["g"]) in touched:
                p["role"], p["g"], p["a"] = into
        # A paragraph of two lines or more (none ending in a split word) split at its second
        # line: that line and the rest become a paragraph of their own.
        for art in arts:
            for para in art["paragraphs"]:
                frags = para["fragments"]
                if len(frags) >= 2 and para["text"] == joined(f["text"] for f in frags):
                    at = next(i for i, p in enumerate(ps) if p["s"] == frags[1]["start"])
                    if ps[at]["role"] == "paragraph":
                        break
            else:
                continue
            break
        else:
            at = None
        if at is not None:
            self.click(at)
            self.press("g")
            old = (ps[at]["role"], ps[at]["g"])
            for i in range(at, len(ps)):
                if (ps[i]["role"], ps[i]["g"]) == old:
                    ps[i]["g"] = ("split", at)
            self.split_done = True
        # The first boilerplate line ignored.
        b = next(i for i, p in enumerate(ps) if p["role"] == "boilerplate")
        self.click(b)
        self.press("i")
        ps[b]["role"] = "ignore"
        # A span split at the text cursor, its head made the dateline of an article that
        # has none (a dateline the parser left inside a first paragraph line).
        for a in range(len(arts)):
            if arts[a]["dateline"] or any(p["a"] == a and p["role"] == "dateline" for p in ps):
                continue
            cands = [i for i in starts(a) if len(ps[i]["text"].strip()) >= 12 and ps[i]["text"] == ps[i]["text"].lstrip()]
            if cands:
                break
        else:
            cands = []
        if cands:
            i = cands[0]
            k = 6
            self.driver.execute_script(
                "const el = document.querySelector('#page .leaf[data-i=\"' + arguments[0] + '\"]');"
                "const r = document.createRange(); r.setStart(el.firstChild, arguments[1]); r.collapse(true);"
                "const s = getSelection(); s.removeAllRanges(); s.addRange(r);", i, k)
            set_cursor = (
                "const el = document.querySelector('#page .leaf[data-i=\"' + arguments[0] + '\"]');"
                "const r = document.createRange(); r.setStart(el.firstChild, arguments[1]); r.collapse(true);"
                "const s = getSelection(); s.removeAllRanges(); s.addRange(r);")
            self.press("/")
            self.press("d")
            # Both undone: the span whole again, the answer as before.
            self.press("uu")
            self.assertEqual(self.save(gold), gold_of(ps, page), "undoing a split")
            self.driver.execute_script(set_cursor, i, k)
            self.press("/")
            self.press("d")
            head, tail = ps[i]["text"][:k], ps[i]["text"][k:]
            q = dict(ps[i], text=tail, names=[])
            ps[i] = dict(ps[i], text=head, role="dateline", g=None)
            ps.insert(i + 1, q)
            self.split_span_done = True
        got = self.save(gold)
        self.assertEqual(got, gold_of(ps, page))
        untouched = gold_of(pieces_of(page), page)
        self.assertEqual(len(got["articles"]), len(untouched["articles"]), "one split, one merge")
        self.assertNotEqual(got, untouched)
        self.driver.save_screenshot(os.path.join(OUT, "annotate-" + os.path.basename(path)[:-4] + ".png"))
        return gold

    def test_edits_make_the_answer_and_train_a_model(self):
        self.split_done = False
        self.split_span_done = False
        train = os.path.join(self.dir, "train")
        os.makedirs(train)
        for name in ["epaper-zh.txt", "ocr-en.txt"]:
            path = os.path.join(ROOT, "examples", "pages", name)
            with self.subTest(page=name):
                gold = self.edit_and_check(path)
                shutil.copy(path, train)
                shutil.copy(gold, train)
        self.assertTrue(self.split_done, "a paragraph was split on one of the pages")
        self.assertTrue(self.split_span_done, "a span was split on one of the pages")
        # The loop closes: train on the answers, parse with the model.
        model = os.path.join(self.dir, "mine.nsm")
        run("train", train, "-o", model, "-q")
        self.assertGreater(os.path.getsize(model), 1000)
        out = json.loads(run("--model", model, "--json", os.path.join(train, "ocr-en.txt")))
        self.assertEqual(out["schema"], "newspan/1")
        self.assertGreater(len(out["articles"]), 0)


if __name__ == "__main__":
    unittest.main()

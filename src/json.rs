//! The `newspan/1` JSON object (feature `json`), exactly as `../shared/eval/SCHEMA.md`
//! describes it: byte offsets into the input as given, `text` equal to those bytes decoded.

use serde_json::{Map, Value, json};

use crate::document::{Article, Document, Node};

impl Document {
    /// The `newspan/1` JSON object for this page. `input` must be the buffer that was parsed.
    ///
    /// Beyond the schema's fields, `"decode_errors": {"count": N, "first": OFFSET or null}`:
    /// how many malformed byte sequences were replaced by U+FFFD, and the input offset of the
    /// first ([`Document::decode_error_count`], [`Document::first_decode_error`]).
    pub fn to_json(&self, input: &[u8]) -> Value {
        let s = |n: &Node| span_json(self, input, n);
        let articles: Vec<Value> = self.articles().map(|a| article_json(self, input, &a)).collect();
        json!({
            "schema": "newspan/1",
            "encoding": self.encoding().name(),
            "bytes": self.input_len(),
            "articles": articles,
            "boilerplate": self.boilerplate().map(s).collect::<Vec<_>>(),
            "unassigned": self.unassigned().map(s).collect::<Vec<_>>(),
            "decode_errors": {"count": self.decode_error_count(), "first": self.first_decode_error()},
        })
    }
}

fn span_json(doc: &Document, input: &[u8], n: &Node) -> Value {
    json!({"start": n.span.start, "end": n.span.end, "text": doc.text(input, n)})
}

fn with(mut base: Value, extra: &[(&str, Value)]) -> Value {
    if let Value::Object(m) = &mut base {
        for (k, v) in extra {
            m.insert((*k).to_string(), v.clone());
        }
    }
    base
}

fn article_json(doc: &Document, input: &[u8], a: &Article<'_>) -> Value {
    let s = |n: &Node| span_json(doc, input, n);
    let opt = |n: Option<&Node>| n.map_or(Value::Null, s);
    let bylines: Vec<Value> = a
        .bylines()
        .map(|b| {
            with(
                s(b.node),
                &[("role", json!(b.role().name())), ("names", Value::Array(b.names().map(s).collect()))],
            )
        })
        .collect();
    let dateline = a.dateline().map_or(Value::Null, |d| {
        with(s(d.node), &[("source", opt(d.source())), ("place", opt(d.place())), ("date", opt(d.date()))])
    });
    let paragraphs: Vec<Value> = a
        .paragraphs()
        .map(|p| json!({"fragments": p.fragments().map(s).collect::<Vec<_>>(), "text": p.text(input)}))
        .collect();
    let jumps: Vec<Value> = a
        .jumps()
        .map(|j| {
            let page = j
                .page()
                .map_or(Value::String(String::new()), |p| Value::String(doc.text(input, p).into_owned()));
            with(s(j.node), &[("direction", json!(j.direction().name())), ("page", page)])
        })
        .collect();
    let span = a.span();
    let mut m = Map::new();
    m.insert("span".into(), json!({"start": span.start, "end": span.end}));
    m.insert("kicker".into(), Value::Array(a.kicker().map(s).collect()));
    m.insert("title".into(), Value::Array(a.title().map(s).collect()));
    m.insert("subtitle".into(), Value::Array(a.subtitle().map(s).collect()));
    m.insert("bylines".into(), Value::Array(bylines));
    m.insert("dateline".into(), dateline);
    m.insert("paragraphs".into(), Value::Array(paragraphs));
    m.insert("subheads".into(), Value::Array(a.subheads().map(s).collect()));
    m.insert("captions".into(), Value::Array(a.captions().map(s).collect()));
    m.insert("jumps".into(), Value::Array(jumps));
    Value::Object(m)
}

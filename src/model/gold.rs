//! Gold answers: the hand-checked `NAME.gold.json` files that training and evaluation read.
//!
//! The format (strings only, copied from the page) is the one our annotation rules define
//! (`docs/ANNOTATION.md`): one object per article with its kicker, title, subtitle, bylines,
//! authors, dateline, paragraphs, subheads, captions and jumps, and page-level boilerplate and
//! `ignore` lines.

use serde_json::Value;

/// One article of a gold answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoldArticle {
    /// Kicker lines (引题), one string per physical line.
    pub kicker: Vec<String>,
    /// Title lines (主题).
    pub title: Vec<String>,
    /// Subtitle / deck lines (副题).
    pub subtitle: Vec<String>,
    /// Byline lines, role words included.
    pub bylines: Vec<String>,
    /// Each person's name in the bylines.
    pub authors: Vec<String>,
    /// The dateline opening the first paragraph.
    pub dateline: Option<String>,
    /// Body paragraphs, fragments joined.
    pub paragraphs: Vec<String>,
    /// Subheads (小标题, crossheads).
    pub subheads: Vec<String>,
    /// Captions and photo credits, one string per caption.
    pub captions: Vec<String>,
    /// Jump lines ("下转第3版", "See X, page 4").
    pub jumps: Vec<String>,
}

/// A page's gold answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gold {
    /// Articles in the order of their first line.
    pub articles: Vec<GoldArticle>,
    /// Page furniture, one string per line.
    pub boilerplate: Vec<String>,
    /// Unreadable lines that belong nowhere.
    pub ignore: Vec<String>,
}

/// Why a gold file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// Not JSON.
    #[error("not JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// JSON, but not of the gold shape.
    #[error("not a gold answer: {0}")]
    Shape(String),
}

fn strings(v: Option<&Value>, what: &str) -> Result<Vec<String>, GoldError> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|x| match x {
                Value::String(s) => Ok(s.clone()),
                _ => Err(GoldError::Shape(format!("{what}: an item is not a string"))),
            })
            .collect(),
        Some(_) => Err(GoldError::Shape(format!("{what} is not a list of strings"))),
    }
}

impl Gold {
    /// Read a gold answer from its JSON text.
    pub fn from_json(text: &str) -> Result<Gold, GoldError> {
        let v: Value = serde_json::from_str(text)?;
        let Value::Object(top) = &v else {
            return Err(GoldError::Shape("the top level is not an object".into()));
        };
        let mut gold = Gold {
            boilerplate: strings(top.get("boilerplate"), "boilerplate")?,
            ignore: strings(top.get("ignore"), "ignore")?,
            ..Gold::default()
        };
        let articles = match top.get("articles") {
            Some(Value::Array(a)) => a,
            None => return Ok(gold),
            Some(_) => return Err(GoldError::Shape("articles is not a list".into())),
        };
        for (i, a) in articles.iter().enumerate() {
            let Value::Object(m) = a else {
                return Err(GoldError::Shape(format!("article {i} is not an object")));
            };
            let f = |k: &str| strings(m.get(k), &format!("article {i} {k}"));
            let dateline = match m.get("dateline") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => return Err(GoldError::Shape(format!("article {i} dateline is not a string"))),
            };
            gold.articles.push(GoldArticle {
                kicker: f("kicker")?,
                title: f("title")?,
                subtitle: f("subtitle")?,
                bylines: f("bylines")?,
                authors: f("authors")?,
                dateline,
                paragraphs: f("paragraphs")?,
                subheads: f("subheads")?,
                captions: f("captions")?,
                jumps: f("jumps")?,
            });
        }
        Ok(gold)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_gold_shape_and_refuses_others() {
        let g = Gold::from_json(
            r#"{"articles": [{"title": ["标题"], "bylines": ["记者 王明"], "authors": ["王明"],
                "dateline": null, "paragraphs": ["正文。"]}], "boilerplate": ["第 5 页"]}"#,
        )
        .unwrap();
        assert_eq!(g.articles.len(), 1);
        assert_eq!(g.articles[0].title, ["标题"]);
        assert_eq!(g.articles[0].authors, ["王明"]);
        assert!(g.articles[0].kicker.is_empty() && g.articles[0].dateline.is_none());
        assert_eq!(g.boilerplate, ["第 5 页"]);
        assert!(matches!(Gold::from_json("[1]"), Err(GoldError::Shape(_))));
        assert!(matches!(Gold::from_json(r#"{"articles": [{"title": [1]}]}"#), Err(GoldError::Shape(_))));
        assert!(matches!(Gold::from_json("{"), Err(GoldError::Json(_))));
    }
}

//! The training and evaluation commands of `newspan` (feature `train`): `newspan align`,
//! `newspan train`, `newspan cv`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::model::align::{self, Field, PAGE};
use crate::model::gold::Gold;
use crate::options::Options;

/// The gold file beside a page: `NAME.txt` → `NAME.gold.json`.
pub fn gold_path(page: &Path) -> PathBuf {
    let name = page.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = name.strip_suffix(".txt").unwrap_or(&name);
    page.with_file_name(format!("{stem}.gold.json"))
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_gold(path: &Path) -> Result<Gold, String> {
    let text = String::from_utf8(read(path)?).map_err(|_| format!("{}: not UTF-8", path.display()))?;
    Gold::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// `newspan align PAGE...`: each line of each page with the gold fields it holds.
pub fn align_command(pages: &[String]) -> Result<String, String> {
    let mut out = String::new();
    for p in pages {
        let page = Path::new(p);
        let input = read(page)?;
        let gold = read_gold(&gold_path(page))?;
        let mut bufs = crate::text::decode::Buffers::default();
        let decoded = crate::text::decode::decode_with(&input, &Options::default(), &mut bufs)
            .map_err(|e| e.to_string())?;
        let text: &str = &decoded.text;
        let mut lines = Vec::new();
        crate::text::lines::scan(text, &mut lines);
        let a = align::align(text, &lines, &gold);
        let _ = writeln!(out, "## {p}: unlabelled {} unplaced {:?}", a.unlabelled, a.unplaced);
        for (k, runs) in a.lines.iter().enumerate() {
            let labels: Vec<String> = runs
                .iter()
                .map(|r| match r.label {
                    None => format!("-:{}", r.end - r.start),
                    Some(l) => format!(
                        "{}:{:?}#{}.{}{}{}",
                        if l.article == PAGE { "p".to_string() } else { l.article.to_string() },
                        l.field,
                        l.item,
                        l.piece,
                        if l.first { "^" } else { "" },
                        if l.last { "$" } else { "" }
                    ),
                })
                .collect();
            let _ = writeln!(out, "{k}\t{}\t{}", labels.join(" "), lines[k].text(text));
        }
    }
    let _ = Field::Title;
    Ok(out)
}

/// Run a tool command (`args[0]` is its name); `None` when `args[0]` names none.
pub fn run(args: &[String]) -> Option<Result<String, String>> {
    match args.first().map(String::as_str) {
        Some("align") => Some(align_command(&args[1..])),
        _ => None,
    }
}

//! Which story a photo caption belongs to.
//!
//! A page sets a photo beside, above or inside the story it illustrates, and often beside
//! another story as well: in the text stream its caption lands wherever the layout put it,
//! between two stories, or in the middle of a third on an OCR page whose columns interleave.
//! The line's state says it is a caption; which article it belongs to is read from what it
//! says. A caption names what the story is about (the people, the place, the team), so the
//! story it illustrates shares words with it that the stories around it do not. A caption
//! moves to a neighbouring article when that article shares clearly more of those words with
//! it than the one it was set in; otherwise it stays where the page put it. (Jump lines were
//! tried the same way, by their slug word, and placed no more of them right: the slug alone
//! is too little to go on.)

use super::{Item, PAGE};
use crate::document::Kind;
use crate::model::{FNV_OFFSET, FNV_PRIME, fnv};

/// Articles on either side of a caption's own (in page order) that may claim it.
const REACH: u32 = 2;
/// Distinctive words a neighbour must share with a caption, and how many more than the
/// caption's own article shares, before the caption moves (a caption is a sentence about the
/// photo: one shared word can be chance).
const MIN_SHARED: u32 = 2;
const MIN_LEAD: u32 = 2;
/// Distinct words read from one caption.
const MAX_CAPTION_TOKENS: usize = 64;

/// Working buffers: the captions' words, sorted; every (word, article) pair of the story
/// text of the articles near a caption, for the words a caption holds, sorted; those
/// articles, as a bit set.
#[derive(Clone, Debug, Default)]
pub(super) struct Index {
    wanted: Vec<u64>,
    pairs: Vec<(u64, u32)>,
    near: Vec<u64>,
}

/// Move each caption of `items` to the neighbouring article it shares the most distinctive
/// words with (see the module documentation). `articles` is the number of articles; `index`
/// is a reused buffer.
pub(super) fn attribute(text: &str, items: &mut [Item], articles: u32, buffers: &mut Index) {
    let Index { wanted, pairs: index, near } = buffers;
    wanted.clear();
    index.clear();
    near.clear();
    let caption = |it: &Item| it.kind == Kind::Caption && it.article != PAGE;
    if articles < 2 || !items.iter().any(caption) {
        return;
    }
    // Only the articles a caption may move to are read, and in them only the words some
    // caption holds (a word is at least one CJK character or four letters and a separator:
    // a third of the bytes bounds the count).
    near.resize((articles as usize).div_ceil(64), 0);
    let bytes: usize = items.iter().filter(|it| caption(it)).map(|it| it.text.range().len()).sum();
    wanted.reserve(bytes / 3 + 1);
    for it in items.iter().filter(|it| caption(it)) {
        for a in candidates(it.article, articles) {
            near[a as usize / 64] |= 1 << (a % 64);
        }
        tokens(&text[it.text.range()], |h| wanted.push(h));
    }
    wanted.sort_unstable();
    wanted.dedup();
    // A quick test before the search: one bit of 1024 for each word wanted (most of a
    // story's words are in no caption).
    let mut mask = [0u64; 16];
    for &h in wanted.iter() {
        mask[(h >> 60) as usize] |= 1 << (h >> 54 & 63);
    }
    let is_near = |a: u32| a != PAGE && near[a as usize / 64] >> (a % 64) & 1 == 1;
    index.reserve(4 * wanted.len() + 16);
    for it in items.iter() {
        if is_near(it.article) && story_text(it.kind) {
            tokens(&text[it.text.range()], |h| {
                if mask[(h >> 60) as usize] >> (h >> 54 & 63) & 1 == 1 && wanted.binary_search(&h).is_ok() {
                    index.push((h, it.article));
                }
            });
            // An article with a paragraph is a story (below).
            if it.kind == Kind::Fragment {
                index.push((0, it.article));
            }
        }
    }
    index.sort_unstable();
    index.dedup();
    // The articles with a paragraph: their entries of hash 0, one each.
    let stories = index.partition_point(|&(x, _)| x == 0);
    for item in items.iter_mut() {
        let it = *item;
        // A photo that stands on its own (its article holds no paragraph, only the photo's
        // caption and perhaps a headline over it) is news of its own, not an illustration.
        if !caption(&it) || index[..stories].binary_search(&(0, it.article)).is_err() {
            continue;
        }
        let mut words = [0u64; MAX_CAPTION_TOKENS];
        let mut n = 0;
        tokens(&text[it.text.range()], |h| {
            if n < MAX_CAPTION_TOKENS && !words[..n].contains(&h) {
                words[n] = h;
                n += 1;
            }
        });
        let (lo, hi) = candidates(it.article, articles).into_inner();
        let width = (hi - lo + 1) as usize;
        let mut shared = [0u32; 2 * REACH as usize + 1];
        for &h in &words[..n] {
            let from = index.partition_point(|&(x, _)| x < h);
            let mut has = [false; 2 * REACH as usize + 1];
            for &(x, a) in &index[from..] {
                if x != h {
                    break;
                }
                if (lo..=hi).contains(&a) {
                    has[(a - lo) as usize] = true;
                }
            }
            // A word every candidate holds says nothing about which one the photo shows.
            let holders = has[..width].iter().filter(|&&b| b).count();
            if holders == width {
                continue;
            }
            for (s, &b) in shared.iter_mut().zip(&has) {
                *s += u32::from(b);
            }
        }
        let own = shared[(it.article - lo) as usize];
        let best = (0..width).max_by_key(|&c| (shared[c], c == (it.article - lo) as usize)).unwrap_or(0);
        if shared[best] >= MIN_SHARED && shared[best] >= own + MIN_LEAD {
            item.article = lo + best as u32;
        }
    }
}

/// The articles that may claim a caption set in `article`: its own and [`REACH`] either side.
fn candidates(article: u32, articles: u32) -> std::ops::RangeInclusive<u32> {
    article.saturating_sub(REACH)..=(article + REACH).min(articles - 1)
}

/// The items whose words say what a story is about: its headline, subheads and paragraphs.
fn story_text(kind: Kind) -> bool {
    matches!(kind, Kind::Kicker | Kind::Title | Kind::Subtitle | Kind::Fragment | Kind::Subhead)
}

/// The words of `s` that can tell one story from another, hashed: Latin words of four
/// letters or more (lower-cased, common function words left out) and pairs of adjacent CJK
/// ideographs (Chinese has no spaces; a pair is the shortest unit that names something). Read
/// a byte at a time: an ideograph of U+3400..U+9FFF is three bytes led by E3 (second byte
/// 0x90 or more) to E9.
fn tokens(s: &str, mut f: impl FnMut(u64)) {
    let b = s.as_bytes();
    let (mut h, mut len) = (FNV_OFFSET, 0usize);
    // The ideograph before (its UTF-8 bytes; 0: none).
    let mut prev = 0u32;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x.is_ascii_alphabetic() {
            h = (h ^ u64::from(x | 0x20)).wrapping_mul(FNV_PRIME);
            len += 1;
            prev = 0;
            i += 1;
            continue;
        }
        if len >= 4 && !STOP.contains(&h) {
            f(h);
        }
        (h, len) = (FNV_OFFSET, 0);
        let ideograph = (0xE4..=0xE9).contains(&x) || x == 0xE3 && b.get(i + 1).is_some_and(|&y| y >= 0x90);
        if ideograph && i + 2 < b.len() {
            let c = u32::from(x) << 16 | u32::from(b[i + 1]) << 8 | u32::from(b[i + 2]);
            if prev != 0 {
                f((u64::from(prev) << 32 | u64::from(c)).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            }
            prev = c;
            i += 3;
        } else {
            prev = 0;
            i += match x {
                0xF0.. => 4,
                0xE0.. => 3,
                0xC0.. => 2,
                _ => 1,
            };
        }
    }
    if len >= 4 && !STOP.contains(&h) {
        f(h);
    }
}

/// English words of four letters or more that every story uses.
const STOP: [u64; 40] = {
    const WORDS: [&str; 40] = [
        "that", "with", "from", "have", "this", "were", "said", "they", "their", "been", "will", "would",
        "which", "there", "about", "after", "when", "what", "more", "than", "into", "also", "other", "some",
        "could", "them", "then", "only", "over", "just", "year", "years", "says", "while", "where", "before",
        "because", "these", "those", "like",
    ];
    let mut out = [0u64; 40];
    let mut i = 0;
    while i < WORDS.len() {
        out[i] = fnv(WORDS[i].as_bytes());
        i += 1;
    }
    out
};

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(s: &str) -> Vec<u64> {
        let mut v = Vec::new();
        tokens(s, |h| v.push(h));
        v
    }

    use crate::document::{Attr, Span};

    /// Items for `parts` of `text`, each (article, kind, the text of the item).
    fn items(text: &str, parts: &[(u32, Kind, &str)]) -> Vec<Item> {
        parts
            .iter()
            .map(|&(article, kind, s)| {
                let start = text.find(s).expect("part of the text");
                let text = Span::new(start, start + s.len());
                Item { article, top: start, sub: 0, kind, text, attr: Attr::None, confidence: 1.0 }
            })
            .collect()
    }

    fn articles_after(text: &str, parts: &[(u32, Kind, &str)]) -> Vec<u32> {
        let mut it = items(text, parts);
        attribute(text, &mut it, 3, &mut Index::default());
        it.iter().map(|i| i.article).collect()
    }

    const PAGE_TEXT: &str = "Gymnasts tie San Jose\n\
        The gymnastics team tied San Jose State on Friday in the Main Gym.\n\
        Liz Oman scored 13 points as the Lady Mustangs beat Riverside.\n\
        Women win again\n\
        Oman and Hasselfield led the Lady Mustangs past Riverside, 73-70.\n\
        Trustees raise fees\n\
        The trustees voted to raise fees by ten percent next year.\n";
    const GYM_TITLE: &str = "Gymnasts tie San Jose";
    const GYM_BODY: &str = "The gymnastics team tied San Jose State on Friday in the Main Gym.";
    const PHOTO: &str = "Liz Oman scored 13 points as the Lady Mustangs beat Riverside.";
    const WOMEN_TITLE: &str = "Women win again";
    const WOMEN_BODY: &str = "Oman and Hasselfield led the Lady Mustangs past Riverside, 73-70.";
    const FEES_TITLE: &str = "Trustees raise fees";
    const FEES_BODY: &str = "The trustees voted to raise fees by ten percent next year.";

    #[test]
    fn a_caption_goes_to_the_story_it_names() {
        use Kind::*;
        let parts = [
            (0, Title, GYM_TITLE),
            (0, Fragment, GYM_BODY),
            (0, Caption, PHOTO),
            (1, Title, WOMEN_TITLE),
            (1, Fragment, WOMEN_BODY),
            (2, Title, FEES_TITLE),
            (2, Fragment, FEES_BODY),
        ];
        assert_eq!(articles_after(PAGE_TEXT, &parts), [0, 0, 1, 1, 1, 2, 2]);
    }

    #[test]
    fn a_caption_stays_when_no_neighbour_names_it_more() {
        use Kind::*;
        // Set in the women's story already: stays.
        let parts = [
            (0, Title, GYM_TITLE),
            (0, Fragment, GYM_BODY),
            (1, Caption, PHOTO),
            (1, Title, WOMEN_TITLE),
            (1, Fragment, WOMEN_BODY),
            (2, Fragment, FEES_BODY),
        ];
        assert_eq!(articles_after(PAGE_TEXT, &parts), [0, 0, 1, 1, 1, 2]);
        // A caption that shares nothing with any story stays where the page set it.
        let parts = [(0, Fragment, GYM_BODY), (0, Caption, FEES_TITLE), (1, Fragment, WOMEN_BODY)];
        assert_eq!(articles_after(PAGE_TEXT, &parts), [0, 0, 1]);
    }

    #[test]
    fn a_photo_of_its_own_keeps_its_caption() {
        use Kind::*;
        // The caption's article has no paragraph: a news photo standing alone.
        let parts = [(0, Caption, PHOTO), (1, Title, WOMEN_TITLE), (1, Fragment, WOMEN_BODY)];
        assert_eq!(articles_after(PAGE_TEXT, &parts), [0, 1, 1]);
    }

    #[test]
    fn words_of_four_letters_and_cjk_pairs() {
        assert_eq!(hashes("Oman scored 13 of her"), vec![fnv(b"oman"), fnv(b"scored")]);
        assert_eq!(hashes("They said that"), Vec::<u64>::new());
        assert_eq!(hashes("党建联盟").len(), 3);
        // Punctuation and full-width forms part the pairs.
        assert_eq!(hashes("“红色硒谷”党建，联盟").len(), 5);
        assert_eq!(hashes("党建").first(), hashes("红色党建").get(2));
        assert_eq!(hashes("GYMNASTICS"), vec![fnv(b"gymnastics")]);
    }
}

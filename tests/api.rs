//! The public API's promises that a compiler does not check by itself: no dependency's type in
//! it (the encoding is newspan's own), and the options and the `non_exhaustive` codes are
//! usable from outside through their constructors. (That outside code cannot build `Options`
//! with a struct literal, nor match a code without a wildcard arm, is checked by the
//! `compile_fail` examples of the crate documentation.)

use newspan::{Encoding, Kind, Layout, Options};

#[test]
fn the_encoding_is_newspans_own_type() {
    let doc = newspan::parse("標題\n\n內文。\n".as_bytes()).unwrap();
    let encoding: Encoding = doc.encoding();
    assert!(
        std::any::type_name_of_val(&encoding).starts_with("newspan::"),
        "{}",
        std::any::type_name_of_val(&encoding)
    );
    assert_eq!(encoding.name(), "UTF-8");
    assert_eq!(encoding, Encoding::utf_8());
    assert_eq!(encoding.to_string(), "UTF-8");
    let gbk = Encoding::for_label(" gbk ").unwrap();
    assert_eq!(gbk.name(), "GBK");
    assert_eq!(Encoding::for_label("x-gbk"), Some(gbk));
    assert!(Encoding::for_label("klingon").is_none());
    let options = Options::new().with_encoding(Some(gbk)).unwrap();
    assert_eq!(options.encoding(), Some(gbk));
    assert!(Options::new().with_encoding(Encoding::for_label("replacement")).is_err());
}

#[test]
fn options_are_built_and_read_through_methods() {
    let o = Options::new()
        .with_encoding_label("big5")
        .unwrap()
        .with_strict(true)
        .with_layout(Layout::Vertical)
        .with_max_input_len(1000)
        .with_max_spans(10);
    assert_eq!(o.encoding().map(Encoding::name), Some("Big5"));
    assert!(o.strict());
    assert_eq!(o.layout(), Layout::Vertical);
    assert_eq!((o.max_input_len(), o.max_spans()), (1000, 10));
    assert_eq!(Options::new(), Options::default());
    assert_eq!(Options::default().max_input_len(), Options::DEFAULT_MAX_INPUT_LEN);
    // The limits reach the parse.
    let err = newspan::parse_with(b"0123456789ab", &Options::new().with_max_input_len(10)).unwrap_err();
    assert_eq!(err, newspan::Error::InputTooLarge { len: 12, limit: 10 });
}

#[test]
fn codes_have_names_and_layouts_parse_back() {
    for k in Kind::ALL {
        assert!(!k.name().is_empty());
    }
    for l in [Layout::Auto, Layout::Paragraphs, Layout::Wrapped, Layout::Vertical] {
        assert_eq!(Layout::from_name(l.name()), Some(l));
    }
    assert_eq!(Layout::from_name("sideways"), None);
}

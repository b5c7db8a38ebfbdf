//! Pointer → span index: keys and values, YAML and JSON, line/column, fallbacks, aliases.

use std::fmt::Write as _;
use std::sync::Arc;

use genaug_source::{LineCol, SourceFile, Span, push_token};
use serde_json::Value;

fn fixture(name: &str) -> Arc<SourceFile> {
    let path = genaug_testing::fixture("source").join(name);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    Arc::new(SourceFile::new(name, text))
}

fn slice(file: &SourceFile, span: Span) -> &str {
    &file.text()[span.start..span.end]
}

fn value_text<'f>(file: &'f SourceFile, pointer: &str) -> &'f str {
    slice(file, file.span_of(pointer).unwrap_or_else(|| panic!("no span for {pointer}")))
}

fn key_text<'f>(file: &'f SourceFile, pointer: &str) -> &'f str {
    slice(file, file.key_span_of(pointer).unwrap_or_else(|| panic!("no key span for {pointer}")))
}

/// Every pointer of the loaded value, in document order.
fn pointers(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(value, String::new())];
    while let Some((node, pointer)) = stack.pop() {
        out.push(pointer.clone());
        let mut children: Vec<(String, &Value)> = match node {
            Value::Array(items) => {
                items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect()
            }
            Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
            _ => Vec::new(),
        };
        children.reverse();
        for (token, child) in children {
            let mut p = pointer.clone();
            push_token(&mut p, &token);
            stack.push((child, p));
        }
    }
    out
}

/// One line per pointer: where the key and the value are, and their text.
fn render(file: &SourceFile, value: &Value) -> String {
    let mut out = String::new();
    for pointer in pointers(value) {
        let value = file.span_of(&pointer).expect("every loaded pointer has a span");
        let key = file.key_span_of(&pointer).expect("and a key span");
        let LineCol { line, column } = file.line_col(value.start);
        let text: String = slice(file, value).chars().take(40).collect();
        let key_part = if key == value {
            String::new()
        } else {
            let k = file.line_col(key.start);
            format!(" key {}:{} {:?}", k.line, k.column, slice(file, key))
        };
        let shown = if pointer.is_empty() { "(root)" } else { &pointer };
        writeln!(out, "{shown} ->{key_part} value {line}:{column} {text:?}").unwrap();
    }
    out
}

#[test]
fn yaml_spans_snapshot() {
    let file = fixture("spans.yaml");
    let value = file.parse().expect("fixture parses");
    let text = render(&file, &value);
    genaug_testing::snapshots("source").bind(|| insta::assert_snapshot!("spans_yaml", text));
}

#[test]
fn json_spans_snapshot() {
    let file = fixture("spans.json");
    let value = file.parse().expect("fixture parses");
    let text = render(&file, &value);
    genaug_testing::snapshots("source").bind(|| insta::assert_snapshot!("spans_json", text));
}

#[test]
fn yaml_keys_and_values() {
    let file = fixture("spans.yaml");
    file.parse().unwrap();
    assert_eq!(key_text(&file, "/openapi"), "openapi");
    assert_eq!(value_text(&file, "/openapi"), "3.1.0");
    assert_eq!(value_text(&file, "/info/title"), "\"Café ☕ API\"");
    assert_eq!(key_text(&file, "/info/x-note"), "'x-note'");
    assert_eq!(value_text(&file, "/info/x-note"), "'it''s'");
    assert_eq!(value_text(&file, "/info/description"), "Literal block\n    über two lines\n");
    assert_eq!(value_text(&file, "/flow"), "{a: [1, 2.5, \"drei\"], b: {c: null}}");
    assert_eq!(value_text(&file, "/flow/a/2"), "\"drei\"");
    assert_eq!(value_text(&file, "/flow/b/c"), "null");
    assert_eq!(key_text(&file, "/paths/~1pets~1{id}/get/responses/200"), "200");
    assert_eq!(key_text(&file, "/paths/~1pets~1{id}/get/responses/404"), "\"404\"");
    assert_eq!(value_text(&file, "/paths/~1pets~1{id}/get/responses/404/description"), "missing");
    assert_eq!(value_text(&file, "/tags/0/name"), "ünïcødé");
    assert_eq!(value_text(&file, "/tags/2"), "[x, y]");
    assert_eq!(key_text(&file, "/a~0b~1c"), "a~b/c");
    // A block mapping's span runs from its first key to the end of its last value.
    assert!(value_text(&file, "/info").starts_with("title: \"Café"));
    assert!(value_text(&file, "/info").ends_with("folded\n    text\n"));
    // Sequence items and the root have no key: the key span is the value span.
    assert_eq!(file.key_span_of("/tags/1"), file.span_of("/tags/1"));
    assert_eq!(value_text(&file, "/tags/1"), "plain");
}

#[test]
fn json_keys_and_values() {
    let file = fixture("spans.json");
    file.parse().unwrap();
    assert_eq!(key_text(&file, "/openapi"), "\"openapi\"");
    assert_eq!(value_text(&file, "/info/x-note"), r#""it's \"quoted\" \ud83d\ude00""#);
    assert_eq!(key_text(&file, "/escaped key"), r#""esc\u0061ped key""#);
    assert_eq!(value_text(&file, "/empty"), "{}");
    assert_eq!(value_text(&file, "/none"), "[]");
    assert_eq!(value_text(&file, "/tags/2/1"), "\"y\"");
    assert_eq!(value_text(&file, "/big"), "18446744073709551615");
    assert_eq!(value_text(&file, "/neg"), "-1.5e-3");
    assert_eq!(
        value_text(&file, "/paths/~1pets~1{id}/get/responses/404/description"),
        "\"missing\""
    );
    assert_eq!(value_text(&file, ""), file.text().trim_end());
}

#[test]
fn line_and_column_count_characters() {
    let file = fixture("spans.json");
    // Line 3: `  "info": {"title": "Café ☕ API", "x-note": …` — `é` and `☕` take 5 bytes for 2 chars.
    let key = file.key_span_of("/info/x-note").unwrap();
    assert_eq!(file.line_col(key.start), LineCol { line: 3, column: 35 });
    assert_eq!(file.line_col(key.start - 1), LineCol { line: 3, column: 34 });
    let yaml = fixture("spans.yaml");
    let tag = yaml.span_of("/tags/0/name").unwrap();
    assert_eq!(yaml.line_col(tag.start), LineCol { line: 22, column: 11 });
    assert_eq!(yaml.line_col(tag.end), LineCol { line: 22, column: 18 });
}

#[test]
fn missing_pointers_fall_back_to_the_nearest_ancestor() {
    for name in ["spans.yaml", "spans.json"] {
        let file = fixture(name);
        assert_eq!(file.span_of("/info/nope/deeper"), file.span_of("/info"), "{name}");
        assert_eq!(file.key_span_of("/info/nope"), file.key_span_of("/info"), "{name}");
        assert_eq!(file.span_of("/tags/7"), file.span_of("/tags"), "{name}");
        assert_eq!(file.span_of("/tags/01"), file.span_of("/tags"), "{name}");
        assert_eq!(file.span_of("/tags/-"), file.span_of("/tags"), "{name}");
        assert_eq!(file.span_of("/nope"), file.span_of(""), "{name}");
        assert_eq!(file.span_of("not a pointer"), None, "{name}");
    }
}

#[test]
fn aliases_and_merge_keys_point_at_the_anchored_text() {
    let file = Arc::new(SourceFile::new(
        "anchors.yaml",
        "base: &base\n  type: object\n  x-extra: 1\nderived:\n  <<: *base\n  type: string\nlist: *base\nmany:\n  <<: [{a: 1}, *base]\n",
    ));
    let value = file.parse().unwrap();
    assert_eq!(value["derived"]["x-extra"], 1);
    assert_eq!(value_text(&file, "/derived/type"), "string");
    assert_eq!(value_text(&file, "/derived/x-extra"), "1");
    assert_eq!(file.line_col(file.span_of("/derived/x-extra").unwrap().start).line, 3);
    assert_eq!(key_text(&file, "/derived/x-extra"), "x-extra");
    assert_eq!(value_text(&file, "/list"), "*base");
    assert_eq!(value_text(&file, "/list/type"), "object");
    assert_eq!(value_text(&file, "/many/a"), "1");
    assert_eq!(file.line_col(file.span_of("/many/a").unwrap().start).line, 9);
    assert_eq!(value_text(&file, "/many/type"), "object");
    // every pointer of the loaded value resolves
    for pointer in pointers(&value) {
        assert!(file.span_of(&pointer).is_some(), "{pointer}");
    }
}

/// Every node of every spec in the shared corpus has its own span, inside its parent's span, and a
/// mapping entry's key span spells its key.
#[test]
fn corpus_spans_are_consistent_with_the_loaded_values() {
    let root = genaug_testing::fixture("specs");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 50, "corpus found");
    let mut checked = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = Arc::new(SourceFile::new(path.display().to_string(), text));
        let value = match file.parse() {
            Ok(value) => value,
            Err(e) => panic!("{}: {e}", path.display()),
        };
        for pointer in pointers(&value) {
            let span = file.span_of(&pointer).unwrap();
            let Some((parent, token)) = pointer.rsplit_once('/') else { continue };
            let parent_span = file.span_of(parent).unwrap();
            let at = format!("{}: {pointer}", path.display());
            assert!(parent_span.start <= span.start && span.end <= parent_span.end, "{at}");
            assert_ne!(span, parent_span, "{at}");
            let token = token.replace("~1", "/").replace("~0", "~");
            if value.pointer(parent).is_some_and(Value::is_object) {
                let raw = slice(&file, file.key_span_of(&pointer).unwrap());
                let key = if raw.starts_with('"') {
                    serde_json::from_str::<String>(raw).unwrap()
                } else if let Some(inner) = raw.strip_prefix('\'') {
                    inner.trim_end_matches('\'').replace("''", "'")
                } else {
                    raw.to_owned()
                };
                assert_eq!(key, token, "{at}");
            }
            checked += 1;
        }
    }
    assert!(checked > 10_000, "checked {checked} nodes");
}

//! Loading YAML and JSON into values: semantics, errors with positions, and hostile inputs.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use genaug_source::{ParseLimits, SourceError, SourceFile};
use serde_json::{Value, json};

fn file(name: &str, text: impl Into<String>) -> Arc<SourceFile> {
    Arc::new(SourceFile::new(name, text))
}

fn yaml(text: &str) -> Result<Value, SourceError> {
    file("test.yaml", text).parse()
}

/// Runs `f` on a thread with a 1 MiB stack. 100,000 nested levels through a recursive loader need
/// far more (at least one frame per level); bounded recursion (serde_json and `Value` drop at
/// ≤ 128 levels, debug build) fits.
fn small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(1024 * 1024).spawn(f).unwrap().join().unwrap()
}

/// `code line:col "text at the span"  message` for a failing input.
fn describe(error: &SourceError) -> String {
    let (file, span) = error.location().expect("parse errors have a location");
    let at = file.line_col(span.start);
    let text = &file.text()[span.start..span.end];
    format!("{} {}:{} {text:?}  {error}", error.code(), at.line, at.column)
}

#[test]
fn yaml_values_follow_the_core_schema_and_keep_document_order() {
    let value = yaml(
        "z: 1\na: ~\nm: true\nbig: 18446744073709551615\nneg: -9223372036854775808\nhuge: 123456789012345678901234567890\nf: 1.5\nexp: 1e3\nhex: 0x10\noct: 0o10\nq: \"1\"\ns: '2'\nt: !!str 3\nyes: yes\ndate: 2001-12-14\nempty:\nlist: [a, 'b', \"c\"]\nlit: |\n  two\n  lines\nfold: >-\n  one\n  line\n",
    )
    .unwrap();
    let expected = json!({
        "z": 1, "a": null, "m": true, "big": 18446744073709551615u64, "neg": i64::MIN,
        "huge": 1.2345678901234568e29, "f": 1.5, "exp": 1000.0, "hex": 16, "oct": 8,
        "q": "1", "s": "2", "t": "3", "yes": "yes", "date": "2001-12-14", "empty": null,
        "list": ["a", "b", "c"], "lit": "two\nlines\n", "fold": "one line"
    });
    assert_eq!(value, expected);
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys[..3], ["z", "a", "m"]);
}

#[test]
fn non_string_keys_become_their_source_text() {
    let value = yaml(
        "responses:\n  200: {description: ok}\n  4XX: {}\n  default: {}\ntrue: t\n~: n\n1.50: f\n",
    )
    .unwrap();
    assert_eq!(value["responses"]["200"]["description"], "ok");
    assert_eq!(value["responses"]["4XX"], json!({}));
    assert_eq!(value["true"], "t");
    assert_eq!(value["~"], "n");
    assert_eq!(value["1.50"], "f");
}

#[test]
fn json_and_yaml_give_the_same_value() {
    let dir = genaug_testing::fixture("specs/scalar-galaxy");
    let from_json = file("galaxy.json", std::fs::read_to_string(dir.join("galaxy.json")).unwrap())
        .parse()
        .unwrap();
    let from_yaml = file("galaxy.yaml", std::fs::read_to_string(dir.join("galaxy.yaml")).unwrap())
        .parse()
        .unwrap();
    assert_eq!(from_json, from_yaml);
    // and the strict JSON reader agrees with serde_json's own
    let text = std::fs::read_to_string(dir.join("galaxy.json")).unwrap();
    assert_eq!(from_json, serde_json::from_str::<Value>(&text).unwrap());
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let value = yaml(
        "defs:\n  base: &base {type: object, x-a: 1, x-b: 2}\n  name: &name id\nuse:\n  copy: *base\n  merged:\n    x-b: own\n    <<: *base\n    x-c: 3\n  multi:\n    <<: [{x-a: first}, *base]\n  *name : aliased key\n",
    )
    .unwrap();
    assert_eq!(value["use"]["copy"], json!({"type": "object", "x-a": 1, "x-b": 2}));
    // explicit keys win and keep their place; merged keys take the place of `<<`
    assert_eq!(value["use"]["merged"], json!({"x-b": "own", "type": "object", "x-a": 1, "x-c": 3}));
    let order: Vec<&String> = value["use"]["merged"].as_object().unwrap().keys().collect();
    assert_eq!(order, ["x-b", "type", "x-a", "x-c"]);
    // earlier merge sources win
    assert_eq!(value["use"]["multi"], json!({"x-a": "first", "type": "object", "x-b": 2}));
    assert_eq!(value["use"]["id"], "aliased key");
}

#[test]
fn empty_input_is_null() {
    assert_eq!(yaml("").unwrap(), Value::Null);
    assert_eq!(yaml("# only a comment\n").unwrap(), Value::Null);
}

#[test]
fn a_byte_order_mark_is_skipped_and_offsets_stay_right() {
    for (name, text) in
        [("bom.yaml", "\u{feff}a: [1, x]\n"), ("bom.json", "\u{feff}{\"a\": [1, \"x\"]}")]
    {
        let f = file(name, text);
        let value = f.parse().unwrap();
        assert_eq!(value["a"][0], 1, "{name}");
        let span = f.span_of("/a/1").unwrap();
        assert!(f.text()[span.start..span.end].contains('x'), "{name}");
        assert_eq!(f.line_col(span.start).line, 1);
    }
    let error = file("bom.json", "\u{feff}{\"a\": }").parse().unwrap_err();
    assert_eq!(describe(&error), "F004 1:8 \"}\"  expected value");
}

#[test]
fn syntax_errors_snapshot() {
    let cases: &[(&str, &str)] = &[
        ("unclosed flow sequence", "a: [1, 2\nb: x\n"),
        ("bad indentation", "a:\n  b: 1\n c: 2\n"),
        ("mapping value in plain scalar", "a: b: c\n"),
        ("tab indentation", "a:\n\tb: 1\n"),
        ("bad escape after multibyte text", "k: \"café \\x\"\n"),
        ("unknown alias", "a: *nope\n"),
        ("duplicate block key", "a: 1\nb: 2\na: 3\n"),
        ("duplicate flow key", "x: {k: 1, k: 2}\n"),
        ("duplicate key, quoted vs plain", "\"ünï\": 1\nünï: 2\n"),
        ("duplicate merge key", "a: &a {x: 1}\nb:\n  <<: *a\n  <<: *a\n"),
        ("second document", "a: 1\n---\nb: 2\n"),
        ("infinity", "maximum: .inf\n"),
        ("nan", "x: [1, .NaN]\n"),
        ("number out of range", "x: 1e400\n"),
        ("wrong tagged int", "x: !!int twelve\n"),
        ("complex key", "? [a, b]\n: c\n"),
        ("alias to a collection as key", "a: &a [1]\n*a : x\n"),
        ("merge of a scalar", "a: &a 1\nb:\n  <<: *a\n"),
        ("recursive alias", "a: &a [1, *a]\n"),
        ("json missing colon", "{\"a\" 1}"),
        ("json trailing comma", "{\"a\": [1, 2,]}"),
        ("json unexpected end", "{\"a\": {\"b\": 1}"),
        ("json bad literal after multibyte", "{\"ключ\": tru}"),
        ("json error on a later line", "{\n  \"a\": 1,\n  \"b\": nul\n}"),
        ("json duplicate key", "{\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}}"),
        ("json duplicate key through escapes", "{\"a\": 1, \"\\u0061\": 2}"),
        ("json duplicate keys, the first in text order", "{\"a\": 1, \"a\": {\"x\": 1, \"x\": 2}}"),
        ("json control character", "{\"a\": \"x\ty\"}"),
    ];
    let mut out = String::new();
    for (name, text) in cases {
        let error = file(if text.starts_with('{') { "case.json" } else { "case.yaml" }, *text)
            .parse()
            .expect_err(name);
        writeln!(out, "{name}: {}", describe(&error)).unwrap();
    }
    genaug_testing::snapshots("source").bind(|| insta::assert_snapshot!("syntax_errors", out));
}

#[test]
fn alias_bomb_fails_fast_and_small() {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..=9 {
        let p = i - 1;
        writeln!(
            text,
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]"
        )
        .unwrap();
    }
    let started = Instant::now();
    let error = yaml(&text).unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(error, SourceError::TooManyNodes { .. }), "{error}");
    // 9^10 nodes if expanded; the alias budget stops after ~100,000 copied nodes.
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
    let (f, span) = error.location().unwrap();
    assert!(f.text()[span.start..span.end].starts_with("*a"), "points at an alias");
    // and the same with the caller's own node limit
    let limits = ParseLimits { max_nodes: 1_000, ..ParseLimits::default() };
    let error = file("b.yaml", text.as_str()).parse_with(limits).unwrap_err();
    assert!(matches!(error, SourceError::TooManyNodes { limit: 1_000, .. }), "{error}");
}

#[test]
fn node_limit_applies_without_aliases_and_legitimate_aliases_pass() {
    // (`max_nodes` is a YAML budget: JSON has no aliases, its size bounds its node count)
    let many = format!("x: [{}]", vec!["1"; 100].join(", "));
    let limits = ParseLimits { max_nodes: 50, ..ParseLimits::default() };
    let error = file("n.yaml", many.as_str()).parse_with(limits).unwrap_err();
    assert!(matches!(error, SourceError::TooManyNodes { limit: 50, .. }), "{error}");
    // 2,000 uses of a 40-node anchor: 80,000 copied nodes, within the alias budget
    let mut text = String::from("base: &b {");
    text.push_str(&(0..20).map(|i| format!("k{i}: v")).collect::<Vec<_>>().join(", "));
    text.push_str("}\nuses:\n");
    for _ in 0..2_000 {
        text.push_str("  - *b\n");
    }
    let value = yaml(&text).unwrap();
    assert_eq!(value["uses"].as_array().unwrap().len(), 2_000);
}

fn deep_cases() -> Vec<(&'static str, String)> {
    const N: usize = 100_000;
    vec![
        ("yaml flow sequences", format!("x: {}", "[".repeat(N))),
        ("yaml flow mappings", format!("x: {}", "{a: ".repeat(N))),
        ("yaml block sequences", format!("{}x\n", "- ".repeat(N))),
        ("json arrays", format!("{}{}", "[".repeat(N), "]".repeat(N))),
        ("json objects", format!("{}1{}", "{\"a\":".repeat(N), "}".repeat(N))),
        ("json unclosed", "[".repeat(N)),
    ]
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let outcomes = small_stack(|| {
        let mut outcomes = Vec::new();
        for (name, text) in deep_cases() {
            let f = file(name, text);
            let error = f.parse().unwrap_err();
            let at = f.line_col(error.location().unwrap().1.start);
            // the index copes too (it is iterative): a pointer deep inside resolves
            let deep = "/0".repeat(200);
            let span = f.span_of(&deep);
            let format = f.format();
            outcomes.push(format!(
                "{name} ({format:?}): {} at 1:{} ({error}); index: {}",
                error.code(),
                at.column,
                span.is_some()
            ));
            assert!(matches!(error, SourceError::TooDeep { limit: 128, .. }), "{name}: {error}");
        }
        outcomes
    });
    let text = outcomes.join("\n");
    genaug_testing::snapshots("source").bind(|| insta::assert_snapshot!("deep_nesting", text));
}

#[test]
fn deep_block_mappings_are_refused() {
    let mut text = String::new();
    for i in 0..2_000 {
        text.push_str(&" ".repeat(i));
        text.push_str("a:\n");
    }
    let error = small_stack(move || yaml(&text).map(|_| ()).map_err(|e| describe(&e))).unwrap_err();
    assert!(error.starts_with("F005 129:"), "{error}");
}

#[test]
fn depth_limit_is_exact_in_both_formats() {
    for depth in [1usize, 5, 126, 127, 128, 129, 200] {
        let json_text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let yaml_text = format!("{}x", "- ".repeat(depth));
        for limit in [5usize, 127, 128, 150] {
            let limits = ParseLimits { max_depth: limit, ..ParseLimits::default() };
            let json_ok = file("d.json", json_text.as_str()).parse_with(limits);
            let yaml_ok = file("d.yaml", yaml_text.as_str()).parse_with(limits);
            assert_eq!(json_ok.is_ok(), depth <= limit, "json depth {depth} limit {limit}");
            assert_eq!(yaml_ok.is_ok(), depth <= limit, "yaml depth {depth} limit {limit}");
            if depth > limit {
                for error in [json_ok.unwrap_err(), yaml_ok.unwrap_err()] {
                    assert!(
                        matches!(error, SourceError::TooDeep { limit: l, .. } if l == limit),
                        "{error}"
                    );
                }
            }
        }
    }
}

#[test]
fn json_too_deep_for_a_small_limit_points_at_the_first_deep_node() {
    let limits = ParseLimits { max_depth: 3, ..ParseLimits::default() };
    let f = file("d.json", "{\"a\": [1, {\"b\": {\"c\": [2]}}]}");
    let error = f.parse_with(limits).unwrap_err();
    assert_eq!(describe(&error), "F005 1:17 \"{\"  nesting deeper than 3 levels");
}

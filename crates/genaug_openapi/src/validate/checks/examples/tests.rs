//! The quick pass against the compiled validator it stands in for: over every schema/value pair
//! of the fixture specs, variations of each value, and a set of edge cases in both dialects,
//! whenever the quick pass decides (valid or invalid), the compiled validator decides the same.

#![allow(clippy::print_stderr)] // the tallies, shown with --nocapture

use std::path::{Path, PathBuf};
use std::sync::Arc;

use genaug_source::{Base, SourceFile};
use serde_json::{Value, json};

use super::quick::{Quick, Verdict};
use super::{Compiled, Pending, collect, registered_document, registry};
use crate::validate::context::{Ctx, DocumentResolver};
use crate::{Document, LoadOptions};

/// Tallies of one comparison run.
#[derive(Default, Debug)]
struct Tally {
    valid: usize,
    invalid: usize,
    unknown: usize,
    disagreements: Vec<String>,
}

/// Compares the two on every check of `document`, each value varied by [`variations`].
fn compare(document: &Document, tally: &mut Tally) {
    let resolver = DocumentResolver { document };
    let ctx = Ctx {
        file: document.root_file(),
        root: document.root(),
        version: document.version(),
        resolver: &resolver,
        document: Some(document),
    };
    let (schemas, pending) = collect(&ctx);
    let (registered, draft) = registered_document(&ctx, &schemas);
    let Some(registry) = registry(&registered, draft) else { return };
    let compiled = Compiled::new(&registry, draft, &schemas, 0..schemas.len());
    let quick = Quick::new(ctx.root, ctx.version, ctx.file.text());
    for request in pending.iter().filter_map(|p| match p {
        Pending::Check(request) => Some(request),
        Pending::Done(_) => None,
    }) {
        for value in variations(request.value) {
            let verdict = quick.check(&schemas[request.schema], &value);
            let accepted = compiled.accepts(request.schema, &value);
            match verdict {
                Verdict::Valid => tally.valid += 1,
                Verdict::Invalid => tally.invalid += 1,
                Verdict::Unknown => {
                    tally.unknown += 1;
                    continue;
                }
            }
            let agrees = match accepted {
                Some(accepted) => accepted == (verdict == Verdict::Valid),
                // A schema the validator cannot compile is skipped whatever the quick pass says.
                None => true,
            };
            if !agrees {
                tally.disagreements.push(format!(
                    "{}: schema {} value {value}: quick {verdict:?}, validator {accepted:?}",
                    ctx.file.name(),
                    schemas[request.schema]
                ));
            }
        }
    }
}

/// The value, and values near it that exercise types, nullability, enums, required and
/// additional properties, lengths and bounds.
fn variations(value: &Value) -> Vec<Value> {
    let mut out = vec![
        value.clone(),
        Value::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(1.0),
        json!(""),
        json!("x"),
        json!("é"),
        json!([]),
        json!({}),
        json!([value]),
    ];
    match value {
        Value::Object(map) => {
            for key in map.keys().take(4) {
                let mut fewer = map.clone();
                fewer.shift_remove(key);
                out.push(Value::Object(fewer));
                let mut nulled = map.clone();
                nulled.insert(key.clone(), Value::Null);
                out.push(Value::Object(nulled));
            }
            let mut more = map.clone();
            more.insert("zz_extra".into(), json!(1));
            out.push(Value::Object(more));
        }
        Value::Array(items) => {
            out.push(json!([items.first(), items.first()]));
            out.push(Value::Array(items.iter().take(1).cloned().collect()));
        }
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                out.extend([json!(i + 1), json!(i - 1), json!(i as f64 + 0.5)]);
            }
            if let Some(f) = n.as_f64() {
                out.extend([json!(f * 2.0), json!(-f)]);
            }
        }
        Value::String(text) => {
            out.push(json!(format!("{text}{text}")));
            out.push(json!(text.chars().skip(1).collect::<String>()));
        }
        _ => {}
    }
    out
}

fn load(name: &str, text: String) -> Option<Document> {
    let file = Arc::new(SourceFile::new(name, text));
    Document::load(file, Base::Dir(PathBuf::from(".")), LoadOptions::default()).ok()
}

fn spec_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            spec_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// [`compare`] over every OpenAPI document under `folders` (files that do not load are skipped);
/// returns how many documents were compared, and the tally (at most 50 disagreements kept).
fn compare_folders(folders: &[PathBuf]) -> (usize, Tally) {
    let mut files = Vec::new();
    for folder in folders {
        spec_files(folder, &mut files);
    }
    files.sort();
    let mut tally = Tally::default();
    let mut documents = 0;
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let Some(document) = load(&path.display().to_string(), text) else { continue };
        documents += 1;
        compare(&document, &mut tally);
        tally.disagreements.truncate(50);
    }
    (documents, tally)
}

#[test]
fn quick_verdicts_match_the_validator_on_the_fixture_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let (documents, tally) = compare_folders(&[root.join("specs"), root.join("validate")]);
    eprintln!("{documents} documents: {tally:?}");
    assert!(tally.disagreements.is_empty(), "{:#?}", tally.disagreements);
    // Not vacuous: the fixtures hold many checks, and the quick pass decides most of them.
    assert!(documents > 50, "{documents} documents");
    assert!(tally.valid > 1_000 && tally.invalid > 1_000, "{tally:?}");
}

/// Schemas written to sit on the boundaries, in a document of `version`.
fn edge_document(version: &str, nullable: bool) -> Document {
    let schemas = json!({
        "int": {"type": "integer", "minimum": 1, "maximum": 10, "example": 5},
        "int_exclusive": if nullable {
            json!({"type": "integer", "minimum": 1, "exclusiveMinimum": true, "example": 1})
        } else {
            json!({"type": "integer", "exclusiveMinimum": 1, "example": 1})
        },
        "float": {"type": "number", "maximum": 1.5, "multipleOf": 2, "example": 4},
        "big": {"type": "integer", "maximum": 9007199254740993_u64, "example": 9007199254740992_u64},
        "nullable_enum": {"type": "string", "enum": ["a", "b"], "nullable": nullable, "example": null},
        "nullable_no_type": {"enum": ["a"], "nullable": true, "example": null},
        "types": {"type": ["string", "null"], "example": "a"},
        "with_ref": {"$ref": "#/components/schemas/int", "maximum": 3, "example": 5},
        "one_of": {"oneOf": [{"type": "integer"}, {"type": "number"}], "example": 2},
        "any_of": {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^a"}], "example": "b"},
        "not": {"not": {"type": "string"}, "example": 1},
        "unique": {"type": "array", "uniqueItems": true, "items": {"type": "integer"}, "example": [1, 1]},
        "unique_num": {"type": "array", "uniqueItems": true, "example": [1, 1.0]},
        "lengths": {"type": "string", "minLength": 2, "maxLength": 3, "example": "éé"},
        "object": {
            "type": "object",
            "required": ["a"],
            "properties": {"a": {"type": "string"}, "b": {"$ref": "#/components/schemas/int"}},
            "additionalProperties": false,
            "minProperties": 1,
            "example": {"a": "x", "b": 3}
        },
        "open": {"type": "object", "additionalProperties": {"type": "integer"}, "example": {"k": 1}},
        "const": {"const": "x", "example": "x"},
        "enum_num": {"enum": [1, 2.0], "example": 2},
        "all_of": {"allOf": [{"$ref": "#/components/schemas/object"}, {"required": ["b"]}], "example": {"a": "x"}},
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/int"}, "minItems": 1, "maxItems": 2, "example": [1]},
        "loop": {"properties": {"next": {"$ref": "#/components/schemas/loop"}}, "example": {"next": {"next": {}}}},
        "pattern": {"type": "string", "pattern": "^[a-z]+$", "example": "abc"},
        "unknown_keyword": {"type": "string", "if": {"minLength": 1}, "then": {"maxLength": 1}, "example": "ab"}
    });
    let spec = json!({
        "openapi": version,
        "info": {"title": "edges", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas}
    });
    load("edges.json", spec.to_string()).expect("the edge document loads")
}

#[test]
fn quick_verdicts_match_the_validator_on_edge_cases() {
    for (version, nullable) in [("3.0.3", true), ("3.1.0", false)] {
        let mut tally = Tally::default();
        compare(&edge_document(version, nullable), &mut tally);
        eprintln!("{version}: {tally:?}");
        assert!(tally.disagreements.is_empty(), "{version}: {:#?}", tally.disagreements);
        assert!(tally.valid > 50 && tally.invalid > 100, "{version}: {tally:?}");
    }
}

#[test]
fn the_quick_pass_leaves_what_it_cannot_judge_to_the_validator() {
    let document = edge_document("3.1.0", false);
    let quick = Quick::new(document.root(), document.version(), document.root_file().text());
    let at = |name: &str| format!("/components/schemas/{name}");
    // A string against a pattern (ECMA-262 regex semantics).
    assert_eq!(quick.check(&at("pattern"), &json!("abc")), Verdict::Unknown);
    // 1 and 1.0 in an enum; a float that is an integer.
    assert_eq!(quick.check(&at("enum_num"), &json!(2)), Verdict::Unknown);
    assert_eq!(quick.check(&at("int"), &json!(2.0)), Verdict::Unknown);
    // A keyword it does not know.
    assert_eq!(quick.check(&at("unknown_keyword"), &json!("ab")), Verdict::Unknown);
    // Non-ASCII length.
    assert_eq!(quick.check(&at("lengths"), &json!("éé")), Verdict::Unknown);
    // What it does decide.
    assert_eq!(quick.check(&at("object"), &json!({"a": "x", "b": 3})), Verdict::Valid);
    assert_eq!(quick.check(&at("object"), &json!({"a": "x", "c": 3})), Verdict::Invalid);
    assert_eq!(quick.check(&at("object"), &json!({"b": 3})), Verdict::Invalid);
    assert_eq!(quick.check(&at("items"), &json!([1, 11])), Verdict::Invalid);
}

#[test]
fn a_base_uri_anywhere_on_the_way_makes_every_verdict_unknown() {
    let spec = json!({
        "openapi": "3.1.0",
        "info": {"title": "ids", "version": "1"},
        "paths": {},
        "components": {"schemas": {
            "a": {"$id": "https://example.com/a", "type": "string"},
            "b": {"type": "string"}
        }}
    });
    let document = load("ids.json", spec.to_string()).expect("loads");
    let quick = Quick::new(document.root(), document.version(), document.root_file().text());
    assert_eq!(quick.check("/components/schemas/a", &json!("x")), Verdict::Unknown);
    assert_eq!(quick.check("/components/schemas/b", &json!("x")), Verdict::Valid);
}

/// The same comparison over a folder of real specs kept out of the repository (GitHub's, the
/// APIs.guru directory): `GENAUG_QUICK_SPECS=folder cargo test --release -p genaug_openapi
/// --lib corpus -- --ignored --nocapture`.
#[test]
#[ignore = "needs GENAUG_QUICK_SPECS (large specs kept out of the repository)"]
fn quick_verdicts_match_the_validator_on_a_corpus() {
    let dir = PathBuf::from(std::env::var("GENAUG_QUICK_SPECS").expect("GENAUG_QUICK_SPECS"));
    let (documents, tally) = compare_folders(&[dir]);
    eprintln!(
        "{documents} documents: valid {}, invalid {}, unknown {}",
        tally.valid, tally.invalid, tally.unknown
    );
    assert!(tally.disagreements.is_empty(), "{:#?}", tally.disagreements);
}

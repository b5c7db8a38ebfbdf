//! Bad input never panics: truncated files fail to parse (a failure, before validation), and
//! any value of the wrong type anywhere, or `$ref` loops, yields findings.

mod validate_support;

use std::sync::Arc;

use genaug_openapi::OasVersion;
use genaug_source::SourceFile;
use serde_json::{Value, json};
use validate_support::{compact, errors, validate_text};

fn pointers(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let mut child = pointer.clone();
                genaug_source::push_token(&mut child, key);
                pointers(item, child, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                pointers(item, format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(pointer);
}

/// Replaces every value of a real document, one at a time, by each JSON type, and validates the
/// result: never a panic.
fn mutate_everywhere(rel: &str, version: OasVersion) -> usize {
    let text = std::fs::read_to_string(genaug_testing::fixture(rel)).expect("fixture");
    let file = Arc::new(SourceFile::new(rel, text));
    let original = file.parse().expect("parses");
    let mut all = Vec::new();
    pointers(&original, String::new(), &mut all);
    let replacements =
        [json!(5), json!("x"), json!([]), json!({}), json!(null), json!([{"$ref": "#"}])];
    let mut runs = 0;
    for pointer in &all {
        for replacement in &replacements {
            let mut doc = original.clone();
            match doc.pointer_mut(pointer) {
                Some(slot) => *slot = replacement.clone(),
                None => continue,
            }
            let _ = genaug_openapi::validate::validate_value(&file, &doc, version);
            runs += 1;
        }
    }
    runs
}

#[test]
fn any_value_of_any_type_anywhere_in_a_30_document() {
    assert!(
        mutate_everywhere("specs/oai-examples/v3.0/petstore-expanded.json", OasVersion::V30) > 500
    );
}

#[test]
fn any_value_of_any_type_anywhere_in_a_31_document() {
    assert!(
        mutate_everywhere("specs/oai-examples/v3.1/webhook-example.json", OasVersion::V31) > 100
    );
    assert!(
        mutate_everywhere("specs/oai-examples/v3.1/non-oauth-scopes.json", OasVersion::V31) > 100
    );
}

#[test]
fn wrong_types_are_reported_not_panicked_on() {
    let cases = [
        ("paths_is_a_number", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: 5\n"),
        (
            "parameters_is_a_string",
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    parameters: x\n    get:\n      parameters: x\n      responses: {}\n",
        ),
        (
            "operation_is_a_list",
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: [1, 2]\n    post: null\n",
        ),
        (
            "everything_wrong",
            "openapi: 3.1.0\ninfo: []\nservers: {}\nsecurity: x\ncomponents: 7\nwebhooks: []\npaths:\n  /a:\n    get:\n      security: [x, [1], {k: 5}]\n      callbacks: 3\n      requestBody: {content: {application/json: {schema: 5, example: 1, examples: x}}}\n      responses: []\n",
        ),
        (
            "security_schemes_wrong",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nsecurity: [{s: x}, {o: [1, null]}]\npaths: {}\ncomponents:\n  securitySchemes:\n    s: 5\n    o: {type: oauth2, flows: 3}\n",
        ),
    ];
    let mut text = String::new();
    for (name, yaml) in cases {
        let found = validate_text(&format!("{name}.yaml"), yaml);
        assert!(!errors(&found).is_empty(), "{name}: {}", compact(&found));
        text.push_str(&format!("## {name}\n{}\n", compact(&found)));
    }
    genaug_testing::snapshots("validate").bind(|| insta::assert_snapshot!("wrong_types", text));
}

#[test]
fn ref_loops_in_a_31_document_are_findings() {
    let yaml = r##"openapi: 3.1.0
info: {title: loops, version: "1"}
paths:
  /a:
    $ref: "#/paths/~1b"
  /b:
    $ref: "#/paths/~1a"
  /c:
    get:
      summary: c
      parameters:
        - $ref: "#/components/parameters/P"
      security:
        - s: []
      responses:
        "200":
          $ref: "#/components/responses/R"
components:
  schemas:
    Self:
      $ref: "#/components/schemas/Self"
    Tree:
      type: object
      default: {}
      properties:
        children:
          type: array
          items: {$ref: "#/components/schemas/Tree"}
      examples:
        - children: [{children: []}]
  parameters:
    P: {$ref: "#/components/parameters/P"}
  responses:
    R: {$ref: "#/components/responses/R"}
  securitySchemes:
    s: {$ref: "#/components/securitySchemes/s"}
"##;
    let found = validate_text("loops.yaml", yaml);
    let dangling = found.iter().filter(|d| d.code == "V202").count();
    // /a, /b, the parameter entry, P, the response entry, R, Self, s: every ref into a loop.
    assert_eq!(dangling, 8, "{}", compact(&found));
    assert!(found.iter().all(|d| d.code != "V207"), "a looping scheme is V202's, not undefined");
    genaug_testing::snapshots("validate")
        .bind(|| insta::assert_snapshot!("ref_loops", compact(&found)));
}

#[test]
fn truncated_input_is_a_parse_failure_not_a_panic() {
    for (name, text) in [
        ("t.json", "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"t\", \"vers"),
        ("t.yaml", "openapi: 3.1.0\ninfo:\n  title: \"t\n"),
        ("empty.yaml", ""),
    ] {
        let file = Arc::new(SourceFile::new(name, text));
        if let Ok(value) = file.parse() {
            // An empty YAML document is `null`: validation reports it, it does not panic.
            let found = genaug_openapi::validate::validate_value(&file, &value, OasVersion::V31);
            assert!(!errors(&found).is_empty(), "{name}: {}", compact(&found));
        }
    }
}

//! Examples and defaults against their schemas.
//!
//! **V209 example-mismatch** (warning) — an `example`, an `examples` entry's `value` (media types,
//! parameters, headers) or a schema's own `example`/`examples` that its schema rejects. Points at
//! the offending part of the example.
//!
//! **V210 default-mismatch** — a schema's `default` that the schema itself rejects.
//!
//! **V211 default-outside-enum** — a `default` that is not one of the `enum` values beside it
//! (schemas and server variables). Reported instead of V210 for the same default.
//!
//! Values are checked with jsonschema against the document's own schemas: a 3.1 document is
//! registered as it is (2020-12); a 3.0 document is copied with `nullable: true` turned into
//! `type: [T, "null"]` (and `null` added to its `enum`) and checked as draft-04, the JSON Schema
//! its Schema Object extends. Each distinct schema is compiled once. Formats are not checked
//! (OpenAPI formats such as `int64` are annotations). A schema that does not compile (the
//! structural check reports why) is skipped, as are `externalValue`s and schemas in other files.

use std::collections::HashMap;

use genaug_diagnostics::{Diagnostic, Label};
use jsonschema::{Draft, Registry, Validator};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Map, Value, json};

use crate::OasVersion;
use crate::validate::codes;
use crate::validate::context::{Ctx, child};
use crate::validate::structure::short;

const DOC_URI: &str = "urn:genaug:openapi-document";

/// Characters a JSON pointer may hold that a URI fragment may not.
const FRAGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let converted;
    let (schemas_doc, draft) = match ctx.version {
        OasVersion::V30 => {
            converted = nullable_to_type(ctx.root, 0);
            (&converted, Draft::Draft4)
        }
        OasVersion::V31 => (ctx.root, Draft::Draft202012),
    };
    let Ok(registry) = Registry::new()
        .draft(draft)
        .retrieve_known_draft_meta_schemas(false)
        .add(DOC_URI, schemas_doc)
        .and_then(|builder| builder.prepare())
    else {
        return;
    };
    let mut checker = Checker { ctx, registry: &registry, draft, cache: HashMap::new(), out };
    checker.walk(ctx.root, "", Kind::Keywords, 0);
}

/// What the keys of the object being walked are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An OpenAPI object: keys are field names.
    Keywords,
    /// A map of names to OpenAPI objects (`paths`, `responses`, `content`…).
    Names,
    /// A map of names to Schema Objects (`properties`, `components/schemas`…).
    SchemaNames,
    /// A Schema Object.
    Schema,
}

/// Deepest nesting walked.
const MAX_DEPTH: usize = 512;

struct Checker<'c, 'a> {
    ctx: &'c Ctx<'a>,
    registry: &'c Registry<'c>,
    draft: Draft,
    /// Compiled validators by the pointer of the schema they check (`None`: did not compile).
    cache: HashMap<String, Option<Validator>>,
    out: &'c mut Vec<Diagnostic>,
}

impl<'a> Checker<'_, 'a> {
    fn walk(&mut self, value: &'a Value, pointer: &str, kind: Kind, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match value {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.walk(item, &child(pointer, &index.to_string()), kind, depth + 1);
                }
            }
            Value::Object(map) => match kind {
                Kind::Names | Kind::SchemaNames => {
                    let item_kind =
                        if kind == Kind::SchemaNames { Kind::Schema } else { Kind::Keywords };
                    for (name, item) in map {
                        self.walk(item, &child(pointer, name), item_kind, depth + 1);
                    }
                }
                Kind::Keywords => {
                    self.check_example_holder(map, pointer);
                    self.check_enum_default(map, pointer, false);
                    for (key, item) in map {
                        if is_data(key) || key == "examples" {
                            continue;
                        }
                        let item_kind = match key.as_str() {
                            "schema" => Kind::Schema,
                            "schemas" => Kind::SchemaNames,
                            "paths" | "webhooks" | "responses" | "parameters" | "requestBodies"
                            | "headers" | "securitySchemes" | "links" | "callbacks"
                            | "pathItems" | "content" | "encoding" | "variables" => Kind::Names,
                            _ => Kind::Keywords,
                        };
                        // A `parameters` list (not a components map) holds objects.
                        let item_kind = if item.is_array() && item_kind == Kind::Names {
                            Kind::Keywords
                        } else {
                            item_kind
                        };
                        self.walk(item, &child(pointer, key), item_kind, depth + 1);
                    }
                    // A callback is a map of expressions to path items, under a name map.
                }
                Kind::Schema => {
                    self.check_schema(map, pointer);
                    for (key, item) in map {
                        let item_kind = match key.as_str() {
                            "properties" | "patternProperties" | "$defs" | "definitions"
                            | "dependentSchemas" => Kind::SchemaNames,
                            "items"
                            | "additionalItems"
                            | "additionalProperties"
                            | "not"
                            | "contains"
                            | "if"
                            | "then"
                            | "else"
                            | "propertyNames"
                            | "unevaluatedItems"
                            | "unevaluatedProperties"
                            | "contentSchema"
                            | "allOf"
                            | "anyOf"
                            | "oneOf"
                            | "prefixItems" => Kind::Schema,
                            _ => continue,
                        };
                        self.walk(item, &child(pointer, key), item_kind, depth + 1);
                    }
                }
            },
            _ => {}
        }
    }

    /// Media types, parameters and headers: `example` / `examples` against `schema`.
    fn check_example_holder(&mut self, map: &'a Map<String, Value>, pointer: &str) {
        let Some(schema) = map.get("schema") else { return };
        if !map.contains_key("example") && !map.contains_key("examples") {
            return;
        }
        if let Some(media_type) = media_type_of(pointer)
            && !is_json_media_type(&media_type)
        {
            // A form, XML or text example is the serialized body, not a value of the schema.
            return;
        }
        let schema_pointer = child(pointer, "schema");
        let Some(key) = self.schema_key(schema, &schema_pointer) else { return };
        if let Some(example) = map.get("example") {
            self.check_value(
                &key,
                example,
                &child(pointer, "example"),
                codes::EXAMPLE_MISMATCH,
                "example",
            );
        }
        if let Some(Value::Object(examples)) = map.get("examples") {
            let examples_pointer = child(pointer, "examples");
            for (name, example) in examples {
                let example_pointer = child(&examples_pointer, name);
                let Some(example) = self.ctx.follow_value(example, &example_pointer) else {
                    continue;
                };
                // A `$ref`'d Example Object is reported where it is defined, when that is in this file.
                let value_pointer = match (
                    example.get("value"),
                    example_pointer_of(self.ctx, examples.get(name), &example_pointer),
                ) {
                    (Some(_), Some(base)) => child(&base, "value"),
                    _ => continue,
                };
                if let Some(value) = example.get("value") {
                    self.check_value(
                        &key,
                        value,
                        &value_pointer,
                        codes::EXAMPLE_MISMATCH,
                        "example",
                    );
                }
            }
        }
    }

    /// A Schema Object's `default`, `example` and `examples` against itself.
    fn check_schema(&mut self, map: &Map<String, Value>, pointer: &str) {
        if map.contains_key("$ref") && self.ctx.version == OasVersion::V30 {
            // 3.0: siblings of `$ref` are ignored.
            return;
        }
        let reported_enum = self.check_enum_default(map, pointer, true);
        let has_example =
            map.contains_key("example") || matches!(map.get("examples"), Some(Value::Array(_)));
        let has_default = map.contains_key("default") && !reported_enum;
        if !has_example && !has_default {
            return;
        }
        let key = pointer.to_owned();
        if has_default && let Some(default) = map.get("default") {
            self.check_value(
                &key,
                default,
                &child(pointer, "default"),
                codes::DEFAULT_MISMATCH,
                "default",
            );
        }
        if let Some(example) = map.get("example") {
            self.check_value(
                &key,
                example,
                &child(pointer, "example"),
                codes::EXAMPLE_MISMATCH,
                "example",
            );
        }
        if let Some(Value::Array(examples)) = map.get("examples") {
            let examples_pointer = child(pointer, "examples");
            for (index, example) in examples.iter().enumerate() {
                self.check_value(
                    &key,
                    example,
                    &child(&examples_pointer, &index.to_string()),
                    codes::EXAMPLE_MISMATCH,
                    "example",
                );
            }
        }
    }

    /// V211; returns whether it fired.
    fn check_enum_default(
        &mut self,
        map: &Map<String, Value>,
        pointer: &str,
        schema: bool,
    ) -> bool {
        let (Some(default), Some(Value::Array(options))) = (map.get("default"), map.get("enum"))
        else {
            return false;
        };
        if options.is_empty() {
            // An empty `enum` is a structural error (V101), reported there.
            return false;
        }
        let nullable = schema
            && self.ctx.version == OasVersion::V30
            && map.get("nullable") == Some(&Value::Bool(true));
        if options.contains(default) || (nullable && default.is_null()) {
            return false;
        }
        let listed: Vec<String> = options.iter().take(8).map(short).collect();
        let more = if options.len() > 8 { ", …" } else { "" };
        self.out.push(
            Diagnostic::error(
                codes::DEFAULT_OUTSIDE_ENUM,
                format!(
                    "default {} is not one of the enum values ({}{more})",
                    short(default),
                    listed.join(", ")
                ),
            )
            .with_primary(Label::at(self.ctx.file, child(pointer, "default")))
            .with_help("make the default one of the `enum` values, or add it to `enum`"),
        );
        true
    }

    /// The cache key (a root-file pointer) of the schema at `pointer`, following a `$ref`.
    fn schema_key(&self, schema: &'a Value, pointer: &str) -> Option<String> {
        match schema.get("$ref") {
            Some(Value::String(_)) => self.ctx.follow(schema, pointer).map(|(_, target)| target),
            _ => Some(pointer.to_owned()),
        }
    }

    fn validator(&mut self, key: &str) -> Option<&Validator> {
        if !self.cache.contains_key(key) {
            let reference = format!("{DOC_URI}#{}", utf8_percent_encode(key, FRAGMENT));
            let compiled = jsonschema::options()
                .with_draft(self.draft)
                .with_registry(self.registry)
                .offline()
                .should_validate_formats(false)
                .build(&json!({ "$ref": reference }))
                .ok();
            self.cache.insert(key.to_owned(), compiled);
        }
        self.cache.get(key).and_then(Option::as_ref)
    }

    fn check_value(
        &mut self,
        key: &str,
        value: &Value,
        value_pointer: &str,
        code: &'static str,
        what: &str,
    ) {
        let file = self.ctx.file.clone();
        let Some(validator) = self.validator(key) else { return };
        if validator.is_valid(value) {
            return;
        }
        let Some(error) = validator.iter_errors(value).next() else { return };
        let at = error.instance_path().as_str();
        let mut pointer = value_pointer.to_owned();
        pointer.push_str(at);
        let inner = if at.is_empty() { String::new() } else { format!(" at `{at}`") };
        let mut reason = error.to_string();
        if reason.chars().count() > 120 {
            reason = reason.chars().take(117).collect::<String>() + "...";
        }
        let diagnostic = if code == codes::DEFAULT_MISMATCH {
            Diagnostic::error(code, format!("{what} does not match its schema{inner}: {reason}"))
                .with_help("change the default to a value the schema accepts")
        } else {
            Diagnostic::warning(code, format!("{what} does not match its schema{inner}: {reason}"))
                .with_help("fix the example (or the schema, if the example is right)")
        };
        self.out.push(diagnostic.with_primary(Label::at(&file, pointer)));
    }
}

/// Where an `examples` entry's Example Object is, in the root file.
fn example_pointer_of<'a>(
    ctx: &Ctx<'a>,
    entry: Option<&'a Value>,
    entry_pointer: &str,
) -> Option<String> {
    let entry = entry?;
    ctx.follow(entry, entry_pointer).map(|(_, pointer)| pointer)
}

/// The media type name when `pointer` is a Media Type Object (`…/content/<name>`).
fn media_type_of(pointer: &str) -> Option<String> {
    let (parent, name) = pointer.rsplit_once('/')?;
    parent.ends_with("/content").then(|| name.replace("~1", "/").replace("~0", "~"))
}

/// `application/json`, `application/problem+json`, `text/json; charset=utf-8`…
fn is_json_media_type(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence.ends_with("/json") || essence.ends_with("+json")
}

fn is_data(key: &str) -> bool {
    matches!(key, "example" | "default" | "enum" | "const" | "value") || key.starts_with("x-")
}

/// A copy of a 3.0 document in which every `nullable: true` object with a `type` accepts null.
fn nullable_to_type(value: &Value, depth: usize) -> Value {
    match value {
        Value::Object(map) if depth < MAX_DEPTH => {
            let mut out: Map<String, Value> = map
                .iter()
                .map(|(k, v)| {
                    (k.clone(), if is_data(k) { v.clone() } else { nullable_to_type(v, depth + 1) })
                })
                .collect();
            if out.get("nullable") == Some(&Value::Bool(true)) {
                if let Some(Value::String(kind)) = out.get("type") {
                    let kind = kind.clone();
                    out.insert("type".into(), json!([kind, "null"]));
                }
                if let Some(Value::Array(options)) = out.get_mut("enum")
                    && !options.contains(&Value::Null)
                {
                    options.push(Value::Null);
                }
            }
            Value::Object(out)
        }
        Value::Array(items) if depth < MAX_DEPTH => {
            Value::Array(items.iter().map(|v| nullable_to_type(v, depth + 1)).collect())
        }
        other => other.clone(),
    }
}

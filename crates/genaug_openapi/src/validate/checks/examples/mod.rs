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
//! its Schema Object extends. Formats are not checked
//! (OpenAPI formats such as `int64` are annotations). A schema that does not compile (the
//! structural check reports why) is skipped, as are `externalValue`s and schemas in other files.
//!
//! Speed: a large document has thousands of schemas with examples, most of them reaching the same
//! component schemas through `$ref`. The walk first collects every value to check; the quick pass
//! (`quick.rs`) proves most of them valid without compiling anything (GitHub's spec: all but 278
//! of 5,242). Compiling one validator per remaining schema would compile (and later free) shared
//! components again each time, so every distinct schema left is compiled *together*, as the `properties` of one wrapper schema
//! (`{"properties": {"0": {"$ref": …}, "1": …}}`), where jsonschema compiles each `$ref` target
//! once. A value is then checked as the only property of a one-entry object, which runs exactly
//! the validator of its own schema; the wrapper's property name is cut from the error's instance
//! path. When the wrapper does not compile (some schema does not), the schemas are split in halves
//! until each group compiles or is a single schema that does not, which is then skipped as before.

mod quick;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use genaug_diagnostics::{Diagnostic, Label};
use jsonschema::{Draft, Registry, Validator};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Map, Value, json};

use crate::OasVersion;
use crate::validate::codes;
use crate::validate::context::{Ctx, child};
use crate::validate::structure::short;
use genaug_source::push_token;

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
    let (schemas, pending) = collect(ctx);
    let (schemas, pending) = undecided(ctx, &schemas, pending);
    let (schemas_doc, draft) = registered_document(ctx, &schemas);
    let Some(registry) = registry(&schemas_doc, draft) else { return };
    // Two halves of the schemas, compiled and checked on two threads (each compiles the
    // components its half reaches; most are shared, but the wall time is what counts).
    let split = if schemas.len() >= PARALLEL_FROM { schemas.len() / 2 } else { schemas.len() };
    let mut halves: [Vec<(usize, Request<'_>)>; 2] = [Vec::new(), Vec::new()];
    let mut found: Vec<Option<Diagnostic>> = Vec::with_capacity(pending.len());
    for (position, item) in pending.into_iter().enumerate() {
        match item {
            Pending::Done(diagnostic) => found.push(Some(diagnostic)),
            Pending::Check(request) => {
                found.push(None);
                halves[usize::from(request.schema >= split)].push((position, request));
            }
        }
    }
    let [first, second] = halves;
    let group = |range: std::ops::Range<usize>, requests: Vec<(usize, Request<'_>)>| {
        let compiled = Compiled::new(&registry, draft, &schemas, range);
        requests
            .into_iter()
            .filter_map(|(position, request)| Some((position, compiled.check(ctx, request)?)))
            .collect::<Vec<_>>()
    };
    let results = if second.is_empty() {
        group(0..split, first)
    } else {
        std::thread::scope(|scope| {
            let other = scope.spawn(|| group(split..schemas.len(), second));
            let mut results = group(0..split, first);
            results.extend(other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
            results
        })
    };
    for (position, diagnostic) in results {
        found[position] = Some(diagnostic);
    }
    out.extend(found.into_iter().flatten());
}

/// The values [`quick`] cannot prove valid, and the schemas they need (renumbered); the others
/// are left out (see `quick.rs` for why the findings do not change).
fn undecided<'a>(
    ctx: &Ctx<'a>,
    schemas: &[String],
    pending: Vec<Pending<'a>>,
) -> (Vec<String>, Vec<Pending<'a>>) {
    let quick = quick::Quick::new(ctx.root, ctx.version, ctx.file.text());
    let mut renumbered: Vec<Option<usize>> = vec![None; schemas.len()];
    let mut needed: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(pending.len());
    for item in pending {
        match item {
            Pending::Check(request)
                if quick.check(&schemas[request.schema], request.value)
                    == quick::Verdict::Valid => {}
            Pending::Check(mut request) => {
                let index = *renumbered[request.schema].get_or_insert_with(|| {
                    needed.push(schemas[request.schema].clone());
                    needed.len() - 1
                });
                request.schema = index;
                out.push(Pending::Check(request));
            }
            done @ Pending::Done(_) => out.push(done),
        }
    }
    (needed, out)
}

/// Walks the document: the pointers of the schemas that have something to check, and every
/// finding or check in walk order.
fn collect<'a>(ctx: &Ctx<'a>) -> (Vec<String>, Vec<Pending<'a>>) {
    let mut checker =
        Checker { ctx, keys: HashMap::new(), schemas: Vec::new(), pending: Vec::new() };
    checker.walk(ctx.root, &mut String::new(), Kind::Keywords, 0);
    (checker.schemas, checker.pending)
}

/// The document the validators resolve `schemas` in, and its draft (see the module docs).
fn registered_document<'a>(ctx: &Ctx<'a>, schemas: &[String]) -> (Cow<'a, Value>, Draft) {
    match ctx.version {
        OasVersion::V30 => {
            let converted = converted_schemas(ctx.root, schemas)
                .unwrap_or_else(|| nullable_to_type(ctx.root, 0));
            (Cow::Owned(converted), Draft::Draft4)
        }
        OasVersion::V31 => (Cow::Borrowed(ctx.root), Draft::Draft202012),
    }
}

fn registry(document: &Value, draft: Draft) -> Option<Registry<'_>> {
    Registry::new()
        .draft(draft)
        .retrieve_known_draft_meta_schemas(false)
        .add(DOC_URI, document)
        .and_then(|builder| builder.prepare())
        .ok()
}

/// Below this many schemas, one thread compiles them all.
const PARALLEL_FROM: usize = 64;

/// A value to check against a schema, found by the walk.
struct Request<'a> {
    /// Index of the schema in `Checker::schemas`.
    schema: usize,
    value: &'a Value,
    pointer: String,
    code: &'static str,
    what: &'static str,
}

/// The walk's results, in walk order.
enum Pending<'a> {
    Done(Diagnostic),
    Check(Request<'a>),
}

/// The validators of a range of the checked schemas, compiled together (see the module docs).
struct Compiled {
    /// Per schema: the validator that holds it and its property name in that validator's wrapper.
    by_schema: Vec<Option<(usize, String)>>,
    validators: Vec<Validator>,
}

impl Compiled {
    fn new(
        registry: &Registry<'_>,
        draft: Draft,
        schemas: &[String],
        range: std::ops::Range<usize>,
    ) -> Compiled {
        let mut compiled =
            Compiled { by_schema: vec![None; schemas.len()], validators: Vec::new() };
        let group: Vec<usize> = range.collect();
        compiled.compile(registry, draft, schemas, &group);
        compiled
    }

    fn compile(
        &mut self,
        registry: &Registry<'_>,
        draft: Draft,
        schemas: &[String],
        group: &[usize],
    ) {
        if group.is_empty() {
            return;
        }
        let properties: Map<String, Value> = group
            .iter()
            .map(|&i| {
                let reference = format!("{DOC_URI}#{}", utf8_percent_encode(&schemas[i], FRAGMENT));
                (i.to_string(), json!({ "$ref": reference }))
            })
            .collect();
        let wrapper = json!({ "properties": properties });
        let built = jsonschema::options()
            .with_draft(draft)
            .with_registry(registry)
            .offline()
            .should_validate_formats(false)
            .build(&wrapper);
        match built {
            Ok(validator) => {
                let index = self.validators.len();
                self.validators.push(validator);
                for &i in group {
                    self.by_schema[i] = Some((index, i.to_string()));
                }
            }
            // A single schema that does not compile is skipped (the structural check says why).
            Err(_) if group.len() == 1 => {}
            Err(_) => {
                let (left, right) = group.split_at(group.len() / 2);
                self.compile(registry, draft, schemas, left);
                self.compile(registry, draft, schemas, right);
            }
        }
    }

    /// Whether the validator of `schema` accepts `value` (`None`: the schema did not compile).
    #[cfg(test)]
    fn accepts(&self, schema: usize, value: &Value) -> Option<bool> {
        let (index, name) = self.by_schema[schema].as_ref()?;
        let instance = json!({ name.clone(): value });
        Some(self.validators[*index].is_valid(&instance))
    }

    fn check(&self, ctx: &Ctx<'_>, request: Request<'_>) -> Option<Diagnostic> {
        let (index, name) = self.by_schema[request.schema].as_ref()?;
        let validator = &self.validators[*index];
        let mut instance = Map::with_capacity(1);
        instance.insert(name.clone(), request.value.clone());
        let instance = Value::Object(instance);
        if validator.is_valid(&instance) {
            return None;
        }
        let error = validator.iter_errors(&instance).next()?;
        let full = error.instance_path().as_str();
        // `/<name>` then the path inside the value.
        let at = full.get(1 + name.len()..).unwrap_or("");
        let mut pointer = request.pointer;
        pointer.push_str(at);
        let inner = if at.is_empty() { String::new() } else { format!(" at `{at}`") };
        let mut reason = error.to_string();
        if reason.chars().count() > 120 {
            reason = reason.chars().take(117).collect::<String>() + "...";
        }
        let (code, what) = (request.code, request.what);
        let diagnostic = if code == codes::DEFAULT_MISMATCH {
            Diagnostic::error(code, format!("{what} does not match its schema{inner}: {reason}"))
                .with_help("change the default to a value the schema accepts")
        } else {
            Diagnostic::warning(code, format!("{what} does not match its schema{inner}: {reason}"))
                .with_help("fix the example (or the schema, if the example is right)")
        };
        Some(diagnostic.with_primary(Label::at(ctx.file, pointer)))
    }
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

/// Which of the keys the checks read an object has. Found in one pass over its keys: most
/// objects of a large spec have none of them, and hashing each name to look it up was most
/// of the walk's cost.
#[derive(Default)]
struct DataKeys {
    schema: bool,
    example: bool,
    examples: bool,
    default: bool,
    enumeration: bool,
}

impl DataKeys {
    fn of(map: &Map<String, Value>) -> DataKeys {
        let mut keys = DataKeys::default();
        for key in map.keys() {
            match key.as_str() {
                "schema" => keys.schema = true,
                "example" => keys.example = true,
                "examples" => keys.examples = true,
                "default" => keys.default = true,
                "enum" => keys.enumeration = true,
                _ => {}
            }
        }
        keys
    }
}

/// Deepest nesting walked.
const MAX_DEPTH: usize = 512;

struct Checker<'c, 'a> {
    ctx: &'c Ctx<'a>,
    /// Index in `schemas` of each schema (by its pointer) that has something to check.
    keys: HashMap<String, usize>,
    /// The pointers of those schemas, in the order first met.
    schemas: Vec<String>,
    pending: Vec<Pending<'a>>,
}

impl<'a> Checker<'_, 'a> {
    /// Walks `value`, at `pointer` (a buffer the walk extends and restores for each child).
    fn walk(&mut self, value: &'a Value, pointer: &mut String, kind: Kind, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match value {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let len = pointer.len();
                    push_token(pointer, &index.to_string());
                    self.walk(item, pointer, kind, depth + 1);
                    pointer.truncate(len);
                }
            }
            Value::Object(map) => match kind {
                Kind::Names | Kind::SchemaNames => {
                    let item_kind =
                        if kind == Kind::SchemaNames { Kind::Schema } else { Kind::Keywords };
                    for (name, item) in map {
                        let len = pointer.len();
                        push_token(pointer, name);
                        self.walk(item, pointer, item_kind, depth + 1);
                        pointer.truncate(len);
                    }
                }
                Kind::Keywords => {
                    let keys = DataKeys::of(map);
                    if keys.schema && (keys.example || keys.examples) {
                        self.check_example_holder(map, pointer);
                    }
                    if keys.default && keys.enumeration {
                        self.check_enum_default(map, pointer, false);
                    }
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
                        let len = pointer.len();
                        push_token(pointer, key);
                        self.walk(item, pointer, item_kind, depth + 1);
                        pointer.truncate(len);
                    }
                    // A callback is a map of expressions to path items, under a name map.
                }
                Kind::Schema => {
                    let keys = DataKeys::of(map);
                    if keys.example || keys.examples || keys.default {
                        self.check_schema(map, pointer);
                    }
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
                        let len = pointer.len();
                        push_token(pointer, key);
                        self.walk(item, pointer, item_kind, depth + 1);
                        pointer.truncate(len);
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
    fn check_schema(&mut self, map: &'a Map<String, Value>, pointer: &str) {
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
        self.pending.push(Pending::Done(
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
        ));
        true
    }

    /// The cache key (a root-file pointer) of the schema at `pointer`, following a `$ref`.
    fn schema_key(&self, schema: &'a Value, pointer: &str) -> Option<String> {
        match schema.get("$ref") {
            Some(Value::String(_)) => self.ctx.follow(schema, pointer).map(|(_, target)| target),
            _ => Some(pointer.to_owned()),
        }
    }

    /// Queues `value` (at `value_pointer`) to be checked against the schema at `key`.
    fn check_value(
        &mut self,
        key: &str,
        value: &'a Value,
        value_pointer: &str,
        code: &'static str,
        what: &'static str,
    ) {
        let schema = match self.keys.get(key) {
            Some(&index) => index,
            None => {
                let index = self.schemas.len();
                self.schemas.push(key.to_owned());
                self.keys.insert(key.to_owned(), index);
                index
            }
        };
        self.pending.push(Pending::Check(Request {
            schema,
            value,
            pointer: value_pointer.to_owned(),
            code,
            what,
        }));
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
    convert_nullable(value, depth, false)
}

/// Keys whose value maps *names* to schemas (or other objects): under them, `value`, `default`,
/// `example`… are property names, not data.
fn is_name_map(key: &str) -> bool {
    matches!(
        key,
        "properties"
            | "patternProperties"
            | "$defs"
            | "definitions"
            | "dependentSchemas"
            | "schemas"
    )
}

/// [`nullable_to_type`] of an object whose keys are names (`names`) or keywords.
fn convert_nullable(value: &Value, depth: usize, names: bool) -> Value {
    match value {
        Value::Object(map) if depth < MAX_DEPTH => {
            let mut out: Map<String, Value> = map
                .iter()
                .map(|(k, v)| {
                    let converted = if !names && is_data(k) {
                        v.clone()
                    } else {
                        convert_nullable(v, depth + 1, !names && is_name_map(k))
                    };
                    (k.clone(), converted)
                })
                .collect();
            if !names && out.get("nullable") == Some(&Value::Bool(true)) {
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
            Value::Array(items.iter().map(|v| convert_nullable(v, depth + 1, false)).collect())
        }
        other => other.clone(),
    }
}

/// The part of `nullable_to_type(root, 0)` that compiling the schemas at `keys` can reach: each
/// schema, and everything a `$ref` inside it names, transitively, at the same pointers (converted
/// exactly as the whole copy would convert them), in an otherwise empty document. Much smaller and
/// faster than converting the whole document, whose examples and operations are most of it.
///
/// `None` (convert the whole document instead) when the document could make resolution depend on
/// more than those values: a `$ref` that is not a `#/…` pointer (a URL, another file, an `id`, the
/// whole document), or a root with JSON Schema keywords (which would make it a schema itself).
fn converted_schemas(root: &Value, keys: &[String]) -> Option<Value> {
    const SCHEMA_ROOT_KEYWORDS: [&str; 14] = [
        "$schema",
        "id",
        "$ref",
        "definitions",
        "properties",
        "patternProperties",
        "additionalProperties",
        "additionalItems",
        "items",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "dependencies",
    ];
    let map = root.as_object()?;
    if SCHEMA_ROOT_KEYWORDS.iter().any(|k| map.contains_key(*k)) {
        return None;
    }
    let mut sparse = Value::Object(Map::new());
    let mut included: HashSet<Vec<String>> = HashSet::new();
    let mut queue: Vec<Vec<String>> =
        keys.iter().map(|key| pointer_tokens(key)).collect::<Option<_>>()?;
    queue.reverse();
    while let Some(path) = queue.pop() {
        if (0..=path.len()).any(|n| included.contains(&path[..n])) {
            continue;
        }
        let Some(converted) = converted_at(root, &path) else { continue };
        let mut refs = Vec::new();
        collect_refs(&converted, &mut refs, 0);
        for reference in refs {
            let fragment = reference.strip_prefix("#/")?;
            queue.push(pointer_tokens(&format!("/{fragment}"))?);
        }
        insert_at(&mut sparse, root, &path, converted)?;
        included.insert(path);
    }
    Some(sparse)
}

/// The unescaped tokens of a JSON pointer (`/a/b~1c`), percent-decoded as a URI fragment first.
fn pointer_tokens(pointer: &str) -> Option<Vec<String>> {
    let decoded = percent_encoding::percent_decode_str(pointer).decode_utf8().ok()?;
    let rest = decoded.strip_prefix('/')?;
    Some(rest.split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect())
}

/// The value at `path` in an array, as `referencing` reads an index.
fn array_item<'v>(items: &'v [Value], token: &str) -> Option<&'v Value> {
    items.get(token.parse::<usize>().ok()?)
}

/// `nullable_to_type(root, 0)` at `path`, converting only that value.
fn converted_at(root: &Value, path: &[String]) -> Option<Value> {
    let mut node = root;
    // Below a data key (or the depth limit) the copy is verbatim.
    let mut verbatim = false;
    // The current object's keys are names (under `properties` etc.), not keywords.
    let mut names = false;
    for (depth, token) in path.iter().enumerate() {
        let child = match node {
            Value::Object(map) => {
                let child = map.get(token)?;
                if !verbatim && depth < MAX_DEPTH {
                    if !names
                        && map.get("nullable") == Some(&Value::Bool(true))
                        && (token == "type" || token == "enum")
                    {
                        // The copy of this object rewrites `type` and `enum`: take them from it.
                        let whole = convert_nullable(node, depth, names);
                        return value_at(&whole, &path[depth..]).cloned();
                    }
                    verbatim = !names && is_data(token);
                    names = !names && is_name_map(token);
                } else {
                    verbatim = true;
                }
                child
            }
            Value::Array(items) => {
                verbatim |= depth >= MAX_DEPTH;
                names = false;
                array_item(items, token)?
            }
            _ => return None,
        };
        node = child;
    }
    Some(if verbatim { node.clone() } else { convert_nullable(node, path.len(), names) })
}

fn value_at<'v>(mut node: &'v Value, path: &[String]) -> Option<&'v Value> {
    for token in path {
        node = match node {
            Value::Object(map) => map.get(token)?,
            Value::Array(items) => array_item(items, token)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Every string `$ref` anywhere in `value` (data included: a superset is harmless).
fn collect_refs<'v>(value: &'v Value, out: &mut Vec<&'v str>, depth: usize) {
    if depth > MAX_DEPTH + 8 {
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                match item {
                    Value::String(reference) if key == "$ref" => out.push(reference),
                    _ => collect_refs(item, out, depth + 1),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out, depth + 1)),
        _ => {}
    }
}

/// Puts `value` at `path` in `sparse`, creating the objects and arrays (padded with nulls, which
/// nothing refers to) that lead there, as they are in `root`.
fn insert_at(sparse: &mut Value, root: &Value, path: &[String], value: Value) -> Option<()> {
    let mut slot = sparse;
    let mut original = root;
    for token in path {
        match original {
            Value::Object(map) => {
                original = map.get(token)?;
                if !slot.is_object() {
                    *slot = Value::Object(Map::new());
                }
                let Value::Object(out) = slot else { return None };
                slot = out.entry(token.clone()).or_insert(Value::Null);
            }
            Value::Array(items) => {
                let index = token.parse::<usize>().ok()?;
                original = items.get(index)?;
                if !slot.is_array() {
                    *slot = Value::Array(Vec::new());
                }
                let Value::Array(out) = slot else { return None };
                if out.len() <= index {
                    out.resize(index + 1, Value::Null);
                }
                slot = &mut out[index];
            }
            _ => return None,
        }
    }
    *slot = value;
    Some(())
}

//! Structural validation against the official OpenAPI JSON Schemas, embedded in the binary.
//!
//! - 3.0 documents: `oas/3.0/schema/2024-10-18` (draft-04).
//! - 3.1 documents: `oas/3.1/schema-base/2025-11-23` (the document schema plus the OAS dialect,
//!   so Schema Objects are checked too), with the dialect and vocabulary meta-schema it reaches
//!   registered in a `Registry`, so compiling never touches the network. A 3.1 document that
//!   declares another `jsonSchemaDialect` is checked against `oas/3.1/schema/2025-11-23` only
//!   (Schema Objects are then in a dialect genaug does not know; `V104` says so).
//!
//! Each validator is compiled once per process. A valid document costs one `is_valid` pass; only
//! an invalid one pays for error collection.
//!
//! When a `oneOf`/`anyOf` fails, the errors of every branch are available; reporting them all
//! is a wall of text about alternatives the author never meant. [`best_errors`] keeps the branch
//! that got furthest into the instance (deepest instance location, then fewest errors, then the
//! first listed) and recurses into it, so each finding names the one most relevant cause.
//! Findings are then reduced to one per distinct instance location.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use genaug_diagnostics::{Diagnostic, Label};
use genaug_source::{SourceFile, push_token};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, Registry, Resource, ValidationError, Validator};
use serde_json::Value;

use super::codes;
use crate::OasVersion;

const OAS30_SCHEMA: &str = include_str!("../../schemas/oas-3.0-schema-2024-10-18.json");
const OAS31_SCHEMA: &str = include_str!("../../schemas/oas-3.1-schema-2025-11-23.json");
const OAS31_SCHEMA_BASE: &str = include_str!("../../schemas/oas-3.1-schema-base-2025-11-23.json");
const OAS31_DIALECT: &str = include_str!("../../schemas/oas-3.1-dialect-2024-11-10.json");
const OAS31_META: &str = include_str!("../../schemas/oas-3.1-meta-2024-11-10.json");

const OAS31_SCHEMA_ID: &str = "https://spec.openapis.org/oas/3.1/schema/2025-11-23";
/// The dialect `schema-base` validates Schema Objects with (and the default of `jsonSchemaDialect`).
pub(crate) const OAS31_DIALECT_ID: &str = "https://spec.openapis.org/oas/3.1/dialect/2024-11-10";
const OAS31_META_ID: &str = "https://spec.openapis.org/oas/3.1/meta/2024-11-10";

/// Which embedded schema a document is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    V30,
    /// 3.1 with Schema Object validation (the OAS dialect).
    V31Base,
    /// 3.1 without Schema Object validation (a custom `jsonSchemaDialect`).
    V31NoSchemas,
}

fn parse_embedded(text: &str) -> Value {
    serde_json::from_str(text).expect("embedded OpenAPI JSON Schemas are valid JSON")
}

fn compile(flavor: Flavor) -> Validator {
    match flavor {
        Flavor::V30 => jsonschema::options()
            .with_draft(Draft::Draft4)
            .offline()
            .build(&parse_embedded(OAS30_SCHEMA))
            .expect("the embedded OAS 3.0 schema compiles"),
        Flavor::V31Base | Flavor::V31NoSchemas => {
            let registry = Registry::new()
                .retrieve_known_draft_meta_schemas(false)
                .extend([
                    (OAS31_SCHEMA_ID, Resource::from_contents(parse_embedded(OAS31_SCHEMA))),
                    (OAS31_DIALECT_ID, Resource::from_contents(parse_embedded(OAS31_DIALECT))),
                    (OAS31_META_ID, Resource::from_contents(parse_embedded(OAS31_META))),
                ])
                .and_then(|builder| builder.prepare())
                .expect("the embedded OAS 3.1 schemas register");
            let root = if flavor == Flavor::V31Base { OAS31_SCHEMA_BASE } else { OAS31_SCHEMA };
            jsonschema::options()
                .with_draft(Draft::Draft202012)
                .with_registry(&registry)
                .offline()
                .build(&parse_embedded(root))
                .expect("the embedded OAS 3.1 schema compiles")
        }
    }
}

/// The compiled validator for `flavor`, built on first use.
pub(crate) fn validator(flavor: Flavor) -> &'static Validator {
    static V30: OnceLock<Validator> = OnceLock::new();
    static V31_BASE: OnceLock<Validator> = OnceLock::new();
    static V31_NO_SCHEMAS: OnceLock<Validator> = OnceLock::new();
    let slot = match flavor {
        Flavor::V30 => &V30,
        Flavor::V31Base => &V31_BASE,
        Flavor::V31NoSchemas => &V31_NO_SCHEMAS,
    };
    slot.get_or_init(|| compile(flavor))
}

/// Checks `value` against the official schema of `version`; one finding per distinct location.
pub(crate) fn check(file: &Arc<SourceFile>, value: &Value, version: OasVersion) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let flavor = match version {
        OasVersion::V30 => Flavor::V30,
        OasVersion::V31 => match value.get("jsonSchemaDialect") {
            Some(Value::String(dialect)) if dialect != OAS31_DIALECT_ID => {
                out.push(
                    Diagnostic::info(
                        codes::UNKNOWN_DIALECT,
                        format!("schema objects use the dialect `{dialect}`, which genaug does not know; their structure is not checked"),
                    )
                    .with_primary(Label::at(file, "/jsonSchemaDialect"))
                    .with_help(format!("omit `jsonSchemaDialect` or set it to `{OAS31_DIALECT_ID}` to have schemas checked")),
                );
                Flavor::V31NoSchemas
            }
            _ => Flavor::V31Base,
        },
    };
    let validator = validator(flavor);
    if validator.is_valid(value) {
        return out;
    }
    let errors: Vec<ValidationError<'_>> = validator.iter_errors(value).collect();
    let mut picked = Vec::new();
    best_errors(&errors, &mut picked);
    // A subschema that fails drops its annotations, so every key it evaluated then looks
    // "unevaluated": an unknown-key error is only believed where nothing else failed at or under
    // that object.
    // (A missing key of the object itself does not drop its siblings' annotations.)
    let others: Vec<(&str, bool)> = picked
        .iter()
        .filter(|e| !matches!(e.kind(), ValidationErrorKind::UnevaluatedProperties { .. }))
        .map(|e| {
            let required = matches!(e.kind(), ValidationErrorKind::Required { .. });
            (e.instance_path().as_str(), required)
        })
        .collect();
    picked.retain(|e| {
        let at = e.instance_path().as_str();
        !matches!(e.kind(), ValidationErrorKind::UnevaluatedProperties { .. })
            || !others
                .iter()
                .any(|(other, required)| is_at_or_under(other, at) && !(*required && *other == at))
    });
    let mut by_location: BTreeMap<String, Finding> = BTreeMap::new();
    for error in picked {
        for finding in describe(error) {
            by_location
                .entry(finding.pointer.clone())
                .and_modify(|existing| {
                    if finding.rank < existing.rank {
                        *existing = finding.clone();
                    }
                })
                .or_insert(finding);
        }
    }
    out.extend(by_location.into_values().map(|finding| finding.into_diagnostic(file)));
    out
}

/// One structural finding before it becomes a [`Diagnostic`].
#[derive(Debug, Clone)]
struct Finding {
    code: &'static str,
    pointer: String,
    on_key: bool,
    message: String,
    help: String,
    /// Lower wins when two errors land on the same location (missing/unknown keys first).
    rank: u8,
}

impl Finding {
    fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        let label = if self.on_key {
            Label::at_key(file, self.pointer)
        } else {
            Label::at(file, self.pointer)
        };
        Diagnostic::error(self.code, self.message).with_primary(label).with_help(self.help)
    }
}

/// Whether `pointer` is `ancestor` or inside it.
fn is_at_or_under(pointer: &str, ancestor: &str) -> bool {
    pointer == ancestor
        || (pointer.starts_with(ancestor) && pointer.as_bytes().get(ancestor.len()) == Some(&b'/'))
}

/// How deep an instance location is (number of pointer tokens).
fn depth(error: &ValidationError<'_>) -> usize {
    error.instance_path().as_str().matches('/').count()
}

/// The errors of the branch that explains the failure best, recursively; non-alternative
/// errors are kept as they are.
fn best_errors<'e, 'a>(errors: &'e [ValidationError<'a>], out: &mut Vec<&'e ValidationError<'a>>) {
    for error in errors {
        match error.kind() {
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context }
                if !context.is_empty() =>
            {
                out.extend(pick_branch(context, error.instance_path().as_str()));
            }
            _ => out.push(error),
        }
    }
}

/// Scores each alternative's errors (after its own alternatives are reduced) and returns the
/// best: first one that failed on something other than "this is not my kind of object" (see
/// [`is_mismatch`]), then the one reaching deepest into the instance, then the one with fewest
/// errors, then the first listed.
fn pick_branch<'e>(
    branches: &'e [Vec<ValidationError<'static>>],
    base: &str,
) -> Vec<&'e ValidationError<'static>> {
    type Score = (bool, usize, std::cmp::Reverse<usize>);
    let mut best: Option<(Score, Vec<&'e ValidationError<'static>>)> = None;
    for branch in branches {
        let mut reduced = Vec::new();
        best_errors(branch, &mut reduced);
        if reduced.is_empty() {
            continue;
        }
        let applies = !reduced.iter().all(|e| is_mismatch(e, base));
        let deepest = reduced.iter().map(|e| depth(e)).max().unwrap_or(0);
        let score = (applies, deepest, std::cmp::Reverse(reduced.len()));
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, reduced));
        }
    }
    best.map(|(_, errors)| errors).unwrap_or_default()
}

/// An error saying the alternative does not apply to this kind of value at all, rather than
/// that the author got something wrong inside it: the wrong JSON type for the whole value, a
/// Reference Object's missing `$ref`, or a different value of a key the OAS schemas use to tell
/// alternatives apart (`in` of a Parameter, `type` of a Security Scheme, a `style`).
fn is_mismatch(error: &ValidationError<'_>, base: &str) -> bool {
    let at = error.instance_path().as_str();
    match error.kind() {
        ValidationErrorKind::Type { .. } => at == base,
        ValidationErrorKind::FalseSchema => true,
        ValidationErrorKind::Required { property } => property.as_str() == Some("$ref"),
        ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. } => {
            at.strip_prefix(base).is_some_and(|rest| matches!(rest, "/in" | "/type" | "/style"))
        }
        _ => false,
    }
}

fn json_type_name(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => t.to_string(),
        TypeKind::Multiple(set) => {
            let names: Vec<String> = set.iter().map(|t| format!("{t}")).collect();
            names.join(" or ")
        }
    }
}

fn instance_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A short rendering of a JSON value for messages.
pub(crate) fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

fn what(pointer: &str) -> String {
    let unescape = |token: &str| token.replace("~1", "/").replace("~0", "~");
    match pointer.rsplit_once('/') {
        None => "the document".to_owned(),
        Some((parent, last)) if last.bytes().all(|b| b.is_ascii_digit()) => {
            match parent.rsplit_once('/') {
                Some((_, list)) => format!("item {last} of `{}`", unescape(list)),
                None => format!("item {last}"),
            }
        }
        Some((_, last)) => format!("`{}`", unescape(last)),
    }
}

/// Turns one schema error into findings (an unknown-keys error names each key separately).
fn describe(error: &ValidationError<'_>) -> Vec<Finding> {
    let pointer = error.instance_path().as_str().to_owned();
    let at = what(&pointer);
    let finding = |code, message: String, help: String, rank| Finding {
        code,
        pointer: pointer.clone(),
        on_key: false,
        message,
        help,
        rank,
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => unexpected
            .iter()
            .map(|key| {
                let mut key_pointer = pointer.clone();
                push_token(&mut key_pointer, key);
                Finding {
                    code: codes::UNKNOWN_FIELD,
                    pointer: key_pointer,
                    on_key: true,
                    message: format!("unknown field `{key}` in {at}"),
                    help: format!(
                        "remove `{key}`, fix its spelling, or rename it `x-{key}` to keep it as an extension"
                    ),
                    rank: 0,
                }
            })
            .collect(),
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().map_or_else(|| property.to_string(), str::to_owned);
            vec![Finding {
                on_key: true,
                ..finding(
                    codes::MISSING_FIELD,
                    format!("{at} is missing the required field `{name}`"),
                    format!("add `{name}`"),
                    1,
                )
            }]
        }
        ValidationErrorKind::Type { kind } => vec![finding(
            codes::INVALID_VALUE,
            format!(
                "{at} must be {}, found {}",
                with_article(&json_type_name(kind)),
                with_article(instance_type(error.instance()))
            ),
            format!("write {} here", with_article(&json_type_name(kind))),
            2,
        )],
        ValidationErrorKind::Enum { options } => vec![finding(
            codes::INVALID_VALUE,
            format!("{at} is {}, not one of {}", short(error.instance()), short(options)),
            "use one of the allowed values".to_owned(),
            2,
        )],
        ValidationErrorKind::Constant { expected_value } => vec![finding(
            codes::INVALID_VALUE,
            format!("{at} must be {}", short(expected_value)),
            format!("write {}", short(expected_value)),
            2,
        )],
        ValidationErrorKind::Pattern { pattern } => vec![finding(
            codes::INVALID_VALUE,
            format!("{at} is {}, which does not match `{pattern}`", short(error.instance())),
            "write a value of the expected form".to_owned(),
            2,
        )],
        ValidationErrorKind::FalseSchema => vec![finding(
            codes::INVALID_VALUE,
            format!("{at} is not allowed here"),
            format!("remove {at}"),
            2,
        )],
        ValidationErrorKind::MinItems { limit } => vec![finding(
            codes::INVALID_VALUE,
            format!("{at} must have at least {limit} item{}", if *limit == 1 { "" } else { "s" }),
            "add the missing items or remove the field".to_owned(),
            2,
        )],
        ValidationErrorKind::OneOfMultipleValid { .. } => vec![finding(
            codes::INVALID_VALUE,
            format!("{at} matches more than one of the allowed forms"),
            "remove the fields that make it ambiguous".to_owned(),
            3,
        )],
        ValidationErrorKind::Not { schema } if exclusive_fields(schema).is_some() => {
            let fields = exclusive_fields(schema).unwrap_or_default();
            vec![finding(
                codes::INVALID_VALUE,
                format!("{at} must not have both {}", fields.join(" and ")),
                format!("keep only one of {}", fields.join(" and ")),
                2,
            )]
        }
        ValidationErrorKind::Not { .. } => vec![finding(
            codes::INVALID_VALUE,
            format!("{at} has a combination of fields that is not allowed here"),
            "remove the conflicting field (see the OpenAPI specification for this object)".to_owned(),
            3,
        )],
        _ => vec![finding(
            codes::INVALID_VALUE,
            format!("{at}: {}", lower_first(&error.masked().to_string())),
            "change the value to what the OpenAPI specification allows here".to_owned(),
            3,
        )],
    }
}

/// `not: {required: [a, b]}`: the fields that exclude each other, as `` `a` ``.
fn exclusive_fields(schema: &Value) -> Option<Vec<String>> {
    let map = schema.as_object()?;
    let required = map.get("required")?.as_array()?;
    if map.len() != 1 || required.len() < 2 {
        return None;
    }
    required.iter().map(|v| v.as_str().map(|s| format!("`{s}`"))).collect()
}

fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {noun}")
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

//! A quick, conservative first pass over the example checks: most examples are valid, and
//! proving that by reading the schema in place costs microseconds, where compiling a validator
//! for it (what the authoritative check does) costs far more. On GitHub's spec, 5,242 values
//! against 4,685 schemas: compiling them all took ~85 ms of CPU plus ~30 ms to convert and
//! ~25 ms to free them.
//!
//! [`Quick::check`] answers [`Verdict::Valid`] only when it is sure the compiled validator
//! would accept the value. It understands the vocabulary real specs use (types, `enum`,
//! `properties`/`required`/`additionalProperties`, `items`, lengths and bounds, the combinators,
//! local `$ref`s) in both dialects (3.0: draft-04 with `nullable` converted as the module above
//! converts it; 3.1: 2020-12). Anything it is not sure about is [`Verdict::Unknown`]: a keyword
//! it does not know, a `pattern` on a string (ECMA regex semantics), numbers whose comparison or
//! equality depends on float precision or on `1` versus `1.0`, non-ASCII string lengths, refs
//! that are not `#/…` pointers, and any `$id`/`$schema`/`$anchor` on the way (they change how
//! refs resolve). Values not proven valid go to the compiled validator, which alone writes
//! findings, so the findings are exactly those of checking everything with it.

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::{Map, Number, Value};

use crate::OasVersion;

/// What the quick pass knows about one value against one schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// The compiled validator would accept it.
    Valid,
    /// The compiled validator would reject it.
    Invalid,
    /// Not decided here.
    Unknown,
}

use Verdict::{Invalid, Unknown, Valid};

impl Verdict {
    fn from_bool(ok: bool) -> Verdict {
        if ok { Valid } else { Invalid }
    }

    /// Both must hold.
    fn and(self, other: impl FnOnce() -> Verdict) -> Verdict {
        match self {
            Invalid => Invalid,
            Valid => other(),
            Unknown => match other() {
                Invalid => Invalid,
                _ => Unknown,
            },
        }
    }

    fn not(self) -> Verdict {
        match self {
            Valid => Invalid,
            Invalid => Valid,
            Unknown => Unknown,
        }
    }
}

/// Deepest schema nesting (refs included) followed before giving up.
const MAX_DEPTH: usize = 48;

/// Longest array whose items are compared pairwise for `uniqueItems`.
const MAX_UNIQUE_ITEMS: usize = 256;

/// Keywords that never reject a value (annotations, containers of definitions), in both dialects.
fn is_annotation(key: &str) -> bool {
    matches!(
        key,
        "title"
            | "description"
            | "format"
            | "example"
            | "examples"
            | "default"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "xml"
            | "externalDocs"
            | "discriminator"
            | "$comment"
            | "contentMediaType"
            | "contentEncoding"
            | "$defs"
            | "definitions"
            | "nullable"
    ) || key.starts_with("x-")
}

/// Keywords that change how refs resolve or which dialect applies.
const RESOLUTION_KEYWORDS: [&str; 7] = [
    "$id",
    "$schema",
    "$anchor",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "$dynamicRef",
    "$recursiveRef",
];

/// Whether `text` (the root file) may hold one of [`RESOLUTION_KEYWORDS`]: when it does not,
/// no object needs to be asked for them.
pub(super) fn may_change_resolution(text: &str) -> bool {
    text.match_indices('$').any(|(at, _)| {
        let rest = &text[at..];
        RESOLUTION_KEYWORDS.iter().any(|k| rest.starts_with(k))
    })
}

pub(super) struct Quick<'a> {
    root: &'a Value,
    version: OasVersion,
    /// The root file may hold [`RESOLUTION_KEYWORDS`] ([`may_change_resolution`]).
    resolution_keywords: bool,
    /// Each `$ref` string met, and its target.
    targets: RefCell<HashMap<&'a str, Option<&'a Value>>>,
}

impl<'a> Quick<'a> {
    pub(super) fn new(root: &'a Value, version: OasVersion, text: &str) -> Quick<'a> {
        Quick {
            root,
            version,
            resolution_keywords: may_change_resolution(text),
            targets: RefCell::new(HashMap::new()),
        }
    }

    /// `value` against the schema at `pointer` (a JSON pointer into the root value).
    pub(super) fn check(&self, pointer: &str, value: &Value) -> Verdict {
        match self.at(pointer) {
            Some(schema) => self.eval(schema, value, 0),
            None => Unknown,
        }
    }

    /// The value at a JSON pointer, unless an object on the way declares a base URI or a dialect.
    fn at(&self, pointer: &str) -> Option<&'a Value> {
        let mut node = self.root;
        if self.changes_resolution(node) {
            return None;
        }
        if pointer.is_empty() {
            return Some(node);
        }
        for token in pointer.strip_prefix('/')?.split('/') {
            let token = genaug_source::unescape_token(token);
            node = match node {
                Value::Object(map) => map.get(token.as_ref())?,
                Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
            if self.changes_resolution(node) {
                return None;
            }
        }
        Some(node)
    }

    /// Whether `node` holds a keyword that changes how refs below it resolve, or which dialect
    /// applies (data values are included: a conservative superset).
    fn changes_resolution(&self, node: &Value) -> bool {
        let Value::Object(map) = node else { return false };
        self.changes_resolution_in(map)
    }

    /// The target of a `$ref` string, when it is a local pointer.
    fn target(&self, reference: &'a str) -> Option<&'a Value> {
        if let Some(target) = self.targets.borrow().get(reference) {
            return *target;
        }
        let target = self.find_target(reference);
        self.targets.borrow_mut().insert(reference, target);
        target
    }

    fn find_target(&self, reference: &str) -> Option<&'a Value> {
        match crate::parse_ref(reference)? {
            crate::RefTarget::Local { pointer } => self.at(&pointer),
            _ => None,
        }
    }

    fn eval(&self, schema: &'a Value, value: &Value, depth: usize) -> Verdict {
        if depth > MAX_DEPTH {
            return Unknown;
        }
        match schema {
            Value::Bool(accepts) if self.version == OasVersion::V31 => Verdict::from_bool(*accepts),
            Value::Object(map) => self.eval_object(map, value, depth),
            _ => Unknown,
        }
    }

    fn eval_object(&self, map: &'a Map<String, Value>, value: &Value, depth: usize) -> Verdict {
        if self.changes_resolution_in(map) {
            return Unknown;
        }
        let Some(reference) = map.get("$ref") else {
            return self.keywords(map, value, depth);
        };
        let Value::String(reference) = reference else { return Unknown };
        let by_ref = match self.target(reference) {
            Some(target) => self.eval(target, value, depth + 1),
            None => Unknown,
        };
        match self.version {
            OasVersion::V31 => by_ref.and(|| self.keywords(map, value, depth)),
            // Draft-04 ignores the siblings of `$ref`; rather than rely on that, decide only
            // where ignoring them or not gives the same answer.
            OasVersion::V30 => match (by_ref, self.keywords(map, value, depth)) {
                (Invalid, _) => Invalid,
                (Valid, Valid) => Valid,
                _ => Unknown,
            },
        }
    }

    fn changes_resolution_in(&self, map: &Map<String, Value>) -> bool {
        (self.resolution_keywords && RESOLUTION_KEYWORDS.iter().any(|k| map.contains_key(*k)))
            || (self.version == OasVersion::V30 && matches!(map.get("id"), Some(Value::String(_))))
    }

    /// Every keyword of `map` but `$ref`, all of which must hold.
    fn keywords(&self, map: &'a Map<String, Value>, value: &Value, depth: usize) -> Verdict {
        let nullable =
            self.version == OasVersion::V30 && map.get("nullable") == Some(&Value::Bool(true));
        let mut verdict = Valid;
        for (key, keyword) in map {
            let one = match key.as_str() {
                "$ref" => Valid,
                k if is_annotation(k) => Valid,
                "type" => type_verdict(keyword, value, nullable),
                "enum" => enum_verdict(keyword, value, nullable),
                "const" => match self.version {
                    OasVersion::V31 => equal(keyword, value),
                    // Not a draft-04 keyword.
                    OasVersion::V30 => Unknown,
                },
                "properties"
                | "required"
                | "additionalProperties"
                | "minProperties"
                | "maxProperties" => self.object_keyword(key, keyword, map, value, depth),
                "items" | "minItems" | "maxItems" | "uniqueItems" => {
                    self.array_keyword(key, keyword, value, depth)
                }
                "minLength" | "maxLength" | "pattern" => string_keyword(key, keyword, value),
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
                    self.number_keyword(key, keyword, map, value)
                }
                "allOf" | "anyOf" | "oneOf" => self.combinator(key, keyword, value, depth),
                "not" => self.eval(keyword, value, depth + 1).not(),
                _ => Unknown,
            };
            verdict = verdict.and(|| one);
            if verdict == Invalid {
                return Invalid;
            }
        }
        verdict
    }

    fn object_keyword(
        &self,
        key: &str,
        keyword: &'a Value,
        map: &'a Map<String, Value>,
        value: &Value,
        depth: usize,
    ) -> Verdict {
        let Value::Object(object) = value else {
            // Object keywords ignore other types (a malformed keyword is left to the validator).
            return match (key, keyword) {
                ("properties", Value::Object(_))
                | ("required", Value::Array(_))
                | ("additionalProperties", Value::Object(_) | Value::Bool(_)) => Valid,
                ("minProperties" | "maxProperties", Value::Number(n)) if n.is_u64() => Valid,
                _ => Unknown,
            };
        };
        match (key, keyword) {
            ("properties", Value::Object(properties)) => {
                let mut verdict = Valid;
                for (name, schema) in properties {
                    if let Some(item) = object.get(name) {
                        verdict = verdict.and(|| self.eval(schema, item, depth + 1));
                        if verdict == Invalid {
                            return Invalid;
                        }
                    }
                }
                verdict
            }
            ("required", Value::Array(names)) => {
                let mut verdict = Valid;
                for name in names {
                    let Value::String(name) = name else { return Unknown };
                    if !object.contains_key(name) {
                        verdict = Invalid;
                    }
                }
                verdict
            }
            ("additionalProperties", extra @ (Value::Object(_) | Value::Bool(_))) => {
                if map.contains_key("patternProperties") {
                    return Unknown;
                }
                let declared = match map.get("properties") {
                    Some(Value::Object(properties)) => Some(properties),
                    Some(_) => return Unknown,
                    None => None,
                };
                let mut verdict = Valid;
                for (name, item) in object {
                    if declared.is_some_and(|d| d.contains_key(name)) {
                        continue;
                    }
                    verdict = verdict.and(|| match extra {
                        Value::Bool(allowed) => Verdict::from_bool(*allowed),
                        schema => self.eval(schema, item, depth + 1),
                    });
                    if verdict == Invalid {
                        return Invalid;
                    }
                }
                verdict
            }
            ("minProperties", Value::Number(n)) => {
                n.as_u64().map_or(Unknown, |n| Verdict::from_bool(object.len() as u64 >= n))
            }
            ("maxProperties", Value::Number(n)) => {
                n.as_u64().map_or(Unknown, |n| Verdict::from_bool(object.len() as u64 <= n))
            }
            _ => Unknown,
        }
    }

    fn array_keyword(&self, key: &str, keyword: &'a Value, value: &Value, depth: usize) -> Verdict {
        let Value::Array(items) = value else {
            return match (key, keyword) {
                ("items", Value::Object(_)) | ("uniqueItems", Value::Bool(_)) => Valid,
                ("items", Value::Bool(_)) if self.version == OasVersion::V31 => Valid,
                ("minItems" | "maxItems", Value::Number(n)) if n.is_u64() => Valid,
                _ => Unknown,
            };
        };
        match (key, keyword) {
            ("items", schema @ Value::Object(_)) => {
                let mut verdict = Valid;
                for item in items {
                    verdict = verdict.and(|| self.eval(schema, item, depth + 1));
                    if verdict == Invalid {
                        return Invalid;
                    }
                }
                verdict
            }
            ("items", Value::Bool(allowed)) if self.version == OasVersion::V31 => {
                Verdict::from_bool(*allowed || items.is_empty())
            }
            ("minItems", Value::Number(n)) => {
                n.as_u64().map_or(Unknown, |n| Verdict::from_bool(items.len() as u64 >= n))
            }
            ("maxItems", Value::Number(n)) => {
                n.as_u64().map_or(Unknown, |n| Verdict::from_bool(items.len() as u64 <= n))
            }
            ("uniqueItems", Value::Bool(false)) => Valid,
            // Pairwise comparison: a long array is left to the validator.
            ("uniqueItems", Value::Bool(true)) if items.len() > MAX_UNIQUE_ITEMS => Unknown,
            ("uniqueItems", Value::Bool(true)) => {
                let mut verdict = Valid;
                for (i, a) in items.iter().enumerate() {
                    for b in &items[i + 1..] {
                        // Distinct unless equal: equal values make it invalid for sure.
                        verdict = verdict.and(|| equal(a, b).not());
                        if verdict == Invalid {
                            return Invalid;
                        }
                    }
                }
                verdict
            }
            _ => Unknown,
        }
    }

    fn number_keyword(
        &self,
        key: &str,
        keyword: &Value,
        map: &Map<String, Value>,
        value: &Value,
    ) -> Verdict {
        let Value::Number(number) = value else {
            return match keyword {
                Value::Number(_) => Valid,
                Value::Bool(_) if self.version == OasVersion::V30 => Valid,
                _ => Unknown,
            };
        };
        let exclusive = |name: &str| match (self.version, map.get(name)) {
            (OasVersion::V30, None | Some(Value::Bool(false))) => Some(false),
            (OasVersion::V30, Some(Value::Bool(true))) => Some(true),
            _ => None,
        };
        match (self.version, key, keyword) {
            (_, "minimum", Value::Number(bound)) => {
                match (self.version, exclusive("exclusiveMinimum")) {
                    (OasVersion::V31, _) => {
                        compare(number, bound).map_or(Unknown, |o| Verdict::from_bool(o.is_ge()))
                    }
                    (OasVersion::V30, Some(strict)) => compare(number, bound)
                        .map_or(Unknown, |o| {
                            Verdict::from_bool(if strict { o.is_gt() } else { o.is_ge() })
                        }),
                    (OasVersion::V30, None) => Unknown,
                }
            }
            (_, "maximum", Value::Number(bound)) => {
                match (self.version, exclusive("exclusiveMaximum")) {
                    (OasVersion::V31, _) => {
                        compare(number, bound).map_or(Unknown, |o| Verdict::from_bool(o.is_le()))
                    }
                    (OasVersion::V30, Some(strict)) => compare(number, bound)
                        .map_or(Unknown, |o| {
                            Verdict::from_bool(if strict { o.is_lt() } else { o.is_le() })
                        }),
                    (OasVersion::V30, None) => Unknown,
                }
            }
            // Draft-04's boolean forms modify `minimum`/`maximum` (checked there).
            (OasVersion::V30, "exclusiveMinimum", Value::Bool(_)) => {
                if map.contains_key("minimum") { Valid } else { Unknown }
            }
            (OasVersion::V30, "exclusiveMaximum", Value::Bool(_)) => {
                if map.contains_key("maximum") { Valid } else { Unknown }
            }
            (OasVersion::V31, "exclusiveMinimum", Value::Number(bound)) => {
                compare(number, bound).map_or(Unknown, |o| Verdict::from_bool(o.is_gt()))
            }
            (OasVersion::V31, "exclusiveMaximum", Value::Number(bound)) => {
                compare(number, bound).map_or(Unknown, |o| Verdict::from_bool(o.is_lt()))
            }
            (_, "multipleOf", Value::Number(step)) => match (number.as_i64(), step.as_i64()) {
                (Some(n), Some(step)) if step > 0 => Verdict::from_bool(n % step == 0),
                _ => Unknown,
            },
            _ => Unknown,
        }
    }

    fn combinator(&self, key: &str, keyword: &'a Value, value: &Value, depth: usize) -> Verdict {
        let Value::Array(schemas) = keyword else { return Unknown };
        if schemas.is_empty() {
            return Unknown;
        }
        let verdicts = schemas.iter().map(|schema| self.eval(schema, value, depth + 1));
        match key {
            "allOf" => {
                let mut verdict = Valid;
                for one in verdicts {
                    verdict = verdict.and(|| one);
                    if verdict == Invalid {
                        return Invalid;
                    }
                }
                verdict
            }
            "anyOf" => {
                let mut all_invalid = true;
                for one in verdicts {
                    match one {
                        Valid => return Valid,
                        Unknown => all_invalid = false,
                        Invalid => {}
                    }
                }
                if all_invalid { Invalid } else { Unknown }
            }
            _ => {
                let mut valid = 0;
                for one in verdicts {
                    match one {
                        Valid => valid += 1,
                        Unknown => return Unknown,
                        Invalid => {}
                    }
                }
                Verdict::from_bool(valid == 1)
            }
        }
    }
}

/// `type`, with 3.0's `nullable: true` adding `null` to a single type (as the conversion does).
fn type_verdict(keyword: &Value, value: &Value, nullable: bool) -> Verdict {
    match keyword {
        Value::String(name) => {
            let own = is_type(name, value);
            if nullable && own != Valid && value.is_null() { Valid } else { own }
        }
        Value::Array(names) if !names.is_empty() => {
            let mut all_invalid = true;
            for name in names {
                let Value::String(name) = name else { return Unknown };
                match is_type(name, value) {
                    Valid => return Valid,
                    Unknown => all_invalid = false,
                    Invalid => {}
                }
            }
            if all_invalid { Invalid } else { Unknown }
        }
        _ => Unknown,
    }
}

fn is_type(name: &str, value: &Value) -> Verdict {
    match name {
        "null" => Verdict::from_bool(value.is_null()),
        "boolean" => Verdict::from_bool(value.is_boolean()),
        "object" => Verdict::from_bool(value.is_object()),
        "array" => Verdict::from_bool(value.is_array()),
        "string" => Verdict::from_bool(value.is_string()),
        "number" => Verdict::from_bool(value.is_number()),
        "integer" => match value {
            Value::Number(n) if n.is_i64() || n.is_u64() => Valid,
            // `1.0`: an integer or not depending on the draft and the implementation.
            Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => Unknown,
            _ => Invalid,
        },
        _ => Unknown,
    }
}

/// `enum`, with 3.0's `nullable: true` adding `null` to it (as the conversion does).
fn enum_verdict(keyword: &Value, value: &Value, nullable: bool) -> Verdict {
    let Value::Array(options) = keyword else { return Unknown };
    if nullable && value.is_null() {
        return Valid;
    }
    let mut all_invalid = true;
    for option in options {
        match equal(option, value) {
            Valid => return Valid,
            Unknown => all_invalid = false,
            Invalid => {}
        }
    }
    if all_invalid { Invalid } else { Unknown }
}

/// JSON equality: identical values are equal; values that differ only where numbers are
/// involved (`1` and `1.0`) are left undecided.
fn equal(a: &Value, b: &Value) -> Verdict {
    if a == b {
        Valid
    } else if has_number(a) && has_number(b) {
        Unknown
    } else {
        Invalid
    }
}

fn has_number(value: &Value) -> bool {
    match value {
        Value::Number(_) => true,
        Value::Array(items) => items.iter().any(has_number),
        Value::Object(map) => map.values().any(has_number),
        _ => false,
    }
}

fn string_keyword(key: &str, keyword: &Value, value: &Value) -> Verdict {
    let Value::String(text) = value else {
        return match (key, keyword) {
            ("pattern", Value::String(_)) => Valid,
            ("minLength" | "maxLength", Value::Number(n)) if n.is_u64() => Valid,
            _ => Unknown,
        };
    };
    let Some(bound) = keyword.as_u64() else { return Unknown };
    // Lengths count code points; only ASCII is counted here, without doubt about the unit.
    if !text.is_ascii() {
        return Unknown;
    }
    let length = text.len() as u64;
    match key {
        "minLength" => Verdict::from_bool(length >= bound),
        "maxLength" => Verdict::from_bool(length <= bound),
        // ECMA-262 regular expressions: left to the validator.
        _ => Unknown,
    }
}

/// `a` compared with `b` when the comparison is exact.
fn compare(a: &Number, b: &Number) -> Option<std::cmp::Ordering> {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return Some(x.cmp(&y));
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return Some(x.cmp(&y));
    }
    let exact = |n: &Number| n.is_f64() || n.as_i64().is_some_and(|i| i.unsigned_abs() <= 1 << 53);
    if !(exact(a) && exact(b)) {
        return None;
    }
    let ordering = a.as_f64()?.partial_cmp(&b.as_f64()?)?;
    // Equal as floats may hide a difference below float precision: undecided.
    (ordering != std::cmp::Ordering::Equal).then_some(ordering)
}

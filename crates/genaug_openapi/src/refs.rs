//! SKELETON — public API fixed; bodies to be written.

use serde_json::Value;

/// A parsed `$ref` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefTarget {
    /// `#/components/schemas/Pet` → the unescaped pointer `/components/schemas/Pet`
    /// (percent-decoding applied, `~0`/`~1` kept escaped: it is still an RFC 6901 pointer).
    Local { pointer: String },
    /// `common.yaml#/Pet` or `./schemas/pet.json` (pointer `""`).
    File { path: String, pointer: String },
    /// `https://example.com/spec.json#/Pet`.
    Remote { url: String, pointer: String },
}

/// Parses a `$ref` value.
pub fn parse_ref(_reference: &str) -> Option<RefTarget> {
    todo!()
}

/// Calls `f(pointer_of_the_object_holding_the_ref, ref_string)` for every real `$ref` in `value`
/// (whose own pointer is `base`): a `$ref` key with a string value, skipping data subtrees
/// (`example`, `examples` arrays, `default`, `enum`, `const`, Example `value`, `x-*` extensions)
/// and treating the keys of name maps (`properties`, `$defs`, `components/*`, `paths`,
/// `responses`, `content`…) as names, so a property literally named `$ref` is a property.
pub fn for_each_ref(_value: &Value, _base: &str, _f: &mut dyn FnMut(&str, &str)) {
    todo!()
}

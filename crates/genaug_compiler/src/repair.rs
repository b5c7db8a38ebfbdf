//! Last line of defence: every input schema must pass the JSON Schema 2020-12 meta-schema.
//! Real specs carry keywords that are invalid there (`type: file`, `required: true` on a
//! property, a `type` whose value is an object). Rather than drop the whole tool, the offending
//! keyword is removed and the removal reported.

use genaug_source::parse_pointer;
use serde_json::Value;

/// One removed keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repair {
    /// Pointer (inside the input schema) of the object the keyword was removed from.
    pub(crate) pointer: String,
    pub(crate) keyword: String,
    pub(crate) reason: String,
}

/// Removes keywords until the schema is meta-valid (bounded: each round removes at least one).
pub(crate) fn repair(schema: &mut Value) -> Vec<Repair> {
    let validator = jsonschema::draft202012::meta::validator();
    let mut repairs = Vec::new();
    for _ in 0..64 {
        let errors: Vec<(String, String)> = validator
            .iter_errors(schema)
            .map(|e| (e.instance_path().as_str().to_owned(), e.to_string()))
            .collect();
        if errors.is_empty() {
            break;
        }
        let before = repairs.len();
        for (path, reason) in errors {
            let Some(mut tokens) = parse_pointer(&path) else { continue };
            // The error is about a keyword's value: remove the keyword (the deepest token that
            // is an object key). An error on the root itself cannot be repaired.
            while let Some(keyword) = tokens.pop() {
                let parent = tokens.iter().try_fold(&mut *schema, |node, token| match node {
                    Value::Object(map) => map.get_mut(token),
                    Value::Array(items) => {
                        token.parse::<usize>().ok().and_then(|i| items.get_mut(i))
                    }
                    _ => None,
                });
                if let Some(Value::Object(map)) = parent
                    && map.shift_remove(&keyword).is_some()
                {
                    let mut pointer = String::new();
                    for token in &tokens {
                        genaug_source::push_token(&mut pointer, token);
                    }
                    repairs.push(Repair { pointer, keyword, reason });
                    break;
                }
            }
        }
        if repairs.len() == before {
            break;
        }
    }
    repairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn invalid_keywords_are_removed_and_reported() {
        let mut schema = json!({
            "type": "object",
            "properties": {
                "a": {"type": "file"},
                "b": {"type": "string", "required": true},
                "c": {"type": {"weird": 1}, "description": "kept"}
            }
        });
        let repairs = repair(&mut schema);
        assert_eq!(
            schema,
            json!({"type": "object", "properties": {"a": {}, "b": {"type": "string"}, "c": {"description": "kept"}}})
        );
        let removed: Vec<_> =
            repairs.iter().map(|r| format!("{} {}", r.pointer, r.keyword)).collect();
        assert_eq!(removed, ["/properties/a type", "/properties/b required", "/properties/c type"]);
        assert!(jsonschema::draft202012::meta::is_valid(&schema));
    }

    #[test]
    fn valid_schemas_are_untouched() {
        let mut schema = json!({"type": ["string", "null"], "examples": ["x"], "$defs": {"A": {"$ref": "#/$defs/A"}}});
        let before = schema.clone();
        assert!(repair(&mut schema).is_empty());
        assert_eq!(schema, before);
    }
}

//! Turns jsonschema validation errors into problems a person can act on, each with the pointer to
//! mark: an unknown key becomes one problem per key (pointing at the key), and an `anyOf`/`oneOf`
//! failure — which schemars emits for every `Option<T>` and documented enum — is replaced by the
//! errors of the one branch that was meant (not the `null` branch), or by "not one of …" when every
//! branch is a constant.

use genaug_source::push_token;
use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

/// One problem: where, whether it is an unknown key there, and what.
pub(crate) struct Problem {
    pub(crate) pointer: String,
    pub(crate) unknown_key: Option<String>,
    pub(crate) message: String,
}

/// Every problem of a value against a schema (call only when `is_valid` said no).
pub(crate) fn problems<'a>(errors: impl Iterator<Item = ValidationError<'a>>) -> Vec<Problem> {
    let mut out = Vec::new();
    for error in errors {
        flatten(&error, &mut out);
    }
    out
}

fn flatten(error: &ValidationError<'_>, out: &mut Vec<Problem>) {
    let pointer = error.instance_path().as_str().to_owned();
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for key in unexpected {
                let mut at = pointer.clone();
                push_token(&mut at, key);
                out.push(Problem {
                    pointer: at,
                    unknown_key: Some(key.clone()),
                    message: String::new(),
                });
            }
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // Every branch a constant: list the allowed values.
            let mut allowed = Vec::new();
            let all_constants = context.iter().all(|branch| {
                branch.iter().all(|e| match e.kind() {
                    ValidationErrorKind::Constant { expected_value } => {
                        allowed.push(expected_value.to_string());
                        true
                    }
                    ValidationErrorKind::Enum { options } => {
                        if let Value::Array(options) = options.as_ref() {
                            allowed.extend(options.iter().map(Value::to_string));
                        }
                        true
                    }
                    _ => false,
                })
            });
            if all_constants && !allowed.is_empty() {
                out.push(Problem {
                    pointer,
                    unknown_key: None,
                    message: format!("{} is not one of {}", error.instance(), allowed.join(", ")),
                });
                return;
            }
            // Drop branches that failed only on the type at this very place (`null` of an Option).
            let meant: Vec<_> = context
                .iter()
                .filter(|branch| {
                    !branch.iter().all(|e| {
                        matches!(e.kind(), ValidationErrorKind::Type { .. })
                            && e.instance_path().as_str() == pointer
                    })
                })
                .collect();
            if let [branch] = meant.as_slice() {
                for inner in branch.iter() {
                    flatten(inner, out);
                }
            } else {
                out.push(Problem { pointer, unknown_key: None, message: error.to_string() });
            }
        }
        _ => out.push(Problem { pointer, unknown_key: None, message: error.to_string() }),
    }
}

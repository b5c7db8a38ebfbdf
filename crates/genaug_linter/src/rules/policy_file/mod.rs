//! `G0xx`: problems in the policy file itself, found while validating it (`policy/validate.rs`).

pub(crate) mod duplicate_policy_entry;
pub(crate) mod invalid_date;
pub(crate) mod invalid_tool_pattern;
pub(crate) mod inverted_description_bounds;
pub(crate) mod policy_schema_violation;
pub(crate) mod policy_syntax_error;
pub(crate) mod unknown_rule_code;

//! `D5xx`: tools that no longer match the spec (only when the CLI passes what the spec generates).

pub(crate) mod changed_operation;
pub(crate) mod removed_operation;

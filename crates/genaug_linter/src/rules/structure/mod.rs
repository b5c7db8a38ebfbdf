//! `S0xx`: is each tool file a well-formed, uniquely named tool file at all.

pub(crate) mod duplicate_id;
pub(crate) mod file_name_mismatch;
pub(crate) mod invalid_yaml;
pub(crate) mod schema_violation;

//! `Q3xx`: what the model reads — input schemas, descriptions, names.

pub(crate) mod incompatible_tool_name;
pub(crate) mod invalid_input_schema;
pub(crate) mod long_description;
pub(crate) mod missing_description;
pub(crate) mod short_description;

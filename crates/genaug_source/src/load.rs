//! Parsing dispatch: JSON through serde_json (the fast path), YAML through the event loader.

use std::sync::Arc;

use serde_json::Value;

use crate::{Format, ParseLimits, SourceError, SourceFile};

pub(crate) fn parse(file: &Arc<SourceFile>, limits: ParseLimits) -> Result<Value, SourceError> {
    match file.format() {
        Format::Json => crate::json::parse(file, limits),
        Format::Yaml => crate::yaml::load(file, limits),
    }
}

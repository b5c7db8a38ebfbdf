//! TEMPORARY skeleton: JSON only. The YAML event loader replaces the `Format::Yaml` arm.

use std::sync::Arc;

use serde_json::Value;

use crate::{Format, ParseLimits, SourceError, SourceFile, Span};

pub(crate) fn parse(file: &Arc<SourceFile>, _limits: ParseLimits) -> Result<Value, SourceError> {
    match file.format() {
        Format::Json => serde_json::from_str(file.text()).map_err(|e| SourceError::Syntax {
            file: file.clone(),
            span: Span::new(0, 0),
            message: e.to_string(),
        }),
        Format::Yaml => todo!("YAML loader"),
    }
}

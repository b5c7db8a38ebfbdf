//! Why a file could not be read or parsed. Each variant knows its stable code and help text;
//! `genaug_diagnostics` turns it into a rendered diagnostic.

use std::sync::Arc;

use crate::{SourceFile, Span};

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file, stdin or URL could not be read at all.
    #[error("cannot read `{name}`: {reason}")]
    Read { name: String, reason: String },
    /// The input is larger than the configured cap; nothing beyond the cap was read.
    #[error("`{name}` is larger than the {limit}-byte limit")]
    TooLarge { name: String, limit: u64 },
    /// The text is not valid UTF-8.
    #[error("`{name}` is not UTF-8 text")]
    NotUtf8 { name: String },
    /// YAML or JSON syntax error at a position.
    #[error("{message}")]
    Syntax { file: Arc<SourceFile>, span: Span, message: String },
    /// Nesting deeper than `ParseLimits::max_depth`.
    #[error("nesting deeper than {limit} levels")]
    TooDeep { file: Arc<SourceFile>, span: Span, limit: usize },
    /// Alias expansion or node count beyond `ParseLimits::max_nodes` (a YAML "billion laughs").
    #[error("document expands to more than {limit} nodes (YAML alias bomb?)")]
    TooManyNodes { file: Arc<SourceFile>, span: Span, limit: usize },
}

impl SourceError {
    /// Stable diagnostic code.
    pub fn code(&self) -> &'static str {
        match self {
            SourceError::Read { .. } => "F001",
            SourceError::TooLarge { .. } => "F002",
            SourceError::NotUtf8 { .. } => "F003",
            SourceError::Syntax { .. } => "F004",
            SourceError::TooDeep { .. } => "F005",
            SourceError::TooManyNodes { .. } => "F006",
        }
    }

    /// One concrete action for the user.
    pub fn help(&self) -> String {
        match self {
            SourceError::Read { .. } => "check the path or URL and that it is readable".into(),
            SourceError::TooLarge { .. } => {
                "pass a larger `--max-size` if this really is the document you meant".into()
            }
            SourceError::NotUtf8 { .. } => "save the file as UTF-8".into(),
            SourceError::Syntax { .. } => "fix the syntax at the marked position".into(),
            SourceError::TooDeep { .. } => {
                "flatten the document; real OpenAPI documents nest far less".into()
            }
            SourceError::TooManyNodes { .. } => {
                "remove the self-multiplying anchors/aliases".into()
            }
        }
    }

    /// The file and span the error points at, when it has one.
    pub fn location(&self) -> Option<(&Arc<SourceFile>, Span)> {
        match self {
            SourceError::Syntax { file, span, .. }
            | SourceError::TooDeep { file, span, .. }
            | SourceError::TooManyNodes { file, span, .. } => Some((file, *span)),
            _ => None,
        }
    }
}

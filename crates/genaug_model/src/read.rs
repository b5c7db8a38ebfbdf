//! Typed reading of a loaded tool file or manifest, with the failing location as a JSON pointer.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{Manifest, ToolFile};

/// Why a loaded value is not a valid model: the pointer of the offending value and serde's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// RFC 6901 pointer into the file (`""` = the whole document).
    pub pointer: String,
    pub message: String,
}

impl ToolFile {
    /// Reads a tool file from its loaded value (unknown keys and wrong types are errors).
    pub fn from_value(value: &Value) -> Result<ToolFile, ReadError> {
        typed(value)
    }
}

impl Manifest {
    /// Reads a manifest from its loaded value.
    pub fn from_value(value: &Value) -> Result<Manifest, ReadError> {
        typed(value)
    }
}

fn typed<T: DeserializeOwned>(value: &Value) -> Result<T, ReadError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let mut pointer = String::new();
        for segment in error.path().iter() {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Seq { index } => crate::read::push(&mut pointer, &index.to_string()),
                Segment::Map { key } | Segment::Enum { variant: key } => push(&mut pointer, key),
                Segment::Unknown => {}
            }
        }
        ReadError { pointer, message: error.into_inner().to_string() }
    })
}

fn push(pointer: &mut String, token: &str) {
    pointer.push('/');
    pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
}

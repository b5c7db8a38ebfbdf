//! TEMPORARY skeleton: local files only.

use crate::{Base, InputLimits, ReadInput, SourceError};

pub(crate) fn read_input(arg: &str, _limits: InputLimits) -> Result<ReadInput, SourceError> {
    let text = std::fs::read_to_string(arg)
        .map_err(|e| SourceError::Read { name: arg.into(), reason: e.to_string() })?;
    let dir = std::path::Path::new(arg).parent().map(|p| p.to_path_buf()).unwrap_or_default();
    Ok(ReadInput { name: arg.into(), text, base: Base::Dir(dir) })
}

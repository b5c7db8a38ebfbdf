//! Reading a spec from a path, `-` (stdin) or an http(s) URL, with a size cap.

use std::path::PathBuf;

use crate::SourceError;

/// Caps applied while reading, before any parsing.
#[derive(Debug, Clone, Copy)]
pub struct InputLimits {
    /// Largest input accepted, in bytes (checked from metadata first, then while reading).
    pub max_bytes: u64,
    /// Total time allowed for an http(s) fetch, in seconds.
    pub http_timeout_secs: u64,
    /// Most redirects followed for an http(s) fetch.
    pub max_redirects: u32,
}

impl Default for InputLimits {
    fn default() -> Self {
        // Microsoft Graph's YAML is ~47 MB; 256 MiB leaves room without accepting a 2 GB file.
        Self { max_bytes: 256 * 1024 * 1024, http_timeout_secs: 30, max_redirects: 5 }
    }
}

/// Where relative `$ref`s of an input are resolved from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// A local folder (the spec file's folder, or the current folder for stdin).
    Dir(PathBuf),
    /// The URL the spec was fetched from (after redirects).
    Url(String),
}

/// An input read into memory.
#[derive(Debug)]
pub struct ReadInput {
    /// Display name: the argument as given (`-` becomes `<stdin>`).
    pub name: String,
    pub text: String,
    pub base: Base,
}

/// Reads `arg`: `-` for stdin, `http://`/`https://` for a URL, anything else a path.
pub fn read_input(arg: &str, limits: InputLimits) -> Result<ReadInput, SourceError> {
    crate::input_impl::read_input(arg, limits)
}

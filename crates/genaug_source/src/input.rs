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

/// Where the document named by `reference` (a `$ref` value, or any URI reference) is read from,
/// relative to `base`: an argument for [`read_input`] (a path or a URL), or `None` when the
/// reference has no document part (`#/components/…`: the current document).
///
/// The fragment is dropped. Absolute references (`https://…`) are returned as they are. Against a
/// [`Base::Url`] the reference is resolved as RFC 3986 §5.2 says; against a [`Base::Dir`] it is
/// percent-decoded and joined to the folder (`.` segments dropped, `..` kept so symlinks behave).
pub fn join(base: &Base, reference: &str) -> Option<String> {
    crate::input_impl::join(base, reference)
}

//! `K4xx`: credentials that must never be committed in tool files or the manifest.

pub(crate) mod embedded_secret;

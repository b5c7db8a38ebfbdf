//! Reading inputs (path, stdin, http(s) URL) with a size cap, and joining relative references.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::{Base, InputLimits, ReadInput, SourceError};

pub(crate) fn read_input(arg: &str, limits: InputLimits) -> Result<ReadInput, SourceError> {
    if arg == "-" {
        let name = "<stdin>".to_owned();
        let bytes = read_capped(std::io::stdin().lock(), limits.max_bytes, 0, &name)?;
        let text = decode(&name, bytes)?;
        return Ok(ReadInput { name, text, base: Base::Dir(PathBuf::from(".")) });
    }
    if is_url(arg) {
        return read_url(arg, limits);
    }
    read_path(arg, limits)
}

fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

fn read_error(name: &str, reason: impl Into<String>) -> SourceError {
    SourceError::Read { name: name.to_owned(), reason: reason.into() }
}

fn read_path(arg: &str, limits: InputLimits) -> Result<ReadInput, SourceError> {
    let path = Path::new(arg);
    let file = std::fs::File::open(path).map_err(|e| read_error(arg, e.to_string()))?;
    let meta = file.metadata().map_err(|e| read_error(arg, e.to_string()))?;
    if meta.is_dir() {
        return Err(read_error(arg, "it is a folder, not a file"));
    }
    // Refuse an oversized regular file before reading a byte of it; pipes and devices report no
    // useful size, so the capped read below is the real guard.
    if meta.is_file() && meta.len() > limits.max_bytes {
        return Err(SourceError::TooLarge { name: arg.to_owned(), limit: limits.max_bytes });
    }
    // Sized up front: growing by doubling touches about twice the file's size in memory.
    let expected = if meta.is_file() { meta.len() } else { 0 };
    let bytes = read_capped(file, limits.max_bytes, expected, arg)?;
    let text = decode(arg, bytes)?;
    Ok(ReadInput { name: arg.to_owned(), text, base: Base::Dir(parent_dir(path)) })
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Reads at most `max + 1` bytes, so an input over the cap is detected without reading all of it.
/// `expected` is the size the input is expected to have (0 when unknown).
fn read_capped(
    reader: impl Read,
    max: u64,
    expected: u64,
    name: &str,
) -> Result<Vec<u8>, SourceError> {
    let capacity = usize::try_from(expected.min(max).saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(name, e.to_string()))?;
    if bytes.len() as u64 > max {
        return Err(SourceError::TooLarge { name: name.to_owned(), limit: max });
    }
    Ok(bytes)
}

/// UTF-8 text without a leading byte-order mark.
fn decode(name: &str, bytes: Vec<u8>) -> Result<String, SourceError> {
    let mut text =
        String::from_utf8(bytes).map_err(|_| SourceError::NotUtf8 { name: name.to_owned() })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

#[cfg(feature = "http")]
fn read_url(arg: &str, limits: InputLimits) -> Result<ReadInput, SourceError> {
    use ureq::ResponseExt;

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(limits.http_timeout_secs)))
        .max_redirects(limits.max_redirects)
        .http_status_as_error(false)
        .user_agent(concat!("genaug/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent.get(arg).call().map_err(|e| read_error(arg, describe(&e, limits)))?;
    let status = response.status();
    if !status.is_success() {
        let reason = status.canonical_reason().map_or(String::new(), |r| format!(" {r}"));
        return Err(read_error(
            arg,
            format!("the server answered HTTP {}{reason}", status.as_u16()),
        ));
    }
    let final_url = response.get_uri().to_string();
    let too_large = || SourceError::TooLarge { name: arg.to_owned(), limit: limits.max_bytes };
    if response.body().content_length().is_some_and(|len| len > limits.max_bytes) {
        return Err(too_large());
    }
    let bytes = response.body_mut().with_config().limit(limits.max_bytes).read_to_vec().map_err(
        |e| match e {
            ureq::Error::BodyExceedsLimit(_) => too_large(),
            e => read_error(arg, describe(&e, limits)),
        },
    )?;
    let text = decode(arg, bytes)?;
    Ok(ReadInput { name: arg.to_owned(), text, base: Base::Url(final_url) })
}

#[cfg(feature = "http")]
fn describe(error: &ureq::Error, limits: InputLimits) -> String {
    match error {
        ureq::Error::Timeout(_) => {
            format!("no complete answer within {} s", limits.http_timeout_secs)
        }
        ureq::Error::TooManyRedirects => {
            format!("more than {} redirects (a redirect loop?)", limits.max_redirects)
        }
        e => e.to_string(),
    }
}

#[cfg(not(feature = "http"))]
fn read_url(arg: &str, _limits: InputLimits) -> Result<ReadInput, SourceError> {
    Err(read_error(
        arg,
        "this build of genaug cannot fetch URLs (built without the `http` feature)",
    ))
}

/// See [`crate::join`].
pub(crate) fn join(base: &Base, reference: &str) -> Option<String> {
    let document = reference.split_once('#').map_or(reference, |(doc, _)| doc);
    if document.is_empty() {
        return None;
    }
    if has_scheme(document) {
        return Some(document.to_owned());
    }
    Some(match base {
        Base::Url(url) => resolve_url(url, document),
        Base::Dir(dir) => {
            let decoded = percent_encoding::percent_decode_str(document).decode_utf8_lossy();
            let joined = dir.join(decoded.as_ref());
            let mut clean = PathBuf::new();
            for component in joined.components() {
                if component != Component::CurDir {
                    clean.push(component);
                }
            }
            if clean.as_os_str().is_empty() {
                ".".to_owned()
            } else {
                clean.to_string_lossy().into_owned()
            }
        }
    })
}

/// `scheme:` per RFC 3986 (a letter, then letters, digits, `+`, `-`, `.`), and not a Windows drive.
fn has_scheme(s: &str) -> bool {
    let Some((scheme, _)) = s.split_once(':') else { return false };
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// RFC 3986 §5.2.2 for a reference without scheme or fragment.
fn resolve_url(base: &str, reference: &str) -> String {
    let base = base.split_once('#').map_or(base, |(b, _)| b);
    let (scheme, rest) = base.split_once(':').unwrap_or(("", base));
    let (authority, path_query) = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find(['/', '?']).unwrap_or(after.len());
            (Some(&after[..end]), &after[end..])
        }
        None => (None, rest),
    };
    let (base_path, base_query) = match path_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_query, None),
    };
    let authority = authority.map_or(String::new(), |a| format!("//{a}"));
    if let Some(network) = reference.strip_prefix("//") {
        let end = network.find(['/', '?']).unwrap_or(network.len());
        let (auth, path_query) = network.split_at(end);
        return format!("{scheme}://{auth}{}", with_clean_path(path_query));
    }
    let (ref_path, ref_query) = match reference.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (reference, None),
    };
    let (path, query) = if ref_path.is_empty() {
        (base_path.to_owned(), ref_query.or(base_query))
    } else if ref_path.starts_with('/') {
        (remove_dot_segments(ref_path), ref_query)
    } else {
        let merged = if !authority.is_empty() && base_path.is_empty() {
            format!("/{ref_path}")
        } else {
            let dir = base_path.rfind('/').map_or("", |i| &base_path[..=i]);
            format!("{dir}{ref_path}")
        };
        (remove_dot_segments(&merged), ref_query)
    };
    let query = query.map_or(String::new(), |q| format!("?{q}"));
    format!("{scheme}:{authority}{path}{query}")
}

fn with_clean_path(path_query: &str) -> String {
    match path_query.split_once('?') {
        Some((p, q)) => format!("{}?{q}", remove_dot_segments(p)),
        None => remove_dot_segments(path_query),
    }
}

/// RFC 3986 §5.2.4.
fn remove_dot_segments(path: &str) -> String {
    let mut output: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." | ".." => {
                if *segment == ".." && output.len() > 1 {
                    output.pop();
                }
                if i == last {
                    output.push("");
                }
            }
            s => output.push(s),
        }
    }
    let joined = output.join("/");
    if path.starts_with('/') && !joined.starts_with('/') { format!("/{joined}") } else { joined }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3986_examples() {
        // RFC 3986 §5.4.1 normal examples (those without a fragment or scheme).
        let base = "http://a/b/c/d;p?q";
        for (reference, want) in [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            (";x", "http://a/b/c/;x"),
            ("g;x", "http://a/b/c/g;x"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            ("..g", "http://a/b/c/..g"),
            ("./../g", "http://a/b/g"),
            ("g/./h", "http://a/b/c/g/h"),
            ("g/../h", "http://a/b/c/h"),
        ] {
            assert_eq!(resolve_url(base, reference), want, "{reference}");
        }
    }
}

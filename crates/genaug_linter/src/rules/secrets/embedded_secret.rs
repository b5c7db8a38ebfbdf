//! ## What it flags
//!
//! A string anywhere in a tool file or the manifest (descriptions, examples, defaults, enum
//! values, server URLs, keys) that has the shape of a credential. The shapes, in one table
//! (`SHAPES` in this file):
//!
//! | shape | looks like |
//! |---|---|
//! | genaug project API key (live / test) | `gaadmlive_` / `gaadmtest_` + 16 or more letters and digits (the product's key format as documented to us; an assumption to confirm against the key issuer) |
//! | bearer token | `Bearer ` + 20 or more token characters, with both letters and digits |
//! | PEM private key | `-----BEGIN … PRIVATE KEY-----` |
//! | AWS access key id | `AKIA` / `ASIA` + 16 upper-case letters and digits |
//! | GitHub token | `ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` + 36 letters and digits; `github_pat_` + 22 or more |
//! | Slack token | `xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxs-` + 10 or more |
//! | Stripe live key | `sk_live_` / `rk_live_` + 16 or more letters and digits |
//! | Google API key | `AIza` + 35 letters, digits, `_` or `-` |
//!
//! The finding never repeats the secret: it shows the shape's prefix and the length only.
//!
//! ## Why it matters to a reviewer
//!
//! Tool files are committed, shipped to agents and sent to model providers in every request. The
//! product's own documentation says no project key may appear in prompts or metadata: a key in a
//! description or an example is leaked to every runtime the tool is sent to.
//!
//! ## Example
//!
//! ```yaml
//! description: Create an issue. Example header - Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0
//! ```
//!
//! ## How to fix
//!
//! Remove the value (use a placeholder such as `<token>`), then revoke and rotate the credential:
//! it is in the git history already.

use serde_json::Value;

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "embedded-secret",
    family: Family::Secrets,
    severity: Severity::Error,
    scope: Scope::File,
    summary: "a string in a tool file or the manifest looks like a credential",
    source: include_str!("embedded_secret.rs"),
};

/// One credential shape: a literal prefix, then a run of body characters of bounded length.
struct Shape {
    name: &'static str,
    prefix: &'static str,
    body: fn(u8) -> bool,
    min: usize,
    max: usize,
    /// Extra condition on the body (e.g. bearer tokens mix letters and digits).
    extra: fn(&[u8]) -> bool,
}

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}
fn upper_alnum(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}
fn word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}
fn dashed(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}
fn url_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}
fn token68(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/' | b'=')
}
fn any(_: &[u8]) -> bool {
    true
}
fn letters_and_digits(body: &[u8]) -> bool {
    body.iter().any(u8::is_ascii_digit) && body.iter().any(u8::is_ascii_alphabetic)
}

const fn shape(
    name: &'static str,
    prefix: &'static str,
    body: fn(u8) -> bool,
    min: usize,
    max: usize,
) -> Shape {
    Shape { name, prefix, body, min, max, extra: any }
}

/// Every credential shape genaug looks for. Add new shapes here (and to the table above).
const SHAPES: &[Shape] = &[
    shape("genaug live project API key", "gaadmlive_", alnum, 16, 256),
    shape("genaug test project API key", "gaadmtest_", alnum, 16, 256),
    Shape { extra: letters_and_digits, ..shape("bearer token", "Bearer ", token68, 20, 4096) },
    shape("AWS access key id", "AKIA", upper_alnum, 16, 16),
    shape("AWS temporary access key id", "ASIA", upper_alnum, 16, 16),
    shape("GitHub personal access token", "ghp_", alnum, 36, 255),
    shape("GitHub OAuth token", "gho_", alnum, 36, 255),
    shape("GitHub user-to-server token", "ghu_", alnum, 36, 255),
    shape("GitHub server-to-server token", "ghs_", alnum, 36, 255),
    shape("GitHub refresh token", "ghr_", alnum, 36, 255),
    shape("GitHub fine-grained personal access token", "github_pat_", word, 22, 255),
    shape("Slack bot token", "xoxb-", dashed, 10, 255),
    shape("Slack user token", "xoxp-", dashed, 10, 255),
    shape("Slack app token", "xoxa-", dashed, 10, 255),
    shape("Slack refresh token", "xoxr-", dashed, 10, 255),
    shape("Slack legacy token", "xoxs-", dashed, 10, 255),
    shape("Stripe live secret key", "sk_live_", alnum, 16, 255),
    shape("Stripe live restricted key", "rk_live_", alnum, 16, 255),
    shape("Google API key", "AIza", url_safe, 35, 35),
];

/// A secret found in one string.
#[derive(Debug, PartialEq, Eq)]
struct Found {
    shape: &'static str,
    /// What may be shown: the prefix only.
    shown: &'static str,
    length: usize,
}

/// The first credential in `text`, if any.
fn scan(text: &str) -> Option<Found> {
    let bytes = text.as_bytes();
    for (start, &byte) in bytes.iter().enumerate() {
        if !matches!(byte, b'g' | b'B' | b'A' | b'x' | b's' | b'r' | b'-') {
            continue;
        }
        if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        if byte == b'-' {
            if let Some(found) = pem(&bytes[start..]) {
                return Some(found);
            }
            continue;
        }
        for shape in SHAPES {
            if !bytes[start..].starts_with(shape.prefix.as_bytes()) {
                continue;
            }
            let body_start = start + shape.prefix.len();
            let run = bytes[body_start..].iter().take_while(|b| (shape.body)(**b)).count();
            let body = &bytes[body_start..body_start + run];
            if run >= shape.min && run <= shape.max && (shape.extra)(body) {
                return Some(Found {
                    shape: shape.name,
                    shown: shape.prefix,
                    length: shape.prefix.len() + run,
                });
            }
        }
    }
    None
}

/// `-----BEGIN [RSA |EC |OPENSSH |ENCRYPTED |DSA ]PRIVATE KEY-----`.
fn pem(bytes: &[u8]) -> Option<Found> {
    let rest = bytes.strip_prefix(b"-----BEGIN ")?;
    let end = rest.iter().take(40).position(|&b| b == b'-')?;
    if !rest[..end].ends_with(b"PRIVATE KEY") {
        return None;
    }
    // The block runs to the end of its `-----END … PRIVATE KEY-----` line, or of the string.
    let length = find(bytes, b"-----END ")
        .and_then(|at| find(&bytes[at + 9..], b"-----").map(|close| at + 9 + close + 5))
        .unwrap_or(bytes.len());
    Some(Found { shape: "PEM private key", shown: "-----BEGIN … PRIVATE KEY-----", length })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Scans every string (and mapping key) of a loaded file.
pub(crate) fn check_value(
    file: &Arc<SourceFile>,
    value: &Value,
    tool: Option<&str>,
    out: &mut Vec<Finding>,
) {
    let mut path = Vec::new();
    walk(value, &mut path, &mut |path, found, on_key| {
        let violation = EmbeddedSecret { pointer: pointer(path), found, on_key };
        let diagnostic = violation.into_diagnostic(file);
        out.push(match tool {
            Some(id) => Finding::about(id, diagnostic),
            None => Finding::general(diagnostic),
        });
    });
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

fn pointer(path: &[Segment<'_>]) -> String {
    let mut pointer = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) => genaug_source::push_token(&mut pointer, key),
            Segment::Index(index) => genaug_source::push_token(&mut pointer, &index.to_string()),
        }
    }
    pointer
}

fn walk<'a>(
    value: &'a Value,
    path: &mut Vec<Segment<'a>>,
    report: &mut dyn FnMut(&[Segment<'a>], Found, bool),
) {
    match value {
        Value::String(text) => {
            if let Some(found) = scan(text) {
                report(path, found, false);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(Segment::Index(index));
                walk(item, path, report);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                path.push(Segment::Key(key));
                if let Some(found) = scan(key) {
                    report(path, found, true);
                }
                walk(item, path, report);
                path.pop();
            }
        }
        _ => {}
    }
}

fn parent(pointer: &str) -> String {
    pointer.rfind('/').map_or_else(String::new, |end| pointer[..end].to_owned())
}

struct EmbeddedSecret {
    pointer: String,
    found: Found,
    on_key: bool,
}

impl EmbeddedSecret {
    fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        // A secret in a mapping key would be repeated by the key's own pointer: label the key by
        // its span, or else the mapping that holds it.
        let label = if self.on_key {
            match file.key_span_of(&self.pointer) {
                Some(span) => Label::span(file, span),
                None => Label::at(file, parent(&self.pointer)),
            }
        } else {
            Label::at(file, self.pointer)
        };
        let shown = if self.found.shown.ends_with('-') {
            self.found.shown.to_owned()
        } else {
            format!("{}…", self.found.shown)
        };
        Rule::EmbeddedSecret
            .diagnostic(format!(
                "this string contains what looks like a {} (`{shown}`, {} characters)",
                self.found.shape, self.found.length
            ))
            .with_primary(label)
            .with_help("remove it (use a placeholder such as `<token>`), then revoke and rotate the credential")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape_of(text: &str) -> Option<&'static str> {
        scan(text).map(|f| f.shape)
    }

    #[test]
    fn finds_every_shape_and_only_real_ones() {
        let digits36 = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
        let cases: Vec<(String, Option<&str>)> = vec![
            ("key gaadmlive_4f9aQ2xZ7mK1pL8sT3vW".into(), Some("genaug live project API key")),
            ("gaadmtest_abcdefgh12345678".into(), Some("genaug test project API key")),
            ("gaadmlive_short".into(), None),
            ("Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0".into(), Some("bearer token")),
            ("Authorization: Bearer <token>".into(), None),
            ("send a Bearer authentication_token_placeholder".into(), None),
            ("-----BEGIN RSA PRIVATE KEY-----\nMIIE".into(), Some("PEM private key")),
            ("-----BEGIN PRIVATE KEY-----".into(), Some("PEM private key")),
            ("-----BEGIN PUBLIC KEY-----".into(), None),
            ("AKIAIOSFODNN7EXAMPLE".into(), Some("AWS access key id")),
            ("AKIAIOSFODNN7EXAMPLE1".into(), None),
            ("xAKIAIOSFODNN7EXAMPLE".into(), None),
            (format!("token ghp_{digits36}"), Some("GitHub personal access token")),
            ("ghp_tooShort123".into(), None),
            (
                format!("github_pat_11ABCDEFG0123456789_{digits36}"),
                Some("GitHub fine-grained personal access token"),
            ),
            ("xoxb-1234567890-abcdefghij".into(), Some("Slack bot token")),
            ("sk_live_4eC39HqLyjWDarjtT1zdp7dc".into(), Some("Stripe live secret key")),
            ("sk_test_4eC39HqLyjWDarjtT1zdp7dc".into(), None),
            ("AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q".into(), Some("Google API key")),
            ("List repositories for the authenticated user.".into(), None),
        ];
        for (text, expected) in cases {
            assert_eq!(shape_of(&text), expected, "{text}");
        }
    }

    #[test]
    fn messages_never_contain_the_secret() {
        let file = Arc::new(SourceFile::new("tools/x.yaml", "{}"));
        let secret = "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
        let value =
            serde_json::json!({"description": format!("use {secret}"), "examples": [{secret: 1}]});
        let mut out = Vec::new();
        check_value(&file, &value, Some("x"), &mut out);
        assert_eq!(out.len(), 2);
        for finding in out {
            let d = finding.diagnostic;
            let text = format!(
                "{} {:?} {:?}",
                d.message,
                d.help,
                d.primary.as_ref().and_then(|l| l.pointer.clone())
            );
            assert!(!text.contains(&secret[4..12]), "{text}");
            assert!(d.message.contains("`ghp_…`, 40 characters"), "{}", d.message);
        }
    }
}

//! Parsing `$ref` strings and finding every real `$ref` in a value tree.
//!
//! The walk is *keyword-aware*: it knows which OpenAPI / JSON Schema keys hold data (examples,
//! defaults, enums, extensions) and which hold maps of user-chosen names (`properties`,
//! `components/schemas`, `paths`…), so a `$ref` inside an example value is data and a property
//! literally named `$ref` is a property, not a reference.

use percent_encoding::percent_decode_str;
use serde_json::Value;

/// A parsed `$ref` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefTarget {
    /// `#/components/schemas/Pet` → the unescaped pointer `/components/schemas/Pet`
    /// (percent-decoding applied, `~0`/`~1` kept escaped: it is still an RFC 6901 pointer).
    Local { pointer: String },
    /// `common.yaml#/Pet` or `./schemas/pet.json` (pointer `""`).
    File { path: String, pointer: String },
    /// `https://example.com/spec.json#/Pet`.
    Remote { url: String, pointer: String },
}

impl RefTarget {
    /// The JSON pointer inside the target document.
    pub fn pointer(&self) -> &str {
        match self {
            RefTarget::Local { pointer }
            | RefTarget::File { pointer, .. }
            | RefTarget::Remote { pointer, .. } => pointer,
        }
    }
}

/// Parses a `$ref` value.
///
/// Returns `None` for what genaug cannot follow: a fragment that is not a JSON pointer (a 3.1
/// `$anchor` name such as `#node`), a scheme other than `http`/`https` (`urn:`, `file:`), or
/// percent-escapes that do not decode to UTF-8.
pub fn parse_ref(reference: &str) -> Option<RefTarget> {
    let (resource, fragment) = match reference.split_once('#') {
        Some((resource, fragment)) => (resource, fragment),
        None => (reference, ""),
    };
    let pointer = percent_decode_str(fragment).decode_utf8().ok()?.into_owned();
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return None;
    }
    if resource.is_empty() {
        return Some(RefTarget::Local { pointer });
    }
    if let Some(scheme) = uri_scheme(resource) {
        return if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
            Some(RefTarget::Remote { url: resource.to_owned(), pointer })
        } else {
            None
        };
    }
    // A query has no meaning for a file on disk.
    let path = resource.split_once('?').map_or(resource, |(path, _)| path);
    let path = percent_decode_str(path).decode_utf8().ok()?.into_owned();
    Some(RefTarget::File { path, pointer })
}

/// The scheme of an absolute URI (`https` in `https://…`), per RFC 3986's grammar.
fn uri_scheme(text: &str) -> Option<&str> {
    let (scheme, _) = text.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        // `C:\specs\a.yaml`: a Windows drive letter, not a scheme.
        && scheme.len() > 1;
    valid.then_some(scheme)
}

/// What the value at a position in the walk is.
#[derive(Debug, Clone, Copy)]
enum Node {
    /// An OpenAPI or JSON Schema object: its keys are keywords.
    Object(Kind),
    /// A map whose keys are names chosen by the author; each value is a `Kind` object.
    Names(Kind),
}

/// Which object a keyword map is, where that changes the meaning of its keys.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Generic,
    /// Example Object: `value` is data.
    Example,
    /// Link Object: `parameters` and `requestBody` are data (constants or runtime expressions).
    Link,
    /// The Components Object: every fixed field is a name map.
    Components,
    /// A Callback Object: a map of expressions to Path Items, unless it is a Reference Object.
    Callback,
}

/// Keys whose value is never walked: data written by the author (extensions too, by prefix).
/// (`matches!` rather than a list: it compiles to a switch on the length, and the walk asks for
/// every key of a large document.)
fn is_data_key(key: &str) -> bool {
    matches!(key, "example" | "default" | "enum" | "const")
}

/// Keys whose mapping value is a map of names to objects.
fn is_name_map_key(key: &str) -> bool {
    matches!(
        key,
        "properties"
            | "patternProperties"
            | "$defs"
            | "definitions"
            | "dependentSchemas"
            | "paths"
            | "webhooks"
            | "responses"
            | "content"
            | "encoding"
            | "headers"
            | "variables"
            | "mapping"
            | "scopes"
    )
}

/// The fixed fields of the Components Object.
fn is_component_key(key: &str) -> bool {
    matches!(
        key,
        "schemas"
            | "responses"
            | "parameters"
            | "examples"
            | "requestBodies"
            | "headers"
            | "securitySchemes"
            | "links"
            | "callbacks"
            | "pathItems"
    )
}

/// Calls `f(pointer_of_the_object_holding_the_ref, ref_string)` for every real `$ref` in `value`
/// (whose own pointer is `base`): a `$ref` key with a string value, skipping data subtrees
/// (`example`, `examples` arrays, `default`, `enum`, `const`, Example `value`, `x-*` extensions)
/// and treating the keys of name maps (`properties`, `$defs`, `components/*`, `paths`,
/// `responses`, `content`…) as names, so a property literally named `$ref` is a property.
///
/// `value` is walked as an OpenAPI document (or any object inside one). The walk is iterative,
/// so arbitrarily deep documents cannot overflow the stack; refs are reported in document order.
pub fn for_each_ref(value: &Value, base: &str, f: &mut dyn FnMut(&str, &str)) {
    // Depth-first with an explicit stack. The pointer is one buffer: an entry records the length
    // of its parent's pointer and its own token, and everything popped between a parent and its
    // child lies inside the parent, so the buffer still starts with the parent's pointer then.
    // (One `String` per visited container was most of the walk's cost on large documents.)
    let mut pointer = base.to_owned();
    let mut stack: Vec<Entry<'_>> =
        vec![Entry { value, parent_len: base.len(), token: Token::None, node: generic() }];
    // Children are pushed in reverse so they pop in document order.
    let mut children: Vec<Entry<'_>> = Vec::new();
    while let Some(Entry { value, parent_len, token, node }) = stack.pop() {
        pointer.truncate(parent_len);
        match token {
            Token::None => {}
            Token::Key(key) => genaug_source::push_token(&mut pointer, key),
            Token::Index(index) => {
                pointer.push('/');
                pointer.push_str(itoa(index, &mut [0; 20]));
            }
        }
        let len = pointer.len();
        match (value, node) {
            (Value::Array(items), _) => {
                // Arrays of objects: `allOf`, `parameters`, `servers`, `security`, `tags`…
                for (index, item) in items.iter().enumerate() {
                    if item.is_object() || item.is_array() {
                        children.push(Entry {
                            value: item,
                            parent_len: len,
                            token: Token::Index(index),
                            node: generic(),
                        });
                    }
                }
            }
            (Value::Object(map), Node::Names(kind)) => {
                for (name, item) in map {
                    if item.is_object() || item.is_array() {
                        children.push(Entry {
                            value: item,
                            parent_len: len,
                            token: Token::Key(name),
                            node: Node::Object(kind),
                        });
                    }
                }
            }
            (Value::Object(map), Node::Object(kind)) => {
                let kind = match kind {
                    // A Callback Object is a name map of Path Items, or a Reference Object.
                    Kind::Callback if !map.get("$ref").is_some_and(Value::is_string) => {
                        stack.push(Entry {
                            value,
                            parent_len,
                            token,
                            node: Node::Names(Kind::Generic),
                        });
                        continue;
                    }
                    Kind::Callback => Kind::Generic,
                    kind => kind,
                };
                for (key, item) in map {
                    if key == "$ref"
                        && let Value::String(reference) = item
                    {
                        f(&pointer, reference);
                        continue;
                    }
                    if !(item.is_object() || item.is_array()) {
                        continue;
                    }
                    if let Some(node) = keyword_node(kind, key, item) {
                        children.push(Entry {
                            value: item,
                            parent_len: len,
                            token: Token::Key(key),
                            node,
                        });
                    }
                }
            }
            _ => {}
        }
        stack.extend(children.drain(..).rev());
    }
}

/// A value waiting in [`for_each_ref`]'s stack.
struct Entry<'v> {
    value: &'v Value,
    /// Length of the parent's pointer in the shared buffer.
    parent_len: usize,
    token: Token<'v>,
    node: Node,
}

/// The last pointer token of an [`Entry`] (none for the walk's start).
#[derive(Clone, Copy)]
enum Token<'v> {
    None,
    Key(&'v str),
    Index(usize),
}

/// `n` in decimal, without allocating.
fn itoa(mut n: usize, buffer: &mut [u8; 20]) -> &str {
    let mut at = buffer.len();
    loop {
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buffer[at..]).unwrap_or("0")
}

fn generic() -> Node {
    Node::Object(Kind::Generic)
}

/// How to walk the value of keyword `key` in an object of `kind`; `None` skips it as data.
fn keyword_node(kind: Kind, key: &str, value: &Value) -> Option<Node> {
    if key.starts_with("x-") || is_data_key(key) {
        return None;
    }
    match (kind, key) {
        (Kind::Example, "value") => return None,
        (Kind::Link, "parameters" | "requestBody") => return None,
        (Kind::Components, key) if is_component_key(key) => {
            return Some(Node::Names(component_kind(key)));
        }
        _ => {}
    }
    Some(match key {
        // Schema `examples` is an array of data; elsewhere `examples` maps names to Examples.
        "examples" if value.is_array() => return None,
        "examples" => Node::Names(Kind::Example),
        "links" => Node::Names(Kind::Link),
        "callbacks" => Node::Names(Kind::Callback),
        "components" => Node::Object(Kind::Components),
        key if is_name_map_key(key) && value.is_object() => Node::Names(Kind::Generic),
        _ => generic(),
    })
}

fn component_kind(key: &str) -> Kind {
    match key {
        "examples" => Kind::Example,
        "links" => Kind::Link,
        "callbacks" => Kind::Callback,
        _ => Kind::Generic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_local_pointers_with_escapes() {
        assert_eq!(
            parse_ref("#/paths/~1pets~1%7Bid%7D"),
            Some(RefTarget::Local { pointer: "/paths/~1pets~1{id}".into() })
        );
        assert_eq!(parse_ref("#"), Some(RefTarget::Local { pointer: String::new() }));
        assert_eq!(parse_ref(""), Some(RefTarget::Local { pointer: String::new() }));
        assert_eq!(
            parse_ref("#/components/schemas/a~0b%20c"),
            Some(RefTarget::Local { pointer: "/components/schemas/a~0b c".into() })
        );
    }

    #[test]
    fn parses_files_and_urls() {
        assert_eq!(
            parse_ref("./schemas/my%20pet.yaml#/Pet"),
            Some(RefTarget::File { path: "./schemas/my pet.yaml".into(), pointer: "/Pet".into() })
        );
        assert_eq!(
            parse_ref("common.json"),
            Some(RefTarget::File { path: "common.json".into(), pointer: String::new() })
        );
        assert_eq!(
            parse_ref("HTTPS://example.com/a.json#/x"),
            Some(RefTarget::Remote {
                url: "HTTPS://example.com/a.json".into(),
                pointer: "/x".into()
            })
        );
    }

    #[test]
    fn refuses_what_cannot_be_followed() {
        assert_eq!(parse_ref("#node"), None, "anchor names are not pointers");
        assert_eq!(parse_ref("urn:uuid:1234#/x"), None);
        assert_eq!(parse_ref("file:///etc/passwd"), None);
        assert_eq!(parse_ref("#/bad%FF"), None);
    }
}

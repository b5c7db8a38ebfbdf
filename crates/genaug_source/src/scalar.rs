//! YAML 1.2 core-schema resolution of one scalar into a JSON value.
//!
//! Decisions (documented in `lib.rs` too):
//! - plain `null`/`Null`/`NULL`/`~`/empty → null; `true`/`True`/`TRUE`/`false`/… → booleans;
//! - decimal, `0o` octal and `0x` hex integers → `u64`/`i64`, or `f64` when they do not fit;
//! - floats → `f64`; `.inf`/`.nan` (and literals that overflow `f64`) are **errors**, because JSON
//!   has no such numbers and silently turning them into strings would change the schema's meaning;
//! - quoted and block scalars are strings, and so is any scalar tagged `!!str` or `!`;
//! - `!!int`/`!!float`/`!!bool`/`!!null` force that type (an error when the text does not fit);
//! - any other tag (`!custom`, `!!binary`, …) is ignored and the scalar resolved as if untagged.

use granit_parser::{ScalarStyle, Tag};
use serde_json::{Number, Value};

const CORE: &str = "tag:yaml.org,2002:";

/// Resolves a scalar event; `Err` carries the message of a syntax error at the scalar.
pub(crate) fn resolve(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    if let Some(tag) = tag {
        if tag.handle() == CORE {
            return match tag.suffix() {
                "str" => Ok(Value::String(text.to_owned())),
                "null" => null(text).ok_or_else(|| mismatch(text, "!!null")),
                "bool" => boolean(text).ok_or_else(|| mismatch(text, "!!bool")),
                "int" => integer(text).unwrap_or_else(|| Err(mismatch(text, "!!int"))),
                "float" => match integer(text) {
                    Some(Ok(Value::Number(n))) => {
                        let f = n.as_f64().and_then(Number::from_f64);
                        Ok(Value::Number(f.unwrap_or(n)))
                    }
                    Some(other) => other,
                    None => float(text).unwrap_or_else(|| Err(mismatch(text, "!!float"))),
                },
                _ => untagged(text, style),
            };
        }
        if tag.handle().is_empty() && tag.suffix() == "!" {
            // The non-specific tag `! 12`: a string (YAML 1.2.2 §6.9.1).
            return Ok(Value::String(text.to_owned()));
        }
    }
    untagged(text, style)
}

fn untagged(text: &str, style: ScalarStyle) -> Result<Value, String> {
    if style != ScalarStyle::Plain {
        return Ok(Value::String(text.to_owned()));
    }
    if let Some(v) = null(text).or_else(|| boolean(text)) {
        return Ok(v);
    }
    if let Some(v) = integer(text) {
        return v;
    }
    if let Some(v) = float(text) {
        return v;
    }
    Ok(Value::String(text.to_owned()))
}

fn mismatch(text: &str, tag: &str) -> String {
    format!("`{text}` is not a valid {tag} value")
}

fn null(text: &str) -> Option<Value> {
    // granit reports an empty plain scalar (`key:`) as `~`.
    matches!(text, "" | "~" | "null" | "Null" | "NULL").then_some(Value::Null)
}

fn boolean(text: &str) -> Option<Value> {
    match text {
        "true" | "True" | "TRUE" => Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => Some(Value::Bool(false)),
        _ => None,
    }
}

/// `None` when `text` is not an integer literal; `Some(Err)` when it cannot be a JSON number.
fn integer(text: &str) -> Option<Result<Value, String>> {
    let bytes = text.as_bytes();
    let (radix, digits, negative) = if let Some(d) = text.strip_prefix("0o") {
        (8, d, false)
    } else if let Some(d) = text.strip_prefix("0x") {
        (16, d, false)
    } else {
        let negative = bytes.first() == Some(&b'-');
        let d = text.strip_prefix(['-', '+']).unwrap_or(text);
        (10, d, negative)
    };
    if digits.is_empty() || !digits.bytes().all(|b| (b as char).is_digit(radix)) {
        return None;
    }
    if radix == 10 {
        let number = if negative {
            text.parse::<i64>().ok().map(Number::from)
        } else {
            digits.parse::<u64>().ok().map(Number::from)
        };
        return Some(match number {
            Some(n) => Ok(Value::Number(n)),
            // Too big for 64 bits: keep it as the nearest f64, as JSON parsers do.
            None => float_value(text.parse::<f64>().unwrap_or(f64::INFINITY), text),
        });
    }
    Some(match u64::from_str_radix(digits, radix) {
        Ok(n) => Ok(Value::Number(n.into())),
        Err(_) => {
            let v = digits.chars().fold(0f64, |acc, c| {
                acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
            });
            float_value(v, text)
        }
    })
}

/// Core-schema float: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` and the `.inf`/`.nan` forms.
fn float(text: &str) -> Option<Result<Value, String>> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(Err(format!(
            "`{text}` is not a JSON number; quote it if you meant the string \"{text}\""
        )));
    }
    let b = unsigned.as_bytes();
    let mut i = 0;
    let int_digits = count_digits(&b[i..]);
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = count_digits(&b[i..]);
        i += frac_digits;
    } else if int_digits == 0 {
        return None;
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp = count_digits(&b[i..]);
        if exp == 0 {
            return None;
        }
        i += exp;
    }
    if i != b.len() {
        return None;
    }
    let v: f64 = text.parse().ok()?;
    Some(float_value(v, text))
}

fn count_digits(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

fn float_value(v: f64, text: &str) -> Result<Value, String> {
    Number::from_f64(v)
        .map(Value::Number)
        .ok_or_else(|| format!("number `{text}` is out of range for a JSON number"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plain(text: &str) -> Result<Value, String> {
        resolve(text, ScalarStyle::Plain, None)
    }

    #[test]
    fn core_schema_plain_scalars() {
        for (text, want) in [
            ("~", json!(null)),
            ("null", json!(null)),
            ("NULL", json!(null)),
            ("", json!(null)),
            ("true", json!(true)),
            ("False", json!(false)),
            ("yes", json!("yes")),
            ("on", json!("on")),
            ("200", json!(200)),
            ("+7", json!(7)),
            ("-12", json!(-12)),
            ("0o17", json!(15)),
            ("0x1F", json!(31)),
            ("18446744073709551615", json!(u64::MAX)),
            ("-9223372036854775808", json!(i64::MIN)),
            ("18446744073709551616", json!(18446744073709551616f64)),
            ("1.5", json!(1.5)),
            ("-.5", json!(-0.5)),
            ("5.", json!(5.0)),
            ("1e3", json!(1000.0)),
            ("2.5E-1", json!(0.25)),
            ("1_000", json!("1_000")),
            ("2001-12-14", json!("2001-12-14")),
            ("0b101", json!("0b101")),
            ("e3", json!("e3")),
            (".", json!(".")),
            ("1.2.3", json!("1.2.3")),
            ("inf", json!("inf")),
            ("NaN", json!("NaN")),
        ] {
            assert_eq!(plain(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn non_json_numbers_are_errors() {
        for text in [".inf", "-.Inf", "+.INF", ".nan", ".NaN", "1e999"] {
            assert!(plain(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn quoted_and_str_tagged_scalars_are_strings() {
        let str_tag = Tag::new(CORE, "str");
        assert_eq!(resolve("12", ScalarStyle::Plain, Some(&str_tag)), Ok(json!("12")));
        assert_eq!(resolve("true", ScalarStyle::DoubleQuoted, None), Ok(json!("true")));
        assert_eq!(resolve("~", ScalarStyle::SingleQuoted, None), Ok(json!("~")));
        assert_eq!(resolve("1\n", ScalarStyle::Literal, None), Ok(json!("1\n")));
        let non_specific = Tag::new("", "!");
        assert_eq!(resolve("12", ScalarStyle::Plain, Some(&non_specific)), Ok(json!("12")));
        let custom = Tag::new("!", "custom");
        assert_eq!(resolve("12", ScalarStyle::Plain, Some(&custom)), Ok(json!(12)));
    }

    #[test]
    fn forcing_tags() {
        let int = Tag::new(CORE, "int");
        let float = Tag::new(CORE, "float");
        assert_eq!(resolve("7", ScalarStyle::DoubleQuoted, Some(&int)), Ok(json!(7)));
        assert!(resolve("seven", ScalarStyle::Plain, Some(&int)).is_err());
        assert_eq!(resolve("7", ScalarStyle::Plain, Some(&float)), Ok(json!(7.0)));
        assert!(resolve("x", ScalarStyle::Plain, Some(&Tag::new(CORE, "bool"))).is_err());
    }
}

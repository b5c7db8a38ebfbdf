//! Small helpers several commands share: today's date, lexical path normalisation, SHA-256 in
//! hex, and edit distance for "did you mean" suggestions.

use std::path::{Component, Path, PathBuf};

use genaug_linter::Date;
use sha2::{Digest, Sha256};

/// Today's date in UTC, from the system clock.
pub(crate) fn today() -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    date_of_day(i64::try_from(seconds / 86_400).unwrap_or(0))
}

/// The civil date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
pub(crate) fn date_of_day(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let fallback = Date { year: 1970, month: 1, day: 1 };
    let (Ok(year), Ok(month), Ok(day)) =
        (u16::try_from(year), u8::try_from(month), u8::try_from(day))
    else {
        return fallback;
    };
    Date::new(year, month, day).unwrap_or(fallback)
}

/// Lexically removes `.` and resolves `..` (no file-system access, symlinks not followed).
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                // `/..` is `/`; a relative path keeps the `..` it starts with
                Some(Component::RootDir | Component::Prefix(_)) => {}
                Some(Component::ParentDir | Component::CurDir) | None => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

/// Gives up `value` without freeing it: the command is about to exit and the operating system
/// takes the memory back at once. For the large trees of a run (a 13 MB spec's value tree is
/// ~70 MB): freeing one took ~15 ms of CPU, and the allocator then spent ~8 ms at exit handing
/// the freed pages back one by one. Only for values a command holds until it ends.
pub(crate) fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}

/// Lower-case hex SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Levenshtein distance over characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        let cases = [
            (0, "1970-01-01"),
            (59, "1970-03-01"),
            (10_956, "1999-12-31"),
            (11_016, "2000-02-29"),
            (19_782, "2024-02-29"),
            (20_454, "2026-01-01"),
            (47_540, "2100-02-28"),
            (47_541, "2100-03-01"),
        ];
        for (days, expected) in cases {
            assert_eq!(date_of_day(days).to_string(), expected, "{days}");
        }
        assert!(today() >= Date::new(2025, 1, 1).unwrap());
    }

    #[test]
    fn paths_normalise_lexically() {
        assert_eq!(normalize(Path::new("/w/repo/./p/../q")), PathBuf::from("/w/repo/q"));
        assert_eq!(normalize(Path::new("/../a")), PathBuf::from("/a"));
        // a relative path keeps the `..` it cannot resolve
        assert_eq!(
            normalize(Path::new("./acme/../../specs/a.yaml")),
            PathBuf::from("../specs/a.yaml")
        );
        assert_eq!(normalize(Path::new("../../a")), PathBuf::from("../../a"));
        assert_eq!(normalize(Path::new("a/..")), PathBuf::new());
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("R201", "R201"), 0);
        assert_eq!(edit_distance("R210", "R201"), 2);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

//! Tool ids: every id matches `^[a-zA-Z0-9_-]{1,64}$` (the strictest common tool-calling limit),
//! is readable, and is a pure function of the set of operations — reordering the spec changes
//! nothing. Ids are unique ignoring case, because `tools/<id>.yaml` must not clobber another file
//! on case-insensitive file systems.

use std::collections::{BTreeMap, HashSet};

use genaug_model::HttpMethod;
use sha2::{Digest, Sha256};

/// Longest tool id (OpenAI's function-name limit; Anthropic allows 128, so 64 fits both).
pub(crate) const MAX_ID_LEN: usize = 64;

/// What the id of one operation is derived from.
#[derive(Debug, Clone)]
pub(crate) struct IdSource<'a> {
    pub(crate) operation_id: Option<&'a str>,
    pub(crate) method: HttpMethod,
    pub(crate) path: &'a str,
}

/// Why an id is not the operationId as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rename {
    /// The operation has no operationId; the id comes from method + path.
    Missing,
    /// Characters outside `[a-zA-Z0-9_-]` were replaced.
    Sanitised,
    /// Longer than 64 characters: middle words dropped and a hash suffix added.
    Shortened,
    /// Another operation already had this id (ignoring case); `taken_by` indexes the sources.
    Collision { taken_by: usize },
}

#[derive(Debug, Clone)]
pub(crate) struct Assigned {
    pub(crate) id: String,
    /// Every reason the id differs from the operationId, in the order they were applied.
    pub(crate) renames: Vec<Rename>,
}

/// Assigns a unique id to every source (same order as `sources`).
pub(crate) fn assign(sources: &[IdSource<'_>]) -> Vec<Assigned> {
    let mut assigned: Vec<Assigned> = sources.iter().map(candidate).collect();

    // Group by case-folded candidate; resolve each group in an order that does not depend on the
    // spec's order: an id already valid as written wins, then by operationId, path, method.
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, a) in assigned.iter().enumerate() {
        groups.entry(a.id.to_ascii_lowercase()).or_default().push(index);
    }
    let mut taken: HashSet<String> = groups.keys().cloned().collect();
    for members in groups.values_mut().filter(|m| m.len() > 1) {
        members.sort_by_key(|&i| {
            let s = &sources[i];
            (!assigned[i].renames.is_empty(), s.operation_id.unwrap_or(""), s.path, s.method)
        });
        let winner = members[0];
        for &loser in &members[1..] {
            let base = assigned[loser].id.clone();
            let id = (2..)
                .map(|n| with_suffix(&base, &format!("_{n}")))
                .find(|id| !taken.contains(&id.to_ascii_lowercase()))
                .expect("an unbounded counter always finds a free suffix");
            taken.insert(id.to_ascii_lowercase());
            assigned[loser].id = id;
            assigned[loser].renames.push(Rename::Collision { taken_by: winner });
        }
    }
    assigned
}

fn candidate(source: &IdSource<'_>) -> Assigned {
    let mut renames = Vec::new();
    let written = source.operation_id.filter(|id| !id.trim().is_empty());
    let raw = match written {
        Some(id) => id.to_owned(),
        None => {
            renames.push(Rename::Missing);
            from_method_and_path(source.method, source.path)
        }
    };
    let mut id = sanitise(&raw);
    if id.is_empty() {
        id = sanitise(&from_method_and_path(source.method, source.path));
    }
    if written.is_some() && id != raw {
        renames.push(Rename::Sanitised);
    }
    if id.len() > MAX_ID_LEN {
        id = shorten(&id, &raw);
        renames.push(Rename::Shortened);
    }
    Assigned { id, renames }
}

/// `GET /repos/{owner}/{repo}/pulls` → `get_repos_owner_repo_pulls`; `/` → `get_root`.
fn from_method_and_path(method: HttpMethod, path: &str) -> String {
    let mut id = method.key().to_owned();
    let mut any = false;
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        id.push_str(segment.trim_start_matches('{').trim_end_matches('}'));
        any = true;
    }
    if !any {
        id.push_str("_root");
    }
    id
}

/// Replaces every run of characters outside `[a-zA-Z0-9_-]` by one `_`, and trims `_` that the
/// replacement left at either end (`repos/get` → `repos_get`, `user.calendar.get` → `user_calendar_get`).
pub(crate) fn sanitise(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending = false;
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            if pending && !out.is_empty() {
                out.push('_');
            }
            pending = false;
            out.push(c);
        } else {
            pending = true;
        }
    }
    out
}

/// Drops words from the middle until the id fits, keeping its first and last words, then adds an
/// 8-hex-digit hash of the original so two long ids that share their ends stay distinct. Words are
/// the runs between `_` and `-`, so GitHub's single long segments shorten too:
/// `actions_set-github-actions-default-workflow-permissions-repository` →
/// `actions_set-github-workflow-permissions-repository_5a6a6c86`.
fn shorten(id: &str, original: &str) -> String {
    let hash = short_hash(original);
    let budget = MAX_ID_LEN - hash.len() - 1;
    let words = words(id);
    let (first, rest) = words.split_first().expect("an id over 64 characters has a word");
    let first = &first[..first.len().min(budget)];
    let mut used = first.len();
    // Grow a head after the first word and a tail before the end, taking words alternately from
    // the end and the start (the end first: it names the action in dotted ids); a side stops at
    // the first word that does not fit, so the dropped words are one run in the middle.
    let (mut head, mut tail) = (0, 0);
    let (mut head_open, mut tail_open) = (true, true);
    while (head_open || tail_open) && head + tail < rest.len() {
        if tail_open {
            let word = rest[rest.len() - 1 - tail];
            if used + word.len() <= budget {
                used += word.len();
                tail += 1;
            } else {
                tail_open = false;
            }
        }
        if head_open && head + tail < rest.len() {
            let word = rest[head];
            if used + word.len() <= budget {
                used += word.len();
                head += 1;
            } else {
                head_open = false;
            }
        }
    }
    let mut out = String::with_capacity(MAX_ID_LEN);
    out.push_str(first);
    rest[..head].iter().for_each(|word| out.push_str(word));
    // Room left where the words were dropped: the first of them, cut to fit, when it is a long
    // compound and the cut keeps a recognisable part of it (Graph's `Get.Count.windowsInformation
    // ProtectionNetworkLearningSummaries-c2c3` would otherwise keep only `Get_Count-c2c3`). A
    // short word is dropped whole (`-migratio` reads as a typo), and so is one that would keep
    // less than half of itself (`_agreemen`).
    let room = budget - used;
    let dropped = rest.get(head).map_or(0, |word| word.len());
    if head + tail < rest.len()
        && room >= MIN_CUT_WORD
        && dropped > 2 * MIN_CUT_WORD
        && 2 * room >= dropped
    {
        out.push_str(&rest[head][..room.min(rest[head].len())]);
    }
    rest[rest.len() - tail..].iter().for_each(|word| out.push_str(word));
    out.push('_');
    out.push_str(&hash);
    out
}

/// The shortest part of a word [`shorten`] keeps when it cuts one (its separator included);
/// only words over twice as long are cut, and never to less than half.
const MIN_CUT_WORD: usize = 8;

/// Splits a sanitised id into words, each with the separators before it, so that the words
/// concatenated are the id: `a_b-c` → `a`, `_b`, `-c`.
fn words(id: &str) -> Vec<&str> {
    let bytes = id.as_bytes();
    let is_separator = |i: usize| bytes[i] == b'_' || bytes[i] == b'-';
    let mut words = Vec::new();
    let mut start = 0;
    for i in 1..bytes.len() {
        if is_separator(i) && !is_separator(i - 1) {
            words.push(&id[start..i]);
            start = i;
        }
    }
    words.push(&id[start..]);
    words
}

fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// `base` + `suffix`, cutting `base` so the result stays within the length limit.
fn with_suffix(base: &str, suffix: &str) -> String {
    let keep = base.len().min(MAX_ID_LEN - suffix.len());
    format!("{}{suffix}", &base[..keep])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(sources: &[(Option<&str>, HttpMethod, &str)]) -> Vec<String> {
        let sources: Vec<IdSource<'_>> = sources
            .iter()
            .map(|&(operation_id, method, path)| IdSource { operation_id, method, path })
            .collect();
        assign(&sources).into_iter().map(|a| a.id).collect()
    }

    #[test]
    fn github_style_ids_become_valid() {
        assert_eq!(
            ids(&[(Some("repos/get"), HttpMethod::Get, "/repos/{owner}/{repo}")]),
            ["repos_get"]
        );
        assert_eq!(
            ids(&[(Some("actions/list-jobs-for-workflow-run"), HttpMethod::Get, "/x")]),
            ["actions_list-jobs-for-workflow-run"]
        );
    }

    #[test]
    fn missing_ids_come_from_method_and_path() {
        assert_eq!(
            ids(&[
                (None, HttpMethod::Get, "/pets/{petId}/photos"),
                (None, HttpMethod::Delete, "/")
            ]),
            ["get_pets_petId_photos", "delete_root"]
        );
    }

    #[test]
    fn long_ids_keep_their_ends_and_stay_distinct() {
        let long_a = "users.user.calendar.calendarView.event.instances.attachments.item.createUploadSession.ListInstances";
        let long_b = "groups.group.calendar.calendarView.event.instances.attachments.item.createUploadSession.ListInstances";
        let out =
            ids(&[(Some(long_a), HttpMethod::Get, "/a"), (Some(long_b), HttpMethod::Get, "/b")]);
        for id in &out {
            assert!(id.len() <= MAX_ID_LEN, "{id}");
            assert!(id.ends_with(|c: char| c.is_ascii_hexdigit()));
        }
        assert!(out[0].starts_with("users_") && out[0].contains("ListInstances"), "{}", out[0]);
        assert_ne!(out[0], out[1]);
    }

    #[test]
    fn long_github_ids_drop_middle_words_and_stay_readable() {
        let get = "actions/get-github-actions-default-workflow-permissions-repository";
        let set = "actions/set-github-actions-default-workflow-permissions-repository";
        let out = ids(&[(Some(get), HttpMethod::Get, "/a"), (Some(set), HttpMethod::Put, "/a")]);
        assert_eq!(
            out[0],
            format!("actions_get-github-workflow-permissions-repository_{}", short_hash(get))
        );
        assert_eq!(
            out[1],
            format!("actions_set-github-workflow-permissions-repository_{}", short_hash(set))
        );
    }

    #[test]
    fn a_long_word_that_does_not_fit_is_cut_rather_than_dropped() {
        let raw = "Get.Count.windowsInformationProtectionNetworkLearningSummaries-c2c3";
        let id = &ids(&[(Some(raw), HttpMethod::Get, "/a")])[0];
        assert_eq!(
            *id,
            format!("Get_Count_windowsInformationProtectionNetworkLearn-c2c3_{}", short_hash(raw))
        );
        assert_eq!(id.len(), MAX_ID_LEN);
        // Little room left: the word is dropped, not cut to a stub.
        let raw = "actions/get-fork-pr-contributor-approval-permissions-organization";
        let id = &ids(&[(Some(raw), HttpMethod::Get, "/a")])[0];
        assert_eq!(
            *id,
            format!("actions_get-fork-pr-approval-permissions-organization_{}", short_hash(raw))
        );
    }

    #[test]
    fn words_keep_their_separators() {
        assert_eq!(words("a_b-c"), ["a", "_b", "-c"]);
        assert_eq!(words("-x--y_"), ["-x", "--y", "_"]);
        assert_eq!(words("abc"), ["abc"]);
    }

    #[test]
    fn collisions_resolve_the_same_way_in_any_order() {
        let a = (Some("repos/get"), HttpMethod::Get, "/a");
        let b = (Some("repos_get"), HttpMethod::Get, "/b");
        let c = (Some("Repos_Get"), HttpMethod::Post, "/c");
        // Ids valid as written win over renamed ones; ties break by operationId (byte order).
        assert_eq!(ids(&[a, b, c]), ["repos_get_3", "repos_get_2", "Repos_Get"]);
        assert_eq!(ids(&[c, b, a]), ["Repos_Get", "repos_get_2", "repos_get_3"]);
    }

    #[test]
    fn every_id_is_valid() {
        for raw in ["", "///", "ünïcode", "a b c", "-x-", "$ref", &"x".repeat(300)] {
            let id = &ids(&[(Some(raw), HttpMethod::Patch, "/things/{id}")])[0];
            assert!(!id.is_empty() && id.len() <= 64, "{raw:?} → {id:?}");
            assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'), "{id}");
        }
    }
}

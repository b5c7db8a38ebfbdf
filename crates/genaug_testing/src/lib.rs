//! `genaug_testing` (dev-only) holds what every test suite shares: paths to the workspace's
//! fixtures and examples, insta settings that store snapshots under the top-level `snapshots/<suite>/`
//! (no module prefixes), and the formatting of CLI transcripts. It is never a dependency of a
//! shipped crate.

use std::path::{Path, PathBuf};

/// The workspace root (where the top-level `Cargo.toml` is). Taken from the running test's
/// `CARGO_MANIFEST_DIR` (every crate sits at `crates/<name>`), so a build artifact made from
/// another checkout sharing the target dir cannot point tests at that checkout.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    Path::new(&manifest_dir)
        .ancestors()
        .nth(2)
        .expect("crates sit two levels below the workspace root")
        .to_path_buf()
}

/// `tests/fixtures/<rel>` under the workspace root.
pub fn fixture(rel: &str) -> PathBuf {
    workspace_root().join("tests/fixtures").join(rel)
}

/// insta settings writing to `snapshots/<suite>/` with no module prefix, so snapshot names are
/// `<suite>__<case>.snap`-free and reviewers find them by suite. Bind them around assertions:
/// `genaug_testing::snapshots("compiler").bind(|| insta::assert_snapshot!("case", text))`.
pub fn snapshots(suite: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(workspace_root().join("snapshots").join(suite));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// Formats one CLI run as a reviewable transcript: arguments, exit code, stdout, stderr.
pub fn transcript(args: &[&str], code: Option<i32>, stdout: &str, stderr: &str) -> String {
    let code = code.map_or_else(|| "killed by a signal".to_owned(), |c| c.to_string());
    format!(
        "$ genaug {}\nexit code: {code}\n----- stdout -----\n{stdout}----- stderr -----\n{stderr}",
        args.join(" ")
    )
}

//! The README's command reference is the binary's own `-h` output, so it cannot go stale: this
//! test regenerates the block between `<!-- commands -->` and `<!-- /commands -->` and fails when
//! the README differs. `GENAUG_UPDATE_README=1` rewrites it.

use crate::Sandbox;

const COMMANDS: &[&[&str]] = &[
    &["integrate"],
    &["validate"],
    &["lint"],
    &["rules"],
    &["explain"],
    &["init"],
    &["schema"],
    &["tools", "list"],
    &["tools", "show"],
    &["tools", "toggle"],
    &["diff"],
    &["report"],
    &["verify"],
    &["deploy"],
];

#[test]
fn readme_command_reference_matches_the_binary() {
    let sandbox = Sandbox::new();
    let mut block = String::from(
        "<!-- commands -->\n<!-- generated from `genaug <command> -h` by tests/cli/readme.rs -->\n",
    );
    for command in COMMANDS {
        let mut args = command.to_vec();
        args.push("-h");
        let run = sandbox.run(&args);
        assert_eq!(run.code, Some(0), "{}", run.transcript);
        block.push_str(&format!(
            "\n### `genaug {}`\n\n```text\n{}```\n",
            command.join(" "),
            run.stdout
        ));
    }
    block.push_str("<!-- /commands -->");

    let path = genaug_testing::workspace_root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let start = readme.find("<!-- commands -->").expect("README has <!-- commands -->");
    let end = readme
        .find("<!-- /commands -->")
        .map(|i| i + "<!-- /commands -->".len())
        .unwrap_or(start + "<!-- commands -->".len());
    let updated = format!("{}{}{}", &readme[..start], block, &readme[end..]);
    if std::env::var_os("GENAUG_UPDATE_README").is_some() {
        std::fs::write(&path, updated).expect("write README.md");
    } else {
        assert!(
            readme == updated,
            "the README's command reference is stale: run `GENAUG_UPDATE_README=1 cargo test -p genaug_cli --test cli readme` and commit README.md"
        );
    }
}

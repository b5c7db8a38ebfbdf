//! Command-line arguments (clap derive). Every flag carries its `///` help: it is the CLI's
//! documentation and is snapshotted by the CLI tests.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Compile OpenAPI documents into reviewed agent tool files, and lint them against a policy.
#[derive(Debug, Parser)]
#[command(name = "genaug", version, propagate_version = true, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Flags every subcommand accepts.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// When to colour output: `auto` colours a stream only when it is a terminal and `NO_COLOR`
    /// is not set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub(crate) color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Output format of commands that report results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// Summary and diagnostics for people.
    Human,
    /// One JSON object on stdout (summary, changes and every diagnostic).
    Json,
}

// `validate`, `lint`, `tools`, `init`, `rules` and `explain` are added next to these as their
// own variants and `commands/<name>.rs` modules.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Compile an OpenAPI 3.0/3.1 document into `<name>/genaug-agent.yaml` and
    /// `<name>/tools/<tool id>.yaml`, keeping reviewer edits on regeneration.
    Integrate(Box<IntegrateArgs>),
    /// Print the JSON Schema of a file genaug writes.
    Schema(SchemaArgs),
    /// List, inspect and enable or disable a project's tools (`tools list|show|toggle`).
    Tools(crate::commands::tools::ToolsArgs),
    /// Compare the tool surface of two specs, or of a spec and a project: tools added and
    /// removed, risk escalations, approval and enablement changes, new required inputs.
    Diff(crate::commands::diff::DiffArgs),
}

#[derive(Debug, Args)]
pub(crate) struct IntegrateArgs {
    /// The OpenAPI document: a path, `-` for stdin, or an http(s) URL. JSON or YAML.
    #[arg(value_name = "SPEC")]
    pub(crate) spec: String,

    /// Project name, also its folder name: lower case letters, digits, `.`, `_`, `-` (at most 64,
    /// starting with a letter or digit).
    #[arg(long, value_name = "NAME")]
    pub(crate) name: String,

    /// One line describing the agent project, written into the manifest [default: kept from an
    /// existing manifest, else the spec's `info.title`].
    #[arg(long, value_name = "TEXT")]
    pub(crate) description: Option<String>,

    /// Folder in which the project folder `<NAME>/` is created.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) out: PathBuf,

    /// Only compile operations with this tag (repeatable; any listed tag matches).
    #[arg(long = "include-tag", value_name = "TAG")]
    pub(crate) include_tags: Vec<String>,

    /// Leave out operations with this tag (repeatable; wins over `--include-tag`).
    #[arg(long = "exclude-tag", value_name = "TAG")]
    pub(crate) exclude_tags: Vec<String>,

    /// Only compile operations whose path template matches this glob, e.g. `/pets/**`
    /// (repeatable).
    #[arg(long = "include-path", value_name = "GLOB")]
    pub(crate) include_paths: Vec<String>,

    /// Leave out the operation with this operationId or tool id (repeatable).
    #[arg(long = "exclude-operation", value_name = "ID")]
    pub(crate) exclude_operations: Vec<String>,

    /// Delete the tool files of operations that are no longer in the spec (they are kept and
    /// reported otherwise).
    #[arg(long)]
    pub(crate) prune: bool,

    /// Write nothing; exit 1 when the project on disk differs from what would be written, listing
    /// the differences (the CI drift gate).
    #[arg(long)]
    pub(crate) check: bool,

    /// Follow relative file `$ref`s that leave the spec's folder.
    #[arg(long)]
    pub(crate) allow_outside_refs: bool,

    /// Fetch `http(s)://` `$ref`s (refused by default: untrusted specs must not make requests).
    #[arg(long)]
    pub(crate) allow_remote_refs: bool,

    /// Largest spec accepted, in bytes [default: 268435456 (256 MiB)].
    #[arg(long, value_name = "BYTES")]
    pub(crate) max_size: Option<u64>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub(crate) format: OutputFormat,

    /// Also show, for every tool, the one-line reason for its risk level.
    #[arg(long)]
    pub(crate) explain: bool,
}

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// Which file's schema to print.
    #[arg(value_enum)]
    pub(crate) kind: SchemaKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaKind {
    /// A tool file, `tools/<id>.yaml`.
    Tool,
    /// The project manifest, `genaug-agent.yaml`.
    Manifest,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_flag_has_help() {
        fn walk(command: &clap::Command) {
            for arg in command.get_arguments() {
                let builtin = matches!(arg.get_id().as_str(), "help" | "version");
                assert!(
                    builtin || arg.get_help().is_some(),
                    "`{}` of `{}` has no help",
                    arg.get_id(),
                    command.get_name()
                );
            }
            for sub in command.get_subcommands() {
                walk(sub);
            }
        }
        walk(&Cli::command());
    }

    #[test]
    fn repeatable_filters_collect() {
        let cli = Cli::try_parse_from([
            "genaug",
            "integrate",
            "spec.yaml",
            "--name",
            "acme",
            "--include-tag",
            "a",
            "--include-tag",
            "b",
            "--exclude-operation",
            "x",
        ])
        .expect("parses");
        let Command::Integrate(args) = cli.command else { panic!("integrate") };
        let args = *args;
        assert_eq!(args.include_tags, ["a", "b"]);
        assert_eq!(args.exclude_operations, ["x"]);
        assert_eq!(args.out, PathBuf::from("."));
        assert!(!args.check);
    }
}

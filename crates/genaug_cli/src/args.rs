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
    /// Check an OpenAPI 3.0/3.1 document against the official schema and for problems a schema
    /// cannot express (codes V1xx, V2xx). Exit 0 no errors, 1 errors found, 2 could not run.
    Validate(ValidateArgs),
    /// Check a project's tool files (and manifest) against `genaug-policy.yaml`. Exit 0 clean,
    /// 1 error findings or too many warnings, 2 could not run.
    Lint(LintArgs),
    /// List every lint rule: code, name, default severity, scope and summary.
    Rules(RulesArgs),
    /// Print the documentation of a diagnostic code (lint rule, validate check, compiler or
    /// command code).
    Explain(ExplainArgs),
    /// Write a commented starter `genaug-policy.yaml` (and `schemas/policy.schema.json`).
    Init(InitArgs),
    /// List, inspect and enable or disable a project's tools (`tools list|show|toggle`).
    Tools(crate::commands::tools::ToolsArgs),
    /// Compare the tool surface of two specs, or of a spec and a project: tools added and
    /// removed, risk escalations, approval and enablement changes, new required inputs.
    Diff(crate::commands::diff::DiffArgs),
    /// The launch evidence: spec validation, drift (`integrate --check`) and policy lint of a
    /// project. Exit 0 pass, 1 fail, 2 could not run.
    Verify(crate::commands::verify::VerifyArgs),
    /// Verify a project, then send its manifest and enabled tools to the genaug API (or, with
    /// `--dry-run`, print the bundle). Exit 0 deployed, 1 verify failed, 2 could not deploy.
    Deploy(crate::commands::deploy::DeployArgs),
    /// The reviewer's page of a project: tools by risk, acceptances, lint findings and the
    /// context budget, as Markdown or one self-contained HTML file.
    Report(crate::commands::report::ReportArgs),
}

/// How a spec argument is read and which `$ref`s it may follow (`integrate`, `validate`).
#[derive(Debug, Clone, Copy, Default, Args)]
pub(crate) struct SpecOptions {
    /// Follow relative file `$ref`s that leave the spec's folder.
    #[arg(long)]
    pub(crate) allow_outside_refs: bool,

    /// Fetch `http(s)://` `$ref`s (refused by default: untrusted specs must not make requests).
    #[arg(long)]
    pub(crate) allow_remote_refs: bool,

    /// Largest spec accepted, in bytes [default: 268435456 (256 MiB)].
    #[arg(long, value_name = "BYTES")]
    pub(crate) max_size: Option<u64>,
}

#[derive(Debug, Args)]
pub(crate) struct IntegrateArgs {
    /// The OpenAPI document: a path, `-` for stdin, or an http(s) URL. JSON or YAML [default:
    /// the spec the project's manifest records, so `genaug integrate --check` alone checks an
    /// existing project; read only inside the repository, and a recorded URL must be given
    /// here].
    #[arg(value_name = "SPEC")]
    pub(crate) spec: Option<String>,

    /// Project name, also its folder name: lower case letters, digits, `.`, `_`, `-` (at most 64,
    /// starting with a letter or digit) [default: the one existing project in `--out`, that
    /// folder itself or its one subfolder holding a genaug-agent.yaml].
    #[arg(long, value_name = "NAME")]
    pub(crate) name: Option<String>,

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

    #[command(flatten)]
    pub(crate) spec_options: SpecOptions,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub(crate) format: OutputFormat,

    /// Also show, for every tool, the one-line reason for its risk level.
    #[arg(long)]
    pub(crate) explain: bool,

    /// Treat any error `genaug validate` finds in the spec as fatal: write nothing and exit 2.
    /// Without it, tools are still written (exit 1) and each problem is reported.
    #[arg(long)]
    pub(crate) strict: bool,
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

/// Output format of commands that report diagnostics (`validate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    /// Diagnostics with source snippets, then a summary line.
    Human,
    /// The stable JSON array of diagnostics (one object per finding).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow annotations (`::error file=…`).
    Github,
}

/// Output format of `genaug lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LintFormat {
    /// Diagnostics with source snippets, then a summary line.
    Human,
    /// The stable JSON array of diagnostics (one object per finding).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow annotations (`::error file=…`).
    Github,
    /// JUnit XML: one test case per checked file, a failure for each file with error findings.
    Junit,
}

/// The least severe findings shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MinSeverity {
    /// Errors only.
    Error,
    /// Errors and warnings.
    Warning,
    /// Everything.
    Info,
}

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// The OpenAPI document: a path, `-` for stdin, or an http(s) URL. JSON or YAML.
    #[arg(value_name = "SPEC")]
    pub(crate) spec: String,

    /// Output format (machine formats print only the document on stdout).
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub(crate) format: ReportFormat,

    /// Show only findings at least this severe (the exit status still counts every error).
    #[arg(long, value_enum, default_value_t = MinSeverity::Info)]
    pub(crate) severity: MinSeverity,

    #[command(flatten)]
    pub(crate) spec_options: SpecOptions,
}

#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    /// A project folder (with `genaug-agent.yaml`), its tools folder, or tool files (as
    /// pre-commit passes them; the project is found by walking up) [default: .].
    #[arg(value_name = "PATHS")]
    pub(crate) paths: Vec<std::path::PathBuf>,

    /// The policy file [default: `genaug-policy.yaml` next to the project's manifest; built-in
    /// defaults when there is none].
    #[arg(long, value_name = "FILE")]
    pub(crate) policy: Option<std::path::PathBuf>,

    /// Also check the tools against what this OpenAPI document generates now (drift: removed or
    /// changed operations). A path, `-` for stdin, or an http(s) URL.
    #[arg(long, value_name = "SPEC")]
    pub(crate) spec: Option<String>,

    /// Output format (machine formats print only the document on stdout).
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub(crate) format: LintFormat,

    /// Exit 1 when there are more than this many warnings (counted before `--severity`).
    #[arg(long, value_name = "N")]
    pub(crate) max_warnings: Option<usize>,

    /// Show only findings at least this severe (the exit status still counts every error).
    #[arg(long, value_enum, default_value_t = MinSeverity::Info)]
    pub(crate) severity: MinSeverity,
}

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    /// Output format: a table, or one JSON array.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub(crate) format: OutputFormat,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// A code such as `R201`, `V202`, `C101` or `F004` (case does not matter).
    #[arg(value_name = "CODE")]
    pub(crate) code: String,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Folder to write `genaug-policy.yaml` into: the project folder, next to
    /// `genaug-agent.yaml`.
    #[arg(value_name = "DIR", default_value = ".")]
    pub(crate) dir: std::path::PathBuf,

    /// Replace an existing `genaug-policy.yaml`.
    #[arg(long)]
    pub(crate) force: bool,
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

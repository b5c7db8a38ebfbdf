//! `genaug`: the command-line shell around the genaug crates. It parses arguments, calls the
//! library crates, writes files, prints summaries and diagnostics, and maps the outcome to an
//! exit status. It is the only crate that prints or writes project files; the libraries return
//! values and diagnostics.
//!
//! Layout: `args.rs` (clap), `commands/<name>.rs` (one per subcommand), `output.rs` (streams,
//! colour, diagnostic rendering), `exit_status.rs` (the documented exit codes).

mod args;
mod codes;
mod commands;
mod common;
mod exit_status;
mod output;

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let output = output::Output::new(cli.global.color);
    let status = commands::run(cli.command, &output);
    ExitCode::from(status.code())
}

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

use crate::exit_status::ExitStatus;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Stack of the thread that runs the command: more than the 8 MB a main thread gets, for the
/// recursion a deeply nested (but accepted) document may cause. Only the pages used are memory.
const COMMAND_STACK: usize = 32 << 20;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let output = output::Output::new(cli.global.color);
    // The command runs on its own thread, and `main` only waits for it. Besides the stack, this
    // keeps the allocator's exit-time cleanup (which works on the exiting thread's heap) from
    // returning every page the command freed to the OS one call at a time: ~7 ms on GitHub's
    // spec, for memory the OS reclaims at exit anyway.
    let command = std::sync::Mutex::new(Some(cli.command));
    let run = || command.lock().ok()?.take().map(|command| commands::run(command, &output));
    let status = std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("genaug".into())
            .stack_size(COMMAND_STACK)
            .spawn_scoped(scope, run);
        match thread {
            Ok(thread) => thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: run the command here.
            Err(_) => run(),
        }
    });
    ExitCode::from(status.unwrap_or(ExitStatus::Failure).code())
}

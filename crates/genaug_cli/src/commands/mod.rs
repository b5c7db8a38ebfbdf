//! One module per subcommand. Each builds a plain request, calls the libraries, prints through
//! [`Output`] and returns an [`ExitStatus`]. New subcommands (`validate`, `lint`, `tools`, `init`,
//! `rules`, `explain`) are added as `commands/<name>.rs` and a match arm here.

pub(crate) mod deploy;
pub(crate) mod diff;
mod explain;
mod init;
mod input;
mod integrate;
mod lint;
pub(crate) mod report;
mod rules;
mod schema;
pub(crate) mod tools;
mod validate;
pub(crate) mod verify;

use crate::args::Command;
use crate::exit_status::ExitStatus;
use crate::output::Output;

pub(crate) fn run(command: Command, output: &Output) -> ExitStatus {
    match command {
        Command::Integrate(args) => integrate::run(&args, output),
        Command::Schema(args) => schema::run(&args, output),
        Command::Validate(args) => validate::run(&args, output),
        Command::Lint(args) => lint::run(&args, output),
        Command::Rules(args) => rules::run(&args, output),
        Command::Explain(args) => explain::run(&args, output),
        Command::Init(args) => init::run(&args, output),
        Command::Tools(args) => tools::run(&args, output),
        Command::Diff(args) => diff::run(&args, output),
        Command::Verify(args) => verify::run(&args, output),
        Command::Deploy(args) => deploy::run(&args, output),
        Command::Report(args) => report::run(&args, output),
    }
}

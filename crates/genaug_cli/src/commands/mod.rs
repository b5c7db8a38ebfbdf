//! One module per subcommand. Each builds a plain request, calls the libraries, prints through
//! [`Output`] and returns an [`ExitStatus`]. New subcommands (`validate`, `lint`, `tools`, `init`,
//! `rules`, `explain`) are added as `commands/<name>.rs` and a match arm here.

pub(crate) mod diff;
mod integrate;
mod schema;
pub(crate) mod tools;

use crate::args::Command;
use crate::exit_status::ExitStatus;
use crate::output::Output;

pub(crate) fn run(command: Command, output: &Output) -> ExitStatus {
    match command {
        Command::Integrate(args) => integrate::run(&args, output),
        Command::Schema(args) => schema::run(&args, output),
        Command::Tools(args) => tools::run(&args, output),
        Command::Diff(args) => diff::run(&args, output),
    }
}

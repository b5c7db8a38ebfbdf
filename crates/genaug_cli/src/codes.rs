//! Diagnostic codes raised by the CLI itself (the libraries own theirs). Never reuse a code.
//!
//! | code | severity | meaning |
//! |---|---|---|
//! | F301 | error | `--name` is not a safe project folder name |
//! | F302 | error | an existing tool file or manifest is not a valid genaug file |
//! | F303 | error | the existing project could not be read (I/O) |
//! | F304 | error | the project could not be written (I/O); the previous state is kept |
//! | F305 | error | the compiler produced a tool id that is not a safe file name (a bug) |
//! | C201 | warning | a tool file that will be rewritten has comments or hand formatting |

pub(crate) const INVALID_NAME: &str = "F301";
pub(crate) const INVALID_EXISTING_FILE: &str = "F302";
pub(crate) const READ_PROJECT: &str = "F303";
pub(crate) const WRITE_PROJECT: &str = "F304";
pub(crate) const UNSAFE_TOOL_ID: &str = "F305";
pub(crate) const LOST_COMMENTS: &str = "C201";

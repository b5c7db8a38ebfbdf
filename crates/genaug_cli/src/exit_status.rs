//! The exit status of every `genaug` command.

/// How a run ended. Scripts and CI read only this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExitStatus {
    /// `0`: the command ran and found no error-level findings.
    Success,
    /// `1`: the command ran and found at least one error-level finding, or `--check` found that
    /// generated files on disk are out of date.
    Findings,
    /// `2`: the command could not run (bad arguments, unreadable or invalid input, an I/O error).
    /// Nothing was written.
    Failure,
}

impl ExitStatus {
    pub(crate) fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Failure => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ExitStatus;

    #[test]
    fn codes_are_stable() {
        assert_eq!(ExitStatus::Success.code(), 0);
        assert_eq!(ExitStatus::Findings.code(), 1);
        assert_eq!(ExitStatus::Failure.code(), 2);
    }
}

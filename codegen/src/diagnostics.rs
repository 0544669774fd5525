//! Spec errors that name the file and the spec path they come from.

use std::fmt;

/// One problem in a spec: `spec/cvm/v20170312/actions/RunInstances.yaml: actions.RunInstances.input.Placement: unknown type 'Placment'`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub file: String,
    pub path: String,
    pub message: String,
}

impl SpecError {
    pub fn new(file: &str, path: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.path, self.message)
        }
    }
}

/// Every error found in a run, reported together.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub errors: Vec<SpecError>,
}

impl Diagnostics {
    pub fn push(&mut self, error: SpecError) {
        self.errors.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
}

/// The error a failed run returns: all spec errors, one per line.
#[derive(Debug)]
pub struct SpecErrors(pub Vec<SpecError>);

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(f, "{n} spec error{}:", if n == 1 { "" } else { "s" })?;
        for error in &self.0 {
            writeln!(f, "  {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecErrors {}

//! What a generated builder's `build()` does with its fields (see `__builder!`): take a required one
//! (optional ones are taken as they are) and check documented bounds, naming the struct and the field.

// Generated modules call these; a runtime-only build (no service) uses none of them.
#![allow(dead_code)]

use super::{BuildError, SensitiveString};

/// A required field of a request: its value, or `MissingField`.
pub(crate) fn required<T>(
    value: Option<T>,
    structure: &'static str,
    field: &'static str,
) -> Result<T, BuildError> {
    value.ok_or(BuildError::MissingField { structure, field })
}

/// A required field of a data type (stored as an `Option`, since responses reuse the type).
pub(crate) fn required_some<T>(
    value: Option<T>,
    structure: &'static str,
    field: &'static str,
) -> Result<Option<T>, BuildError> {
    required(value, structure, field).map(Some)
}

/// Text whose length and characters a builder checks.
pub(crate) trait Text {
    fn text(&self) -> &str;
}

impl Text for String {
    fn text(&self) -> &str {
        self
    }
}

impl Text for SensitiveString {
    fn text(&self) -> &str {
        self.expose()
    }
}

/// A number a builder checks against a documented range.
pub(crate) trait Number: Copy {
    fn as_f64(self) -> f64;
}

impl Number for i64 {
    fn as_f64(self) -> f64 {
        self as f64
    }
}

impl Number for f64 {
    fn as_f64(self) -> f64 {
        self
    }
}

/// The number of items of a set array.
pub(crate) fn items<T>(
    value: &Option<Vec<T>>,
    structure: &'static str,
    field: &'static str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), BuildError> {
    match value {
        Some(items) => BuildError::check_items(structure, field, items.len(), min, max),
        None => Ok(()),
    }
}

/// The length in characters of set text.
pub(crate) fn length<T: Text>(
    value: &Option<T>,
    structure: &'static str,
    field: &'static str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), BuildError> {
    match value {
        Some(value) => BuildError::check_length(structure, field, value.text(), min, max),
        None => Ok(()),
    }
}

/// Set text holds printable ASCII only.
pub(crate) fn ascii<T: Text>(
    value: &Option<T>,
    structure: &'static str,
    field: &'static str,
) -> Result<(), BuildError> {
    match value {
        Some(value) => BuildError::check_ascii(structure, field, value.text()),
        None => Ok(()),
    }
}

/// A set number lies in its documented range.
pub(crate) fn range<T: Number>(
    value: &Option<T>,
    structure: &'static str,
    field: &'static str,
    min: Option<f64>,
    max: Option<f64>,
) -> Result<(), BuildError> {
    match value {
        Some(value) => BuildError::check_range(structure, field, value.as_f64(), min, max),
        None => Ok(()),
    }
}

/// `Debug` of a generated builder: its name, then what `build()` gives now.
pub(crate) fn debug_builder<T: std::fmt::Debug>(
    builder: &str,
    built: &Result<T, BuildError>,
    f: &mut std::fmt::Formatter<'_>,
) -> std::fmt::Result {
    f.debug_tuple(builder).field(built).finish()
}

//! Encoding of the generated request structs and data types: the fields a generated `Serialize`
//! impl writes (see `__encode_struct!`), required ones always, optional ones only when set.

// Generated modules call these; a runtime-only build (no service) uses none of them.
#![allow(dead_code)]

use serde::ser::SerializeStruct;
use serde::Serialize;

/// Writes a required field.
pub(crate) fn required<S: SerializeStruct, T: Serialize>(
    out: &mut S,
    key: &'static str,
    value: &T,
) -> Result<(), S::Error> {
    out.serialize_field(key, value)
}

/// Writes an optional field when it is set (an absent field is left out, never `null`).
pub(crate) fn optional<S: SerializeStruct, T: Serialize>(
    out: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(value) => out.serialize_field(key, value),
        None => out.skip_field(key),
    }
}

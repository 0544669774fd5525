//! Encoding of the generated request structs and data types: the fields a generated `Serialize`
//! impl writes (see `__encode_struct!`), required ones always, optional ones only when set.

// Generated modules call these; a runtime-only build (no service) uses none of them.
#![allow(dead_code)]

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// The struct being written by a generated `Serialize` impl: each field is one method call (no
/// `?` per field in generated code); the first error is kept and ends the writing.
pub struct Fields<S: Serializer> {
    state: Result<S::SerializeStruct, S::Error>,
}

impl<S: Serializer> Fields<S> {
    /// Starts the struct `name` of `len` fields.
    pub fn start(serializer: S, name: &'static str, len: usize) -> Self {
        Self {
            state: serializer.serialize_struct(name, len),
        }
    }

    /// Writes a required field.
    pub fn required<T: Serialize>(&mut self, key: &'static str, value: &T) {
        if let Ok(out) = &mut self.state {
            if let Err(error) = out.serialize_field(key, value) {
                self.state = Err(error);
            }
        }
    }

    /// Writes an optional field when it is set (an absent field is left out, never `null`).
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if let Ok(out) = &mut self.state {
            let written = match value {
                Some(value) => out.serialize_field(key, value),
                None => out.skip_field(key),
            };
            if let Err(error) = written {
                self.state = Err(error);
            }
        }
    }

    /// Ends the struct, or returns the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.state?.end()
    }
}

//! Macros the generated code expands for the boilerplate of every value-set enum and every
//! per-action error enum, so that generated modules carry only the tables (not a stable API).

/// The impls of a value-set enum: `VALUES`, `as_str`, `From<&str>`, `From<String>`, `FromStr`,
/// `Display`, and serde as the wire string (unknown values kept in `Unknown`).
#[doc(hidden)]
#[macro_export]
macro_rules! __string_enum {
    ($name:ident { $($variant:ident => $wire:literal),* $(,)? }) => {
        impl $name {
            /// Every documented value, in documentation order.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }
        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }
        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::de::enum_value(deserializer).map(Self::from)
            }
        }
    };
}

/// The impls of an action's error enum: `meta`, `code`, `message`, `request_id`, `is_retryable`,
/// one `is_*` predicate per variant, `Display`, `Error` and `ServiceError`. (The mapping from a
/// code to a variant, `From<ServiceErrorMeta>`, is generated next to it.)
#[doc(hidden)]
#[macro_export]
macro_rules! __service_error {
    ($name:ident { $($variant:ident => $predicate:ident, $code:literal;)* }) => {
        impl $name {
            /// Code, message and request id of the error.
            pub fn meta(&self) -> &$crate::runtime::ServiceErrorMeta {
                match self {
                    $(Self::$variant(meta))|* | Self::Unhandled(meta) => meta,
                }
            }
            /// The error code, e.g. `InvalidParameterValue`.
            pub fn code(&self) -> &str {
                self.meta().code()
            }
            /// The server's message.
            pub fn message(&self) -> &str {
                self.meta().message()
            }
            /// The request id, for support.
            pub fn request_id(&self) -> &str {
                self.meta().request_id()
            }
            /// Whether retrying the same request may succeed (throttling, internal errors).
            pub fn is_retryable(&self) -> bool {
                self.meta().is_retryable()
            }
            $(
                #[doc = concat!(" Whether this is `", $code, "`.")]
                pub fn $predicate(&self) -> bool {
                    ::std::matches!(self, Self::$variant(_))
                }
            )*
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.meta(), f)
            }
        }
        impl ::std::error::Error for $name {}
        impl $crate::runtime::ServiceError for $name {
            fn meta(&self) -> &$crate::runtime::ServiceErrorMeta {
                $name::meta(self)
            }
        }
    };
}
